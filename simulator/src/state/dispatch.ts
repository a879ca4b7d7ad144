import { targetOfVersionInput } from "./dispatch-inputs";
import type { Commit, HistoryOutcome, OutcomeFor, Repo, Run, Workflow } from "./model";
import { createRun } from "./runs";
import type { World } from "./world";

// workflow_dispatch: the run a dispatch starts and what it ships (the ref's tag, the version an
// input names, nothing for a dry run). The caller has checked the request (rest/actions.ts).

/** A workflow_dispatch run of `workflow` at `ref` (checked by the caller). */
export function dispatchWorkflow(
  world: World,
  repo: Repo,
  workflow: Workflow,
  ref: { name: string; type: "branch" | "tag"; commit: Commit },
  actor: string,
  inputs: Record<string, string> = {},
  /**
   * History replay: a dispatch in the past, ending as `outcome` (its workflow_run followers as
   * `outcomeFor` says); not listed in `dispatches`. `createsTag`: the run pushes a tag it
   * computes itself (a version-bump script, github-tag-action) at the dispatched commit.
   */
  past?: { at: number; outcome?: HistoryOutcome; outcomeFor?: OutcomeFor; createsTag?: string },
): Run {
  const target = past?.createsTag
    ? { tag: past.createsTag, createTagAt: ref.commit.sha }
    : dispatchTarget(world, repo, workflow, ref, inputs);
  const run = createRun(world, repo, workflow, {
    event: "workflow_dispatch",
    headBranch: ref.name,
    headSha: ref.commit.sha,
    actor,
    // CheckSuite.branch is null for a dispatch on a tag.
    branch: ref.type === "branch" ? ref.name : null,
    tag: target.tag,
    createTagAt: target.createTagAt,
    ...(target.prerelease !== undefined ? { prerelease: target.prerelease } : {}),
    at: past?.at ?? world.now(),
    history: past !== undefined,
    ...(past?.outcome ? { outcome: past.outcome } : {}),
    ...(past?.outcomeFor ? { outcomeFor: past.outcomeFor } : {}),
    inputs,
  });
  if (past) return run;
  world.dispatches.push({
    owner: repo.owner,
    repo: repo.name,
    workflow: workflow.path,
    ref: ref.name,
    inputs,
    by: actor,
    at: new Date(run.createdAt).toISOString(),
    runId: run.id,
  });
  return run;
}

/**
 * What a dispatched run publishes. By default the ref's tag (nothing on a branch); with
 * `publishInput` "false" or `dryRunInput` "true" nothing; with `versionInput` the tag or version that input names
 * (created by the run when new), a rolling prerelease for `nightly`, nothing for `dry-run`/"".
 */
function dispatchTarget(
  world: World,
  repo: Repo,
  workflow: Workflow,
  ref: { name: string; type: "branch" | "tag"; commit: Commit },
  inputs: Record<string, string>,
): { tag: string | null; createTagAt: string | null; prerelease?: boolean } {
  const behaviour = world.configOf(repo, workflow.path).release;
  const refTag = { tag: ref.type === "tag" ? ref.name : null, createTagAt: null };
  if (!behaviour) return refTag;
  if (behaviour.publishInput && inputs[behaviour.publishInput] === "false")
    return { tag: null, createTagAt: null };
  if (behaviour.dryRunInput && inputs[behaviour.dryRunInput] === "true")
    return { tag: null, createTagAt: null };
  // A version input the file at this ref does not declare: the workflow falls back to the ref.
  if (!behaviour.versionInput || !(behaviour.versionInput in inputs)) return refTag;
  const target = targetOfVersionInput(inputs[behaviour.versionInput], (name) =>
    repo.tags.has(name),
  );
  if (!target) return { tag: null, createTagAt: null };
  if (target.kind === "rolling")
    return { tag: target.tag, createTagAt: ref.commit.sha, prerelease: true };
  return { tag: target.tag, createTagAt: target.exists ? null : ref.commit.sha };
}
