import {
  type HistoryOutcome,
  nodeId,
  type OutcomeFor,
  type Repo,
  type Run,
  type RunEffect,
  type RunStatus,
  type Workflow,
} from "./model";
import { applyEffect, createTagInRun } from "./publish";
import { workflowRunStarts } from "./workflow-rules";
import type { World } from "./world";

// Workflow runs: creating one (a history run sits in its final state, a live one moves queued ->
// in_progress -> completed by the clock), applying what completed live runs publish, the
// `workflow_run` chains they start, and re-runs.

/**
 * A run of `workflow`: a history run is created in its final (or stuck) state with its effects; a
 * live run starts queued and moves on by the clock (tick). Either way its `workflow_run` followers
 * start.
 */
export function createRun(
  world: World,
  repo: Repo,
  workflow: Workflow,
  options: {
    event: string;
    headBranch: string | null;
    headSha: string;
    actor: string;
    branch: string | null;
    tag: string | null;
    at: number;
    history: boolean;
    outcome?: HistoryOutcome;
    /** Outcomes of `workflow_run` runs this run starts (history). */
    outcomeFor?: OutcomeFor;
    chainDepth?: number;
    inputs?: Record<string, string> | null;
    /** The run creates `tag` itself, at this commit. */
    createTagAt?: string | null;
    prerelease?: boolean;
  },
): Run {
  const id = world.nextId("run");
  const checkSuiteId = world.nextId("checkSuite");
  const runNumber = (repo.runNumbers.get(workflow.id) ?? 0) + 1;
  repo.runNumbers.set(workflow.id, runNumber);
  const behaviour = world.configOf(repo, workflow.path).release;
  const outcome = options.outcome ?? {};
  const effect: RunEffect | null =
    behaviour && options.tag
      ? {
          tag: options.tag,
          behaviour,
          draft: options.history ? (outcome.draft ?? behaviour.draft) : false,
          skipUploads: options.history ? (outcome.skipUploads ?? []) : [],
          extraAssets: options.history ? (outcome.extraAssets ?? []) : [],
          complete: !options.history,
          createTagAt: options.createTagAt ?? null,
          ...(options.prerelease !== undefined ? { prerelease: options.prerelease } : {}),
        }
      : null;
  const createdAt = options.at + 5_000;
  const run: Run = {
    id,
    nodeId: nodeId("WorkflowRun", id),
    workflowId: workflow.id,
    path: workflow.path,
    name: workflow.name,
    runNumber,
    runAttempt: 1,
    event: options.event,
    headBranch: options.headBranch,
    headSha: options.headSha,
    actor: options.actor,
    triggeringActor: options.actor,
    createdAt,
    runStartedAt: createdAt,
    branch: options.branch,
    checkSuiteId,
    checkSuiteNodeId: nodeId("CheckSuite", checkSuiteId),
    fixed: null,
    lifecycle: null,
    effect,
    inputs: options.inputs ?? null,
    chainDepth: options.chainDepth ?? 1,
  };
  if (options.history) {
    const status = outcome.status ?? "completed";
    const conclusion = status === "completed" ? (outcome.conclusion ?? "success") : null;
    const updatedAt =
      status === "completed" ? createdAt + historyDuration(run) : createdAt + 30_000;
    run.fixed = { status, conclusion, updatedAt };
    repo.runs.push(run);
    startWorkflowRunChain(world, repo, run, "requested", createdAt, true, options.outcomeFor);
    if (status !== "queued")
      startWorkflowRunChain(world, repo, run, "in_progress", createdAt, true, options.outcomeFor);
    if (conclusion === "success" && effect) applyEffect(world, repo, effect, updatedAt);
    else if (effect?.createTagAt && outcome.after === "tag")
      createTagInRun(world, repo, effect.tag, effect.createTagAt, updatedAt - 60_000);
    if (status === "completed")
      startWorkflowRunChain(world, repo, run, "completed", updatedAt, true, options.outcomeFor);
  } else {
    run.lifecycle = {
      startedAt: world.now(),
      stepMs: world.runStepMs,
      applied: false,
      notified: "queued",
    };
    run.createdAt = world.now();
    run.runStartedAt = run.createdAt;
    repo.runs.push(run);
    world.emit({ kind: "workflow_run", repo, run, action: "requested" });
    // Live runs: `requested` now; `in_progress` is fired with it (the simulator has no step hook).
    startWorkflowRunChain(world, repo, run, "requested", run.createdAt, false);
    startWorkflowRunChain(world, repo, run, "in_progress", run.createdAt, false);
  }
  return run;
}

/** How long a history run took: 2 to 6 minutes, by its id, so replays are stable. */
function historyDuration(run: Run): number {
  return 120_000 + (run.id % 5) * 60_000;
}

/**
 * `on: workflow_run`: a run of `upstream` reaching `activity` starts every workflow listening
 * for it. Like GitHub, the file is read from the default branch and the new run is a run of the
 * default branch (its head commit); the upstream's tag is what its release steps publish.
 */
