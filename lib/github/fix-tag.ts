import "server-only";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/health/types";
import type { RepositoryHealth } from "@/lib/repository/health";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { validateDispatchInputs } from "@/lib/tag-actions/inputs";
import type { TagAction } from "@/lib/tag-actions/types";
import type { GitHubClient } from "./client";
import { dispatchWorkflow, rerunWorkflowRun } from "./workflow-writes";

// The dashboard's two buttons, server side: look the tag or run up in the (cached) health first so a
// request that cannot work is refused with the same reason the page shows, then ask GitHub.

/** After a change on GitHub, cached views of the repository are stale for every user, everywhere. */
function forget(owner: string, repo: string): Promise<void> {
  return invalidateRepository(owner, repo);
}

const WRITERS: Permission[] = ["ADMIN", "MAINTAIN", "WRITE"];

function assertCanWrite(health: RepositoryHealth, verb: string): void {
  if (health.isArchived) {
    throw new AppError(
      "forbidden",
      `${health.repository} is archived: nothing can be ${verb} there.`,
    );
  }
  if (!health.viewerPermission || !WRITERS.includes(health.viewerPermission)) {
    const level = health.viewerPermission?.toLowerCase() ?? "no";
    throw new AppError(
      "forbidden",
      `You have ${level} access to ${health.repository}; ${verb === "dispatched" ? "dispatching" : "re-running"} needs write access.`,
    );
  }
}

/**
 * The inputs a dispatch sends: the person's (checked against the inputs the workflow declares at
 * the tag) or tagwatch's plan — which is refused when it needs a person's review first.
 */
function inputsToSend(
  action: Extract<TagAction, { kind: "dispatch" }> | null,
  workflow: string,
  given: Record<string, string> | undefined,
): Record<string, string> {
  const planned = action && action.workflow.file === workflow ? action : null;
  if (given === undefined) {
    if (planned?.needsReview) {
      throw new AppError(
        "unprocessable",
        `${workflow} needs its inputs reviewed before it is dispatched on ${planned.ref}: ${planned.reviewReasons.join(" ")} Send them as "inputs".`,
      );
    }
    return planned?.inputs ?? {};
  }
  if (!planned) {
    if (Object.keys(given).length === 0) return {};
    throw new AppError(
      "unprocessable",
      `tagwatch only sends inputs to the release workflow it read (${action?.workflow.file ?? "none for this tag"}); dispatch ${workflow} without inputs or from GitHub.`,
    );
  }
  const problem = validateDispatchInputs(planned.declaredInputs, given);
  if (problem) throw new AppError("unprocessable", `${workflow} at ${planned.ref}: ${problem}`);
  return given;
}

/** Dispatches the release workflow on a tag for the signed-in viewer. */
export async function dispatchTag(
  github: GitHubClient,
  input: {
    owner: string;
    repo: string;
    tag: string;
    workflow?: string;
    inputs?: Record<string, string>;
  },
) {
  const health = await loadRepositoryHealth(github, input.owner, input.repo);
  assertCanWrite(health, "dispatched");
  const tag = health.tags.find((candidate) => candidate.name === input.tag);
  const action = tag?.action?.kind === "dispatch" ? tag.action : null;
  const workflow = input.workflow ?? action?.workflow.file ?? tag?.releaseWorkflow?.file;
  if (!workflow) {
    throw new AppError(
      "unprocessable",
      `tagwatch found no release workflow for ${input.tag}. Name the workflow file to dispatch.`,
    );
  }
  if (action && !action.available && (!input.workflow || input.workflow === action.workflow.file)) {
    throw new AppError(
      action.yamlToAdd ? "unprocessable" : "forbidden",
      action.reason ?? `${workflow} cannot be dispatched on ${input.tag}.`,
    );
  }
  const inputs = inputsToSend(action, workflow, input.inputs);
  const result = await dispatchWorkflow(github, {
    owner: input.owner,
    repo: input.repo,
    workflow,
    ref: input.tag,
    inputs,
  });
  await forget(input.owner, input.repo);
  return { dispatched: true as const, tag: input.tag, workflow, inputs, ...result };
}

/** Re-runs a workflow run (its failed jobs when it failed) for the signed-in viewer. */
export async function rerunRun(
  github: GitHubClient,
  input: { owner: string; repo: string; runId: number },
) {
  const health = await loadRepositoryHealth(github, input.owner, input.repo);
  assertCanWrite(health, "re-run");
  const run = health.tags
    .flatMap((tag) => tag.runs)
    .find((candidate) => candidate.id === input.runId);
  if (run && run.status !== "completed") {
    throw new AppError(
      "conflict",
      `Run ${input.runId} is still ${run.status.replace("_", " ")}; wait for it to finish.`,
    );
  }
  await rerunWorkflowRun(github, {
    ...input,
    failedJobsOnly: run ? run.conclusion === "failure" : true,
  });
  await forget(input.owner, input.repo);
  return { rerun: true as const, runId: input.runId, runUrl: run?.url ?? null };
}
