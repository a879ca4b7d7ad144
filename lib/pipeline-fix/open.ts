import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { rest } from "@/lib/github/rest";
import { getStore } from "@/lib/store";
import { repositoryKey } from "@/lib/store/cache-policy";
import { storeKeyOf } from "@/lib/store/shared-cache";
import { assertCanWrite } from "@/lib/tag-actions/access";
import { type PlannedPipelineFix, planPipelineFix } from "./preview";

// Opening the pull request of "Fix the pipeline": a branch from the default branch, one commit
// per file, the pull request. Writes are never retried.

/** Longer than the writes of one pull request take (each GitHub request times out in 10 s). */
const CLAIM_SECONDS = 120;

/** Whether an OAuth scope list ("repo,workflow" or "read:user repo workflow") grants `workflow`. */
export function hasWorkflowScope(scope: string | null): boolean {
  return (scope ?? "").split(/[\s,]+/).includes("workflow");
}

/**
 * Opens the pull request (branch, one commit per file, pull request). An open pull request from
 * the same branch is returned instead of a second one. Needs the OAuth `workflow` scope.
 */
export async function openPipelineFix(
  github: GitHubClient,
  input: { owner: string; repo: string; tag: string; scope: string | null },
): Promise<{ url: string; number: number; existing: boolean }> {
  const planned = await planPipelineFix(github, input);
  assertCanWrite(planned.health, "opening a pull request", "nothing can change there");
  const { owner, repo } = input;
  // One press at a time: a second one would find the branch just made, start it again from the
  // base under the first one's pull request, and fail on the files the first one wrote.
  const claim = storeKeyOf(
    "pipeline-fix-claim",
    `${repositoryKey(owner, repo)}\n${planned.preview.branch}`,
  );
  if (!(await getStore().setIfAbsent(claim, "1", { ttlSeconds: CLAIM_SECONDS }))) {
    throw new AppError(
      "conflict",
      "This pull request is being opened right now; it shows here in a moment.",
    );
  }
  try {
    return await openClaimed(github, input, planned);
  } finally {
    await getStore()
      .delete(claim)
      .catch(() => {});
  }
}

async function openClaimed(
  github: GitHubClient,
  input: { owner: string; repo: string; scope: string | null },
  planned: PlannedPipelineFix,
): Promise<{ url: string; number: number; existing: boolean }> {
  const { preview, defaultBranch, blobs } = planned;
  const { owner, repo } = input;
  const open = await rest(github, "GET /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    state: "open",
    head: `${owner}:${preview.branch}`,
  });
  const existing = open.data[0];
  if (existing) return { url: existing.html_url, number: existing.number, existing: true };
  if (!hasWorkflowScope(input.scope)) {
    throw new AppError(
      "forbidden",
      "Changing files under .github/workflows needs GitHub's workflow permission (OAuth scope), which tagwatch does not ask for at sign-in. Grant it with Fix the pipeline, then try again.",
    );
  }

  const head = await rest(github, "GET /repos/{owner}/{repo}/git/ref/{ref}", {
    owner,
    repo,
    ref: `heads/${defaultBranch}`,
  });
  const sha = head.data.object.sha;
  try {
    await rest(
      github,
      "POST /repos/{owner}/{repo}/git/refs",
      { owner, repo, ref: `refs/heads/${preview.branch}`, sha },
      { retry: false },
    );
  } catch (error) {
    if (!(error instanceof AppError && /already exists/i.test(error.message))) throw error;
    // A leftover branch with no open pull request (closed unmerged): start it again from the base.
    await rest(
      github,
      "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
      { owner, repo, ref: `heads/${preview.branch}`, sha, force: true },
      { retry: false },
    );
  }
  for (const file of preview.files) {
    const blob = blobs.find((candidate) => candidate.path === file.path);
    try {
      await rest(
        github,
        "PUT /repos/{owner}/{repo}/contents/{path}",
        {
          owner,
          repo,
          path: file.path,
          message: `${preview.title} (${file.path})`,
          content: Buffer.from(file.after, "utf8").toString("base64"),
          branch: preview.branch,
          ...(blob ? { sha: blob.sha } : {}),
        },
        { retry: false },
      );
    } catch (error) {
      if (error instanceof AppError && (error.code === "not-found" || error.code === "forbidden")) {
        throw new AppError(
          "forbidden",
          `GitHub refused to change ${file.path}: writing workflow files needs the workflow scope and write access to ${planned.health.repository}.`,
        );
      }
      throw error;
    }
  }
  const pull = await rest(
    github,
    "POST /repos/{owner}/{repo}/pulls",
    {
      owner,
      repo,
      title: preview.title,
      head: preview.branch,
      base: defaultBranch,
      body: preview.body,
    },
    { retry: false },
  );
  return { url: pull.data.html_url, number: pull.data.number, existing: false };
}
