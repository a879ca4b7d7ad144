import { dispatchCommand, rerunCommand } from "@/lib/health/commands";
import type { HealthContext } from "@/lib/health/context";
import { findWorkflow } from "@/lib/health/release-workflow";
import { isRerunnable, isRunFailed, isRunPending } from "@/lib/health/runs";
import type { ReleaseWorkflowRef, TagInfo, TagStatus, WorkflowRunInfo } from "@/lib/health/types";
import { getVersion } from "@/lib/health/versions";
import { writeRefusal } from "./access";
import { planDispatchInputs } from "./inputs";
import type { TagAction } from "./types";

// What a flagged tag's row offers, decided from the core's judgement alone (pure): re-run the
// run that failed while GitHub still re-runs it, else dispatch the release workflow on the tag,
// with its inputs planned and the reason when the viewer cannot.

const ACTIONABLE = new Set<TagStatus>([
  "not-triggered",
  "run-failed",
  "missing-release",
  "missing-assets",
]);

function accessBlocker(context: HealthContext, doing: string): string | null {
  const { snapshot, repository } = context;
  const { isArchived, viewerPermission } = snapshot;
  return writeRefusal(
    { repository, isArchived, viewerPermission },
    doing,
    "nothing can be dispatched or re-run",
  );
}

function stateBlocker(workflow: ReleaseWorkflowRef): string | null {
  if (workflow.state === null || workflow.state === "active") return null;
  return `${workflow.file} is disabled (${workflow.state}): enable it in the repository's Actions tab first.`;
}

function dispatchAction(
  tag: TagInfo,
  workflow: ReleaseWorkflowRef,
  context: HealthContext,
): TagAction {
  const atTag = context.workflowsAt(tag).find((candidate) => candidate.path === workflow.path);
  const triggerBlocker = workflow.hasDispatchTrigger
    ? null
    : atTag
      ? `${workflow.file} at ${tag.name} has no workflow_dispatch trigger; add it under on: (a dispatched run uses the file as it is at the tag, so the change helps tags pushed after it).`
      : `${workflow.file} does not exist at ${tag.name}, and a dispatched run uses the workflow file as it is at the tag.`;
  const reason = accessBlocker(context, "dispatching") ?? stateBlocker(workflow) ?? triggerBlocker;
  const yamlToAdd = workflow.hasDispatchTrigger
    ? null
    : (findWorkflow(tag, context, workflow.path)?.dispatchYaml ?? "  workflow_dispatch:");
  // A dispatched run reads the file as it is at the tag: so do its inputs.
  const declared = atTag?.inputs ?? [];
  const release = context.releaseFor(tag.name);
  const plan = planDispatchInputs(declared, tag.name, {
    text: atTag?.text,
    prerelease: release ? release.isPrerelease : getVersion(tag.name).includes("-"),
  });
  return {
    kind: "dispatch",
    workflow,
    ref: tag.name,
    available: reason === null,
    reason,
    yamlToAdd,
    declaredInputs: declared,
    inputs: plan.inputs,
    suggestions: plan.suggestions,
    needsReview: plan.needsReview,
    reviewReasons: plan.reviewReasons,
    command: dispatchCommand(workflow.file, tag.name, context.repository, plan.inputs),
  };
}

function rerunAction(
  run: WorkflowRunInfo,
  workflow: ReleaseWorkflowRef | null,
  context: HealthContext,
): TagAction {
  const reason = accessBlocker(context, "re-running") ?? (workflow ? stateBlocker(workflow) : null);
  return {
    kind: "rerun",
    runId: run.id,
    runUrl: run.url,
    available: reason === null,
    reason,
    command: rerunCommand(run.id, context.repository),
  };
}

/** What the dashboard offers for a tag: re-run a recent failed run, else dispatch the release workflow. */
export function getTagAction(
  tag: TagInfo,
  status: TagStatus,
  runs: WorkflowRunInfo[],
  workflow: ReleaseWorkflowRef | null,
  context: HealthContext,
): TagAction | null {
  if (!ACTIONABLE.has(status)) return null;
  // A workflow that listens to `released` only was built for full releases: dispatching it for a
  // prerelease would publish it as one.
  const release = context.releaseFor(tag.name);
  const onlyReleased =
    workflow?.trigger === "release" &&
    workflow.releaseTypes.length > 0 &&
    workflow.releaseTypes.every((type) => type === "released");
  if (onlyReleased && release?.isPrerelease) return null;
  const newest = runs[0];
  // A release bot's run made the tag: re-running it is the fix, a dispatch on the tag never is.
  if (workflow?.trigger === "release-bot") {
    return newest && !isRunPending(newest) && isRerunnable(newest, context.now)
      ? rerunAction(newest, workflow, context)
      : null;
  }
  if (
    status === "run-failed" &&
    newest &&
    isRunFailed(newest) &&
    isRerunnable(newest, context.now)
  ) {
    return rerunAction(newest, workflow, context);
  }
  return workflow ? dispatchAction(tag, workflow, context) : null;
}
