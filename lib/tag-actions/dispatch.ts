import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { rest } from "@/lib/github/rest";
import type { RepositoryHealth } from "@/lib/repository/health";
import { assertDispatchable, dispatchOnce } from "./dispatch-claim";
import { validateDispatchInputs } from "./inputs";
import type { TagAction } from "./types";

// Dispatch: run the release workflow on a tag (REST POST .../actions/workflows/{file}/dispatches).
// The button's server side looks the tag up in the (cached) health first, so a request that
// cannot work is refused with the reason the page shows. Never retried automatically: a
// duplicate release run is worse than an error the maintainer can read.

export type DispatchResult = {
  runId: number | null;
  runUrl: string | null;
  htmlUrl: string | null;
};

type DispatchAction = Extract<TagAction, { kind: "dispatch" }>;

/** GHES (and older github.com) refuse the return_run_details field; that refusal changes nothing. */
function rejectedRunDetails(error: unknown): boolean {
  return (
    error instanceof AppError &&
    error.code === "unprocessable" &&
    /return_run_details|not a permitted key|invalid request/i.test(error.message)
  );
}

/** GitHub's refusal of a dispatch, in words that say what to do. */
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
  const send = (withDetails: boolean) =>
    rest(
      client,
      "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
      {
        owner: input.owner,
        repo: input.repo,
        workflow_id: input.workflow,
        ref: input.ref,
        inputs: input.inputs ?? {},
        ...(withDetails ? { return_run_details: true } : {}),
      },
      { retry: false },
    );
  try {
    let response: Awaited<ReturnType<typeof send>>;
    try {
      response = await send(true);
    } catch (error) {
      if (!rejectedRunDetails(error)) throw error;
      response = await send(false);
    }
    // 204 without run details: nothing to read.
    const details = response.status === 200 ? response.data : null;
    // A JSON number; GitHub's description allows int64 ids as bigint.
    const runId = details?.workflow_run_id;
    return {
      runId: runId === undefined || runId === null ? null : Number(runId),
      runUrl: details?.run_url ?? null,
      htmlUrl: details?.html_url ?? null,
    };
  } catch (error) {
    throw explainDispatchError(error, input.workflow, input.ref, `${input.owner}/${input.repo}`);
  }
}

/**
 * The inputs a dispatch sends: the person's (checked against the inputs the workflow declares at
 * the tag) or tagwatch's plan — which is refused when it needs a person's review first.
 */
function inputsToSend(
  action: DispatchAction | null,
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

/** The workflow a dispatch on the tag runs: the one named, else the one the page offers. */
function workflowToDispatch(
  health: RepositoryHealth,
  tagName: string,
  named: string | undefined,
): { workflow: string; action: DispatchAction | null } {
  const tag = health.tags.find((candidate) => candidate.name === tagName);
  const action = tag?.action?.kind === "dispatch" ? tag.action : null;
  const workflow = named ?? action?.workflow.file ?? tag?.releaseWorkflow?.file;
  if (!workflow) {
    throw new AppError(
      "unprocessable",
      `tagwatch found no release workflow for ${tagName}. Name the workflow file to dispatch.`,
    );
  }
  if (action && !action.available && (!named || named === action.workflow.file)) {
    throw new AppError(
      action.yamlToAdd ? "unprocessable" : "forbidden",
      action.reason ?? `${workflow} cannot be dispatched on ${tagName}.`,
    );
  }
  return { workflow, action };
}

/** Dispatches the release workflow on a tag for the signed-in viewer (the Dispatch button). */
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
  const { owner, repo } = input;
  const target = { owner, repo, ref: input.tag };
  const words = { doing: "dispatching", nothing: "nothing can be dispatched there" };
  const result = await dispatchOnce(github, target, words, async (health) => {
    const { workflow, action } = workflowToDispatch(health, input.tag, input.workflow);
    assertDispatchable(
      health.tags.find((tag) => tag.name === input.tag),
      workflow,
    );
    const inputs = inputsToSend(action, workflow, input.inputs);
    return async () => ({
      workflow,
      inputs,
      ...(await dispatchWorkflow(github, { owner, repo, workflow, ref: input.tag, inputs })),
    });
  });
  return { dispatched: true as const, tag: input.tag, ...result };
}
