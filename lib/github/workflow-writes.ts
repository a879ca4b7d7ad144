import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "./client";
import { repoPath } from "./paths";

// Writes: dispatching a workflow on a tag and re-running a run. Never retried automatically — a
// duplicate release run is worse than an error the maintainer can read.

export type DispatchResult = {
  runId: number | null;
  runUrl: string | null;
  htmlUrl: string | null;
};

type DispatchDetails = { workflow_run_id?: number; run_url?: string; html_url?: string };

/** GHES (and older github.com) refuse the return_run_details field; that refusal changes nothing. */
function rejectedRunDetails(error: unknown): boolean {
  return (
    error instanceof AppError &&
    error.code === "unprocessable" &&
    /return_run_details|not a permitted key|invalid request/i.test(error.message)
  );
}

function explainDispatchError(
  error: unknown,
  workflow: string,
  ref: string,
  repository: string,
): unknown {
  if (!(error instanceof AppError)) return error;
  const text = error.message;
  if (/workflow_dispatch/i.test(text)) {
    return new AppError(
      "unprocessable",
      `${workflow} at ${ref} has no workflow_dispatch trigger, so GitHub cannot run it on demand. Add "workflow_dispatch:" under "on:" in ${workflow}; a dispatched run uses the file as it is at the tag.`,
    );
  }
  if (/\binputs?\b/i.test(text) && error.code === "unprocessable") {
    return new AppError(
      "unprocessable",
      `GitHub refused the inputs for ${workflow} at ${ref}: ${text}`,
    );
  }
  if (/no ref found/i.test(text)) {
    return new AppError(
      "unprocessable",
      `GitHub has no ref ${ref} in ${repository}: was the tag deleted?`,
    );
  }
  if (/disabled/i.test(text)) {
    return new AppError(
      "unprocessable",
      `${workflow} is disabled. Enable it in the repository's Actions tab, then try again.`,
    );
  }
  if (error.code === "forbidden") {
    return new AppError(
      "forbidden",
      `Your GitHub account cannot run workflows in ${repository}: it needs write access (and tagwatch the "repo" scope).`,
    );
  }
  if (error.code === "not-found") {
    return new AppError(
      "not-found",
      `Workflow ${workflow} was not found in ${repository}, or you cannot see it.`,
    );
  }
  return error;
}

/** Dispatches `workflow` (file name or id) on `ref`; asks GitHub for the new run's id where supported. */
export async function dispatchWorkflow(
  client: GitHubClient,
  input: {
    owner: string;
    repo: string;
    workflow: string;
    ref: string;
    inputs?: Record<string, string>;
  },
): Promise<DispatchResult> {
  const path = `${repoPath(input.owner, input.repo)}/actions/workflows/${encodeURIComponent(input.workflow)}/dispatches`;
  const send = (withDetails: boolean) =>
    client.rest<DispatchDetails | null>("POST", path, {
      body: {
        ref: input.ref,
        inputs: input.inputs ?? {},
        ...(withDetails ? { return_run_details: true } : {}),
      },
      retry: false,
    });
  try {
    let response: Awaited<ReturnType<typeof send>>;
    try {
      response = await send(true);
    } catch (error) {
      if (!rejectedRunDetails(error)) throw error;
      response = await send(false);
    }
    const details = response.status === 200 ? response.data : null;
    return {
      runId: details?.workflow_run_id ?? null,
      runUrl: details?.run_url ?? null,
      htmlUrl: details?.html_url ?? null,
    };
  } catch (error) {
    throw explainDispatchError(error, input.workflow, input.ref, `${input.owner}/${input.repo}`);
  }
}

/** Re-runs a workflow run: only its failed jobs when it failed, else the whole run. */
export async function rerunWorkflowRun(
  client: GitHubClient,
  input: { owner: string; repo: string; runId: number; failedJobsOnly: boolean },
): Promise<void> {
  const path = `${repoPath(input.owner, input.repo)}/actions/runs/${input.runId}/${input.failedJobsOnly ? "rerun-failed-jobs" : "rerun"}`;
  try {
    await client.rest("POST", path, { body: {}, retry: false });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (/month|30 days/i.test(error.message)) {
      throw new AppError(
        "forbidden",
        `Run ${input.runId} is older than 30 days and GitHub no longer re-runs it. Dispatch the release workflow on the tag instead.`,
      );
    }
    if (error.code === "forbidden") {
      throw new AppError(
        "forbidden",
        `${error.message} Re-running needs write access to ${input.owner}/${input.repo}.`,
      );
    }
    throw error;
  }
}
