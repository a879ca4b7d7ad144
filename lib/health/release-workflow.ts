import type { HealthContext } from "./context";
import type { TagInfo } from "./types";
import { normalizeWorkflowPath, type ParsedWorkflow, tagPatternMatches } from "./workflows";

function pick(candidates: ParsedWorkflow[], tag: TagInfo): ParsedWorkflow | null {
  const release = candidates.filter((workflow) => workflow.isRelease);
  const matching = release.filter((workflow) => tagPatternMatches(workflow, tag.name));
  if (matching.length > 0)
    return matching.find((workflow) => workflow.dispatch) ?? matching[0] ?? null;
  if (release.length === 1) return release[0] ?? null;
  // Several release workflows, none matching: the one that runs on tag pushes is the one to fix.
  const tagTriggered = release.filter(
    (workflow) => workflow.push?.tags || workflow.push?.tagsIgnore,
  );
  return tagTriggered.length === 1 ? (tagTriggered[0] ?? null) : null;
}

/** The workflow with this path, as it is at the tag (else on the default branch). */
export function findWorkflow(
  tag: TagInfo,
  context: HealthContext,
  path: string,
): ParsedWorkflow | null {
  const clean = normalizeWorkflowPath(path);
  return (
    context.workflowsAt(tag).find((workflow) => workflow.path === clean) ??
    context.headWorkflows.find((workflow) => workflow.path === clean) ??
    null
  );
}

/** The `on: release` workflow that should have attached assets to a tag's release. */
export function findReleaseTriggeredWorkflow(
  tag: TagInfo,
  context: HealthContext,
): ParsedWorkflow | null {
  return (
    context.workflowsAt(tag).find((workflow) => workflow.release) ??
    context.headWorkflows.find((workflow) => workflow.release) ??
    null
  );
}

/** The release workflow that should ship a tag: its tag pattern matches, else the only release workflow. */
export function chooseReleaseWorkflow(tag: TagInfo, context: HealthContext): ParsedWorkflow | null {
  return pick(context.workflowsAt(tag), tag) ?? pick(context.headWorkflows, tag);
}
