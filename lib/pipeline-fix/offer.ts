// THE rule of which pipeline fix a tag's cause calls for: the tag row offers it, the API plans
// it. Kept apart from the planner so the tag row can ask without loading the YAML parser.

/** The cure for the tags after this one: a file fix (a pull request) or enabling the workflow. */
export type PipelineFixKind = "dispatch-step" | "dispatch-trigger" | "enable";

/** What the tag row offers beyond re-dispatching this one tag. */
export type PipelineFixOffer = "fix-pipeline" | "enable-and-dispatch" | null;

type TagCause = {
  status: string;
  findings: { cause?: string }[];
  releaseWorkflow: { hasDispatchTrigger: boolean; state: string | null } | null;
};

/**
 * Which cure a tag's cause calls for: enabling a disabled release workflow; a step that
 * dispatches it after the tagging step (a tag pushed with GITHUB_TOKEN); or a workflow_dispatch
 * trigger (a never-triggered tag whose release workflow cannot be dispatched). Null otherwise.
 */
export function pipelineFixFor(tag: TagCause): PipelineFixKind | null {
  const workflow = tag.releaseWorkflow;
  if (!workflow || tag.status === "healthy" || tag.status === "run-pending") return null;
  if (tag.findings.some((finding) => finding.cause === "workflow-disabled")) return "enable";
  if (tag.findings.some((finding) => finding.cause === "github-token")) return "dispatch-step";
  if (!workflow.hasDispatchTrigger && tag.status === "not-triggered") return "dispatch-trigger";
  return null;
}

/**
 * Whether a tag's cause may be cured for the tags after it: in the files (Fix the pipeline), or
 * by enabling the workflow. Whether tagwatch is confident where to edit is only known from the
 * files (the preview says).
 */
export function pipelineFixOffer(tag: TagCause): PipelineFixOffer {
  const kind = pipelineFixFor(tag);
  if (kind === null) return null;
  return kind === "enable" ? "enable-and-dispatch" : "fix-pipeline";
}
