import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { dispatchCommand } from "@/lib/health/commands";
import { workflowFileName } from "@/lib/health/workflows";
import { findTag, type RepositoryHealth, type TagHealth } from "@/lib/repository/health";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { type Blob, defaultBranchOf, taggingWorkflowFromRuns, workflowBlobs } from "./files";
import type { PipelineFix, PipelineFixResult } from "./fix";
import { pipelineFixFor } from "./offer";
import { planAddDispatchFix, planDispatchStepFix } from "./plan";
import { describePipelineFix } from "./pull-request";

// The pull request tagwatch would open for a tag's cause, planned against the default branch.

export type PipelineFixPreview = {
  title: string;
  body: string;
  files: { path: string; before: string; after: string }[];
  /** The head branch the pull request uses (one per cause, so a second click finds the first). */
  branch: string;
};

/** A preview with what opening it needs: the health it was judged on and the files it read. */
export type PlannedPipelineFix = {
  health: RepositoryHealth;
  tag: TagHealth;
  defaultBranch: string;
  blobs: Blob[];
  preview: PipelineFixPreview;
};

type Input = { owner: string; repo: string; tag: string };

/** The file fix a tag's cause calls for (offer.ts's rule); a 404 with the reason when none. */
function fileFixOf(tag: TagHealth) {
  const workflow = tag.releaseWorkflow;
  if (!workflow) {
    throw new AppError(
      "not-found",
      `tagwatch found no release workflow for ${tag.name}, so there is no file to fix.`,
    );
  }
  const kind = pipelineFixFor(tag);
  if (kind !== "dispatch-step" && kind !== "dispatch-trigger") {
    throw new AppError(
      "not-found",
      workflow.state && workflow.state !== "active"
        ? `${workflow.file} is disabled (${workflow.state}): that is not a file fix; enable it and re-dispatch instead.`
        : `${tag.name}'s cause is not one tagwatch can cure in the repository's files.`,
    );
  }
  return { kind, workflow };
}

/** The head branch: one per cause, so a second click finds the first pull request. */
function branchFor(fix: PipelineFix, releaseFile: string): string {
  const stem = releaseFile.replace(/\.ya?ml$/, "");
  return fix.tagging
    ? `tagwatch/dispatch-${stem}-after-${workflowFileName(fix.tagging.path).replace(/\.ya?ml$/, "")}`
    : `tagwatch/workflow-dispatch-${stem}`;
}

/** Reads the tag's health and the default branch's workflow files, and plans the fix on them. */
export async function planPipelineFix(
  github: GitHubClient,
  input: Input,
): Promise<PlannedPipelineFix> {
  const health = await loadRepositoryHealth(github, input.owner, input.repo);
  const tag = findTag(health, input.tag);
  const { kind, workflow } = fileFixOf(tag);
  const defaultBranch = await defaultBranchOf(github, input);
  const [blobs, taggingPath] = await Promise.all([
    workflowBlobs(github, input, defaultBranch),
    kind === "dispatch-step" ? taggingWorkflowFromRuns(github, input, tag) : null,
  ]);
  let result: PipelineFixResult;
  if (kind === "dispatch-step") {
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
    shipCommand:
      tag.action?.kind === "dispatch"
        ? tag.action.command
        : dispatchCommand(workflow.file, tag.name, health.repository),
  });
  const files = fix.files.map(({ path, before, after }) => ({ path, before, after }));
  return {
    health,
    tag,
    defaultBranch,
    blobs,
    preview: { title, body, branch: branchFor(fix, workflow.file), files },
  };
}

/** The pull request tagwatch would open for a tag's cause: files before/after, title and body. */
export async function previewPipelineFix(
  github: GitHubClient,
  input: Input,
): Promise<PipelineFixPreview> {
  return (await planPipelineFix(github, input)).preview;
}
