import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { rest } from "@/lib/github/rest";
import { findTag } from "@/lib/repository/health";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { dispatchWorkflow } from "./dispatch";
import { dispatchOnce } from "./dispatch-claim";

// Enable: a disabled release workflow is enabled (REST PUT .../actions/workflows/{id}/enable),
// then dispatched on the tag. Never retried automatically.

/** Enables a tag's disabled release workflow, then dispatches it on the tag. */
export async function enableAndDispatch(
  github: GitHubClient,
  input: { owner: string; repo: string; tag: string },
) {
  const { owner, repo } = input;
  const target = { owner, repo, ref: input.tag };
  const words = { doing: "enabling a workflow", nothing: "nothing can change there" };
  const result = await dispatchOnce(github, target, words, async (health) => {
    const tag = findTag(health, input.tag);
    const workflow = tag.releaseWorkflow;
    if (!workflow || workflow.state === null || workflow.state === "active") {
      throw new AppError(
        "unprocessable",
        `${workflow?.file ?? "The release workflow"} is not disabled; dispatch it instead.`,
      );
    }
    const action = tag.action?.kind === "dispatch" ? tag.action : null;
    if (action?.needsReview) {
      throw new AppError(
        "unprocessable",
        `${workflow.file} needs its inputs reviewed before it is dispatched on ${tag.name}: ${action.reviewReasons.join(" ")} Enable it in the Actions tab, then dispatch it from the tag's row.`,
      );
    }
    await rest(
      github,
      "PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable",
      { owner, repo, workflow_id: workflow.id ?? workflow.file },
      { retry: false },
    );
    await invalidateRepository(owner, repo);
    const ref = tag.name;
    return async () => ({
      tag: ref,
      workflow: workflow.file,
      ...(await dispatchWorkflow(github, {
        owner,
        repo,
        workflow: workflow.file,
        ref,
        inputs: action?.inputs ?? {},
      })),
    });
  });
  return { enabled: true as const, dispatched: true as const, ...result };
}
