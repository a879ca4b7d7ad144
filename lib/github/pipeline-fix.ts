import "server-only";
import { AppError } from "@/lib/errors";
import {
  describePipelineFix,
  type FileEdit,
  type PipelineFixResult,
  planAddDispatchFix,
  planDispatchStepFix,
} from "@/lib/health/pipeline-fix";
import type { WorkflowFile } from "@/lib/health/types";
import { workflowFileName } from "@/lib/health/workflows";
import { findTag, type RepositoryHealth, type TagHealth } from "@/lib/repository/health";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { assertCanWrite } from "@/lib/tag-actions/access";
import type { GitHubClient } from "./client";
import { encodePath, repoPath } from "./paths";

// "Fix the pipeline": the pull request that cures a tag's cause in the repository's files.
// Writes are never retried.

export type PipelineFixPreview = {
  title: string;
  body: string;
  files: { path: string; before: string; after: string }[];
  /** The head branch the pull request uses (one per cause, so a second click finds the first). */
  branch: string;
};

const WORKFLOW_DIR = ".github/workflows";

/** Whether an OAuth scope list ("repo,workflow" or "read:user repo workflow") grants `workflow`. */
export function hasWorkflowScope(scope: string | null): boolean {
  return (scope ?? "").split(/[\s,]+/).includes("workflow");
}

type Blob = WorkflowFile & { sha: string };

type ContentEntry = { type: string; path: string; name: string; sha: string; content?: string };

async function defaultBranchOf(github: GitHubClient, owner: string, repo: string) {
  const { data } = await github.rest<{ default_branch: string }>("GET", repoPath(owner, repo));
  return data.default_branch;
}

/** The workflow files on a branch with their blob shas (a contents write must name the blob it replaces). */
async function workflowBlobs(
  github: GitHubClient,
  owner: string,
  repo: string,
  ref: string,
): Promise<Blob[]> {
  const base = `${repoPath(owner, repo)}/contents`;
  let listing: ContentEntry[];
  try {
    listing = (
      await github.rest<ContentEntry[]>(
        "GET",
        `${base}/${WORKFLOW_DIR}?ref=${encodeURIComponent(ref)}`,
      )
    ).data;
  } catch (error) {
    if (error instanceof AppError && error.code === "not-found") return [];
    throw error;
  }
  const files = listing.filter((entry) => entry.type === "file" && /\.ya?ml$/.test(entry.name));
  return Promise.all(
    files.map(async (entry) => {
      const { data } = await github.rest<ContentEntry>(
        "GET",
        `${base}/${encodePath(entry.path)}?ref=${encodeURIComponent(ref)}`,
      );
      const text = Buffer.from(data.content ?? "", "base64").toString("utf8");
      return { path: entry.path, text, sha: data.sha };
    }),
  );
}

type RunsJson = {
  workflow_runs: { path: string; event: string; created_at: string }[];
};

/**
 * The workflow whose run on the tag's commit (before the tag, within the hour) most likely made
 * it; null when none or several did. A hint only: the file scan decides.
 */
