import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { type RestResponse, rest } from "@/lib/github/rest";
import type { WorkflowFile } from "@/lib/health/types";
import type { TagHealth } from "@/lib/repository/health";

// What a pipeline fix reads before it plans: the default branch, its workflow files (with the
// blob shas a contents write must name), and which workflow's run made the tag.

const WORKFLOW_DIR = ".github/workflows";

/** A workflow file with the sha of its blob. */
export type Blob = WorkflowFile & { sha: string };

type Repository = { owner: string; repo: string };

/** The repository's default branch (where the pull request goes). */
export async function defaultBranchOf(github: GitHubClient, { owner, repo }: Repository) {
  const { data } = await rest(github, "GET /repos/{owner}/{repo}", { owner, repo });
  return data.default_branch;
}

/** The workflow files on a branch with their blob shas; none when the folder does not exist. */
export async function workflowBlobs(
  github: GitHubClient,
  { owner, repo }: Repository,
  ref: string,
): Promise<Blob[]> {
  const route = "GET /repos/{owner}/{repo}/contents/{path}";
  let listing: RestResponse<typeof route>;
  try {
    listing = (await rest(github, route, { owner, repo, path: WORKFLOW_DIR, ref })).data;
  } catch (error) {
    if (error instanceof AppError && error.code === "not-found") return [];
    throw error;
  }
  const entries = Array.isArray(listing) ? listing : [];
  const files = entries.filter((entry) => entry.type === "file" && /\.ya?ml$/.test(entry.name));
  return Promise.all(
    files.map(async (entry) => {
      const { data } = await rest(github, route, { owner, repo, path: entry.path, ref });
      const content = !Array.isArray(data) && data.type === "file" ? data.content : "";
      const text = Buffer.from(content ?? "", "base64").toString("utf8");
      return { path: entry.path, text, sha: Array.isArray(data) ? "" : data.sha };
    }),
  );
}

/**
 * The workflow whose run on the tag's commit (before the tag, within the hour) most likely made
 * it; null when none or several did. A hint only: the file scan decides.
 */
export async function taggingWorkflowFromRuns(
  github: GitHubClient,
  { owner, repo }: Repository,
  tag: TagHealth,
): Promise<string | null> {
  try {
    const { data } = await rest(github, "GET /repos/{owner}/{repo}/actions/runs", {
      owner,
      repo,
      head_sha: tag.commitOid,
      per_page: 50,
    });
    const taggedAt = Date.parse(tag.date);
    const paths = new Set(
      data.workflow_runs
        .filter(
          (run) => run.event !== "workflow_dispatch" || run.path !== tag.releaseWorkflow?.path,
        )
        .filter((run) => {
          const at = Date.parse(run.created_at);
          return at <= taggedAt && taggedAt - at <= 3_600_000;
        })
        .map((run) => run.path.replace(/@.*$/, "")),
    );
    return paths.size === 1 ? ([...paths][0] ?? null) : null;
  } catch {
    return null;
  }
}
