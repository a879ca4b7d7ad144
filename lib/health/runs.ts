import type { TagInfo, WorkflowRunInfo } from "./types";
import { normalizeWorkflowPath } from "./workflows";

const PENDING_STATUSES = new Set(["queued", "in_progress", "waiting", "pending", "requested"]);
const FAILED_CONCLUSIONS = new Set([
  "failure",
  "timed_out",
  "cancelled",
  "startup_failure",
  "action_required",
  "stale",
]);
// Events by which a release workflow runs for a tag; branch pushes and pull requests are CI.
const TAG_EVENTS = new Set([
  "push",
  "workflow_dispatch",
  "release",
  "workflow_call",
  "repository_dispatch",
  "create",
  "workflow_run",
]);
// Events by which a release bot's run on a branch makes the tag itself.
const BOT_EVENTS = new Set(["push", "workflow_dispatch", "schedule"]);

/** GitHub refuses to re-run a run more than 30 days after it started. */
export const RERUN_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Whether a run has not finished yet. */
export function isRunPending(run: WorkflowRunInfo): boolean {
  return PENDING_STATUSES.has(run.status);
}

/** Whether a finished run did not succeed (failure, timed out, cancelled, ...). */
export function isRunFailed(run: WorkflowRunInfo): boolean {
  return (
    run.status === "completed" && run.conclusion !== null && FAILED_CONCLUSIONS.has(run.conclusion)
  );
}

/** Whether GitHub still lets a run be re-run at `now`. */
export function isRerunnable(run: WorkflowRunInfo, now: Date): boolean {
  const started = Date.parse(run.createdAt);
  return !Number.isNaN(started) && now.getTime() - started < RERUN_WINDOW_MS;
}

function time(date: string): number {
  const value = Date.parse(date);
  return Number.isNaN(value) ? 0 : value;
}

/**
 * The runs of release workflows on a tag's commit that were for this tag, newest first, one per run
 * id. `botPath` is a workflow that makes its own tags (a release bot): its branch runs on the
 * tag's commit are the runs that created the tag.
 */
export function getReleaseRuns(
  tag: TagInfo,
  releaseWorkflowPaths: ReadonlySet<string>,
  botPath: string | null = null,
): WorkflowRunInfo[] {
  const byId = new Map<number, WorkflowRunInfo>();
  for (const run of tag.runs) {
    const path = normalizeWorkflowPath(run.workflowPath);
    const botRun = path === botPath && run.branch !== null && BOT_EVENTS.has(run.event);
    if (!botRun) {
      if (!releaseWorkflowPaths.has(path)) continue;
      // A workflow_run run carries its upstream's branch: main when a bot tagged from main.
      const chained = run.event === "workflow_run";
      if (run.branch !== null && run.branch !== tag.name && !chained) continue;
      if (!TAG_EVENTS.has(run.event)) continue;
    }
    // A re-run keeps its id: the later entry (or the one created later) is the current attempt.
    const known = byId.get(run.id);
    if (!known || time(run.createdAt) >= time(known.createdAt)) byId.set(run.id, run);
  }
  return [...byId.values()].sort((a, b) => time(b.createdAt) - time(a.createdAt) || b.id - a.id);
}