async function taggingWorkflowFromRuns(
  github: GitHubClient,
  input: { owner: string; repo: string },
  tag: TagHealth,
): Promise<string | null> {
  try {
    const { data } = await github.rest<RunsJson>(
      "GET",
      `${repoPath(input.owner, input.repo)}/actions/runs?head_sha=${encodeURIComponent(tag.commitOid)}&per_page=50`,
    );
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

type Planned = {
  health: RepositoryHealth;
  tag: TagHealth;
  defaultBranch: string;
  blobs: Blob[];
  preview: PipelineFixPreview;
};

/** Which file fix the tag's cause calls for, planned against the default branch; 404 with the reason when none. */
async function plan(
  github: GitHubClient,
  input: { owner: string; repo: string; tag: string },
): Promise<Planned> {
  const health = await loadRepositoryHealth(github, input.owner, input.repo);
  const tag = findTag(health, input.tag);
  const workflow = tag.releaseWorkflow;
  if (!workflow) {
    throw new AppError(
      "not-found",
      `tagwatch found no release workflow for ${tag.name}, so there is no file to fix.`,
    );
  }
  const tokenCause = tag.findings.some((finding) => finding.cause === "github-token");
  const noDispatch = !workflow.hasDispatchTrigger;
  if (!tokenCause && !noDispatch) {
    throw new AppError(
      "not-found",
      workflow.state && workflow.state !== "active"
        ? `${workflow.file} is disabled (${workflow.state}): that is not a file fix; enable it and re-dispatch instead.`
        : `${tag.name}'s cause is not one tagwatch can cure in the repository's files.`,
    );
  }
  const defaultBranch = await defaultBranchOf(github, input.owner, input.repo);
  const [blobs, taggingPath] = await Promise.all([
    workflowBlobs(github, input.owner, input.repo, defaultBranch),
    tokenCause ? taggingWorkflowFromRuns(github, input, tag) : Promise.resolve(null),
  ]);
  let result: PipelineFixResult;
  if (tokenCause) {
    result = planDispatchStepFix({ files: blobs, releasePath: workflow.path, taggingPath });
  } else {
    const release = blobs.find((blob) => blob.path === workflow.path);
    result = release
      ? planAddDispatchFix(release)
      : { fix: null, reason: `${workflow.path} is not on ${defaultBranch}.` };
  }
  if (!result.fix) throw new AppError("not-found", result.reason);
  const fix = result.fix;
  const { title, body } = describePipelineFix(fix, {
    tag: tag.name,
    releaseFile: workflow.file,
    repository: health.repository,
  });
  const stem = workflow.file.replace(/\.ya?ml$/, "");
  const branch = fix.tagging
    ? `tagwatch/dispatch-${stem}-after-${workflowFileName(fix.tagging.path).replace(/\.ya?ml$/, "")}`
    : `tagwatch/workflow-dispatch-${stem}`;
  return {
    health,
    tag,
    defaultBranch,
    blobs,
    preview: {
      title,
      body,
      branch,
      files: fix.files.map(({ path, before, after }: FileEdit) => ({ path, before, after })),
    },
  };
}

/** The pull request tagwatch would open for a tag's cause: files before/after, title and body. */
export async function previewPipelineFix(
  github: GitHubClient,
  input: { owner: string; repo: string; tag: string },
): Promise<PipelineFixPreview> {
  return (await plan(github, input)).preview;
}

type PullJson = { number: number; html_url: string };

/**
 * Opens the pull request (branch, one commit per file, pull request). An open pull request from
 * the same branch is returned instead of a second one. Needs the OAuth `workflow` scope.
 */
export async function openPipelineFix(
  github: GitHubClient,
  input: { owner: string; repo: string; tag: string; scope: string | null },
): Promise<{ url: string; number: number; existing: boolean }> {
  const planned = await plan(github, input);
  assertCanWrite(planned.health, "opening a pull request", "nothing can change there");
  const { preview, defaultBranch, blobs } = planned;
  const base = repoPath(input.owner, input.repo);
  const open = await github.rest<PullJson[]>(
    "GET",
    `${base}/pulls?state=open&head=${encodeURIComponent(`${input.owner}:${preview.branch}`)}`,
  );
  const existing = open.data[0];
  if (existing) return { url: existing.html_url, number: existing.number, existing: true };
  if (!hasWorkflowScope(input.scope)) {
    throw new AppError(
      "forbidden",
      "Changing files under .github/workflows needs GitHub's workflow permission (OAuth scope), which tagwatch does not ask for at sign-in. Grant it with Fix the pipeline, then try again.",
    );
  }

  const head = await github.rest<{ object: { sha: string } }>(
    "GET",
    `${base}/git/ref/heads/${encodePath(defaultBranch)}`,
  );
  try {
    await github.rest("POST", `${base}/git/refs`, {
      body: { ref: `refs/heads/${preview.branch}`, sha: head.data.object.sha },
      retry: false,
    });
  } catch (error) {
    if (!(error instanceof AppError && /already exists/i.test(error.message))) throw error;
    // A leftover branch with no open pull request (closed unmerged): start it again from the base.
    await github.rest("PATCH", `${base}/git/refs/heads/${encodePath(preview.branch)}`, {
      body: { sha: head.data.object.sha, force: true },
      retry: false,
    });
  }
  for (const file of preview.files) {
    const blob = blobs.find((candidate) => candidate.path === file.path);
    try {
      await github.rest("PUT", `${base}/contents/${encodePath(file.path)}`, {
        body: {
          message: `${preview.title} (${file.path})`,
          content: Buffer.from(file.after, "utf8").toString("base64"),
          branch: preview.branch,
          ...(blob ? { sha: blob.sha } : {}),
        },
        retry: false,
      });
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
  const pull = await github.rest<PullJson>("POST", `${base}/pulls`, {
    body: { title: preview.title, head: preview.branch, base: defaultBranch, body: preview.body },
    retry: false,
  });
  return { url: pull.data.html_url, number: pull.data.number, existing: false };
}
