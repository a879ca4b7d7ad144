import { dispatchWorkflow } from "./dispatch";
import type { Commit, PushReport, Repo } from "./model";
import { parseTriggers, pushStarts } from "./workflow-rules";
import type { World } from "./world";

// The simulator does not execute workflow steps. One step shape is modelled because tagwatch's
// pipeline fix inserts it: when github-actions[bot] pushes tags (the run of a workflow that
// starts on a push to the default branch), and that workflow has a step running
// `gh workflow run <file> ... --ref ...`, the step dispatches <file> on each pushed tag — a
// workflow_dispatch made with GITHUB_TOKEN does start a run, unlike the tag push itself.

const DISPATCH_STEP = /\bgh\s+workflow\s+run\s+["']?([\w.-]+\.ya?ml)["']?[^\n]*--ref\b/g;

/** The release workflows a branch-push workflow at `commit` dispatches after it pushes tags. */
export function dispatchedByTaggingWorkflows(repo: Repo, commit: Commit, world: World): string[] {
  const files = new Set<string>();
  for (const file of world.workflowFiles(commit)) {
    if (!pushStarts(file.triggers, { type: "branch", name: repo.defaultBranch })) continue;
    for (const match of file.text.matchAll(DISPATCH_STEP)) if (match[1]) files.add(match[1]);
  }
  return [...files];
}

/** Dispatches those workflows on each tag the bot pushed; adds the runs to the push report. */
export function runDispatchSteps(
  world: World,
  repo: Repo,
  tags: string[],
  report: PushReport,
): void {
  const head = world.head(repo);
  if (!head) return;
  for (const file of dispatchedByTaggingWorkflows(repo, head, world)) {
    const workflow = world.workflowByPath(repo, `.github/workflows/${file}`);
    if (workflow?.state !== "active") continue;
    for (const tag of tags) {
      const commit = world.resolveCommit(repo, `refs/tags/${tag}`);
      const text = commit?.files.get(workflow.path);
      // As on GitHub: the dispatched run reads the file at the tag, which needs workflow_dispatch.
      if (!commit || text === undefined || !parseTriggers(text).workflowDispatch) continue;
      const run = dispatchWorkflow(
        world,
        repo,
        workflow,
        { name: tag, type: "tag", commit },
        "github-actions[bot]",
      );
      report.runs.push({
        id: run.id,
        workflow: workflow.path,
        ref: tag,
        event: "workflow_dispatch",
      });
    }
  }
}
