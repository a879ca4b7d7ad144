// Kept apart from pipeline-fix.ts so the tag row can ask without loading the YAML parser.

/** What the tag row offers beyond re-dispatching this one tag. */
export type PipelineFixOffer = "fix-pipeline" | "enable-and-dispatch" | null;

/**
 * Whether a tag's cause may be cured for the tags after it: in the files (pushed with
 * GITHUB_TOKEN, or a release workflow without workflow_dispatch), or by enabling the workflow.
 * Whether tagwatch is confident where to edit is only known from the files (the preview says).
 */
export function pipelineFixOffer(tag: {
  status: string;
  findings: { cause?: string }[];
  releaseWorkflow: { hasDispatchTrigger: boolean; state: string | null } | null;
}): PipelineFixOffer {
  const workflow = tag.releaseWorkflow;
  if (!workflow || tag.status === "healthy" || tag.status === "run-pending") return null;
  if (tag.findings.some((finding) => finding.cause === "workflow-disabled")) {
    return "enable-and-dispatch";
  }
  if (tag.findings.some((finding) => finding.cause === "github-token")) return "fix-pipeline";
  if (!workflow.hasDispatchTrigger && tag.status === "not-triggered") return "fix-pipeline";
  return null;
}