function startWorkflowRunChain(
  world: World,
  repo: Repo,
  upstream: Run,
  activity: "requested" | "in_progress" | "completed",
  at: number,
  history: boolean,
  outcomeFor?: OutcomeFor,
): void {
  if (upstream.chainDepth >= 3) return; // GitHub chains at most three levels.
  const head = world.head(repo);
  if (!head) return;
  const tag =
    upstream.branch === null && upstream.headBranch && repo.tags.has(upstream.headBranch)
      ? upstream.headBranch
      : (upstream.effect?.tag ?? null);
  for (const file of world.workflowFiles(head)) {
    const upstreamRef = { name: upstream.name, headBranch: upstream.headBranch };
    if (!workflowRunStarts(file.triggers, upstreamRef, activity)) continue;
    const workflow = world.workflowByPath(repo, file.path);
    if (workflow?.state !== "active") continue;
    createRun(world, repo, workflow, {
      event: "workflow_run",
      headBranch: repo.defaultBranch,
      headSha: head.sha,
      actor: upstream.actor,
      branch: repo.defaultBranch,
      tag,
      at,
      history,
      outcome: outcomeFor?.(file.path),
      outcomeFor,
      chainDepth: upstream.chainDepth + 1,
    });
  }
}

/** Applies the effects of live runs that have completed by `now`. Called before every request. */
export function tick(world: World, now = world.now()): void {
  for (const repo of world.repos.values()) {
    // A completed run may start `workflow_run` runs: iterate over the runs as they were.
    for (const run of [...repo.runs]) {
      const life = run.lifecycle;
      if (life && world.listeners.length > 0) notifyRun(world, repo, run, now);
      if (!life || life.applied || now < life.startedAt + 2 * life.stepMs) continue;
      life.applied = true;
      const at = life.startedAt + 2 * life.stepMs;
      if (run.effect) applyEffect(world, repo, run.effect, at);
      startWorkflowRunChain(world, repo, run, "completed", at, false);
    }
  }
}

/** Reports a live run's status changes (in_progress, completed) to the listeners once each. */
function notifyRun(world: World, repo: Repo, run: Run, now: number): void {
  const life = run.lifecycle;
  if (!life) return;
  const status = world.runState(run, now).status;
  const order: RunStatus[] = ["queued", "in_progress", "completed"];
  while (order.indexOf(life.notified ?? "queued") < order.indexOf(status)) {
    life.notified = order[order.indexOf(life.notified ?? "queued") + 1] as RunStatus;
    world.emit({
      kind: "workflow_run",
      repo,
      run,
      action: life.notified === "completed" ? "completed" : "in_progress",
    });
  }
}

/** What a re-run publishes: the same as its run (same inputs, same ref), completing the release. */
function rerunEffect(world: World, repo: Repo, run: Run): RunEffect | null {
  const behaviour = world.configOf(repo, run.path).release;
  // Same inputs, same ref: a run that published a tag (or a bot's) publishes it again.
  const tag =
    run.effect?.tag ??
    (run.event !== "workflow_dispatch" &&
    run.branch === null &&
    run.headBranch &&
    repo.tags.has(run.headBranch)
      ? run.headBranch
      : null);
  return behaviour && tag
    ? {
        ...run.effect,
        tag,
        behaviour,
        draft: false,
        skipUploads: [],
        extraAssets: [],
        complete: true,
      }
    : null;
}

/** Re-runs a completed run: same commit, ref and event; the new attempt succeeds. */
export function rerun(world: World, repo: Repo, run: Run, by: string): void {
  run.runAttempt += 1;
  run.triggeringActor = by;
  run.fixed = null;
  run.runStartedAt = world.now();
  run.lifecycle = {
    startedAt: world.now(),
    stepMs: world.runStepMs,
    applied: false,
    notified: "queued",
  };
  world.emit({ kind: "workflow_run", repo, run, action: "requested" });
  run.effect = rerunEffect(world, repo, run);
}

/** Why GitHub refuses to re-run this run `at` a moment: still going, or created over 30 days before. */
export function rerunRefusal(world: World, run: Run, at: number): "running" | "too-old" | null {
  if (world.runState(run, at).status !== "completed") return "running";
  if (at - run.createdAt > 30 * 86_400_000) return "too-old";
  return null;
}

/**
 * History replay: a re-run `at` a past moment, ending as `outcome` (success by default). Like the
 * live one it keeps the run's id, commit, ref and creation time, and counts one more attempt.
 */
export function rerunInHistory(
  world: World,
  repo: Repo,
  run: Run,
  by: string,
  at: number,
  outcome: HistoryOutcome = {},
): void {
  run.runAttempt += 1;
  run.triggeringActor = by;
  run.runStartedAt = at;
  const status = outcome.status ?? "completed";
  const conclusion = status === "completed" ? (outcome.conclusion ?? "success") : null;
  const updatedAt = status === "completed" ? at + historyDuration(run) : at + 30_000;
  run.fixed = { status, conclusion, updatedAt };
  run.effect = rerunEffect(world, repo, run);
  if (conclusion === "success" && run.effect) applyEffect(world, repo, run.effect, updatedAt);
  if (status === "completed") startWorkflowRunChain(world, repo, run, "completed", updatedAt, true);
}
