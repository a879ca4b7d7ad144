import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { rest } from "@/lib/github/rest";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { assertCanWrite } from "./access";

// Re-run: run a finished workflow run again (REST POST .../runs/{id}/rerun or
// /rerun-failed-jobs). Never retried automatically, like a dispatch.

/** Re-runs a workflow run: only its failed jobs when it failed, else the whole run. */
export async function rerunWorkflowRun(
  client: GitHubClient,
  input: { owner: string; repo: string; runId: number; failedJobsOnly: boolean },
): Promise<void> {
  const { owner, repo, runId } = input;
  try {
    const route = input.failedJobsOnly
      ? "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs"
      : "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun";
    await rest(client, route, { owner, repo, run_id: runId }, { retry: false });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (/month|30 days/i.test(error.message)) {
      throw new AppError(
        "forbidden",
        `Run ${runId} is older than 30 days and GitHub no longer re-runs it. Dispatch the release workflow on the tag instead.`,
      );
    }
    // Two presses at once: GitHub took the first, and refuses to re-run a run that is running.
    if (/already running/i.test(error.message)) {
      throw new AppError(
        "conflict",
        `Run ${runId} is already running again; wait for it to finish. tagwatch shows its result.`,
      );
    }
    if (/workflow is disabled/i.test(error.message)) {
      throw new AppError(
        "unprocessable",
        `The workflow of run ${runId} is disabled, so GitHub does not re-run it. Enable it in the repository's Actions tab, then try again.`,
      );
    }
    if (error.code === "forbidden") {
      throw new AppError(
        "forbidden",
        `${error.message} Re-running needs write access to ${owner}/${repo}.`,
      );
    }
    throw error;
  }
}

/** Re-runs a tag's workflow run (its failed jobs when it failed) for the signed-in viewer. */
export async function rerunRun(
  github: GitHubClient,
  input: { owner: string; repo: string; runId: number },
) {
  const health = await loadRepositoryHealth(github, input.owner, input.repo);
  assertCanWrite(health, "re-running", "nothing can be re-run there");
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
  // After a change on GitHub, cached views of the repository are stale for every user, everywhere.
  await invalidateRepository(input.owner, input.repo);
  return { rerun: true as const, runId: input.runId, runUrl: run?.url ?? null };
}
