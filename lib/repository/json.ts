import type {
  Finding,
  HealthSummary,
  Permission,
  ReleaseWorkflowRef,
  TagStatus,
} from "@/lib/health/types";
import { type PipelineFixOffer, pipelineFixOffer } from "@/lib/pipeline-fix/offer";
import type { RepositoryHealth, TagHealth } from "@/lib/repository/health";
import type { TagAction } from "@/lib/tag-actions/types";

// The public JSON of `GET /api/repos/{owner}/{repo}/health`. The documented fields come first;
// the rest are what the dashboard's client view needs to render a row without another request.

export type ReleaseJson = {
  name: string;
  url: string;
  draft: boolean;
  prerelease: boolean;
  publishedAt: string | null;
  author: string | null;
  assets: { name: string; size: number; downloadCount: number }[];
};

export type RunJson = {
  id: number;
  workflow: string;
  workflowPath: string;
  event: string;
  status: string;
  conclusion: string | null;
  url: string;
  createdAt: string;
};

export type TagJson = {
  name: string;
  commit: string;
  status: TagStatus;
  release: ReleaseJson | null;
  runs: RunJson[];
  findings: Finding[];
  commitUrl: string;
  date: string;
  annotated: boolean;
  pushedBy: string | null;
  expectedAssets: string[] | null;
  missingAssets: string[];
  releaseWorkflow: ReleaseWorkflowRef | null;
  action: TagAction | null;
};

export type HealthJson = {
  repository: string;
  tags: TagJson[];
  summary: HealthSummary;
  url: string;
  isPrivate: boolean;
  isArchived: boolean;
  viewerPermission: Permission | null;
  notes: string[];
  nextTagsCursor: string | null;
  pending: boolean;
};

/** A run as the repository page shows it (its creation time is not shown). */
export type PageRun = Omit<RunJson, "createdAt">;

type DispatchAction = Extract<TagAction, { kind: "dispatch" }>;
type RerunAction = Extract<TagAction, { kind: "rerun" }>;

/**
 * A tag action as the page's buttons use it: of the workflow its file (the button, the API call)
 * and path (the link to it); not the evidence that chose it, nor what only the server checks
 * (the declared inputs, the ref: the tag itself, the re-run's address).
 */
export type PageTagAction =
  | (Omit<DispatchAction, "workflow" | "declaredInputs" | "ref"> & {
      workflow: Pick<ReleaseWorkflowRef, "file" | "path">;
    })
  | Omit<RerunAction, "runUrl">;

/**
 * A tag as the repository page's client view gets it, as its props (so also inline in the page's
 * HTML), and as the browser's refreshes turn the JSON into: the asset lists as counts only (the
 * missing assets stay named); of the release workflow its file (what the card names) and the
 * pipeline fix it calls for, decided here once; its commit by hash alone (commitLink); the runs'
 * and release's links relative to the repository (repositoryLink).
 */
export type PageTag = Omit<
  TagJson,
  "release" | "expectedAssets" | "runs" | "releaseWorkflow" | "commitUrl" | "action"
> & {
  release: (Omit<ReleaseJson, "assets"> & { assetCount: number }) | null;
  expectedAssetCount: number | null;
  runs: PageRun[];
  releaseFile: string | null;
  pipelineFix: PipelineFixOffer;
  action: PageTagAction | null;
};

export type PageHealth = Omit<HealthJson, "tags"> & { tags: PageTag[] };

/** The health JSON cut down to what the repository page's view shows. */
export function toPageHealth(health: HealthJson): PageHealth {
  return { ...health, tags: health.tags.map((tag) => toPageTag(tag, health.url)) };
}

/**
 * A GitHub address as the page's props carry it: relative to the repository's address when under
 * it (a run, a release: ~60 bytes fewer each in the page's inline payload), else whole.
 */
function linkUnder(repositoryUrl: string, url: string): string {
  const prefix = `${repositoryUrl}/`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : url;
}

/** The whole address of a link of a PageTag (run, release), for an `href`. */
export function repositoryLink(repositoryUrl: string, link: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : `${repositoryUrl}/${link}`;
}

/** A tag's commit on GitHub: the page carries the hash only, as GitHub's address is made of it. */
export function commitLink(repositoryUrl: string, commit: string): string {
  return `${repositoryUrl}/commit/${commit}`;
}

function toPageTag(
  {
    release,
    expectedAssets,
    runs,
    releaseWorkflow,
    commitUrl: _commitUrl,
    action,
    ...tag
  }: TagJson,
  repositoryUrl: string,
): PageTag {
  return {
    ...tag,
    runs: runs.map(({ createdAt: _created, ...run }) => ({
      ...run,
      url: linkUnder(repositoryUrl, run.url),
    })),
    releaseFile: releaseWorkflow?.file ?? null,
    pipelineFix: pipelineFixOffer({ ...tag, releaseWorkflow }),
    action: action && toPageAction(action),
    release: release && {
      name: release.name,
      url: linkUnder(repositoryUrl, release.url),
      draft: release.draft,
      prerelease: release.prerelease,
      publishedAt: release.publishedAt,
      author: release.author,
      assetCount: release.assets.length,
    },
    expectedAssetCount: expectedAssets?.length ?? null,
  };
}

function toPageAction(action: TagAction): PageTagAction {
  if (action.kind === "rerun") {
    const { runUrl: _runUrl, ...rerun } = action;
    return rerun;
  }
  const { workflow, declaredInputs: _declared, ref: _ref, ...dispatch } = action;
  return { ...dispatch, workflow: { file: workflow.file, path: workflow.path } };
}

/** Serialises a repository's health into the public JSON shape. */
export function toHealthJson(health: RepositoryHealth): HealthJson {
  return {
    repository: health.repository,
    tags: health.tags.map(toTagJson),
    summary: health.summary,
    url: health.url,
    isPrivate: health.isPrivate,
    isArchived: health.isArchived,
    viewerPermission: health.viewerPermission,
    notes: health.notes,
    nextTagsCursor: health.nextTagsCursor,
    pending: health.pending,
  };
}

function toTagJson(tag: TagHealth): TagJson {
  const release = tag.release;
  return {
    name: tag.name,
    commit: tag.commitOid,
    status: tag.status,
    release: release && {
      name: release.name ?? release.tagName,
      url: release.url,
      draft: release.isDraft,
      prerelease: release.isPrerelease,
      publishedAt: release.publishedAt,
      author: release.author,
      assets: release.assets.map(({ name, size, downloadCount }) => ({
        name,
        size,
        downloadCount,
      })),
    },
    runs: tag.runs.map((run) => ({
      id: run.id,
      workflow: run.workflowName,
      workflowPath: run.workflowPath,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      url: run.url,
      createdAt: run.createdAt,
    })),
    findings: tag.findings,
    commitUrl: tag.commitUrl,
    date: tag.date,
    annotated: tag.annotated,
    pushedBy: tag.pushedBy,
    expectedAssets: tag.expectedAssets,
    missingAssets: tag.missingAssets,
    releaseWorkflow: tag.releaseWorkflow,
    action: tag.action,
  };
}
