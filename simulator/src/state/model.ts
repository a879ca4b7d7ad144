import { createHash } from "node:crypto";

// The simulated GitHub's records (accounts, repositories, commits, tags, workflows, runs,
// releases) and the small pure helpers around them. Types only and functions of their arguments:
// every other file of state/ builds on this one.

export type Permission = "ADMIN" | "MAINTAIN" | "WRITE" | "TRIAGE" | "READ";
export const PERMISSION_RANK: Record<Permission, number> = {
  READ: 1,
  TRIAGE: 2,
  WRITE: 3,
  MAINTAIN: 4,
  ADMIN: 5,
};

export const BOT = {
  login: "github-actions[bot]",
  id: 41898282,
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
} as const;

export type RunStatus = "queued" | "in_progress" | "completed";
export type Conclusion =
  | "success"
  | "failure"
  | "cancelled"
  | "timed_out"
  | "startup_failure"
  | "action_required"
  | "neutral"
  | "skipped"
  | "stale";

export type Account = {
  login: string;
  id: number;
  nodeId: string;
  name: string;
  email: string;
  type: "User" | "Organization";
  createdAt: number;
  /** Not offered on the OAuth authorize page (machine users). */
  hidden: boolean;
  /** Organisations: member login -> role. */
  members: Map<string, "admin" | "member">;
};

export type GitIdentity = { name: string; email: string; date: number; login: string | null };

export type Commit = {
  sha: string;
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  parents: string[];
  files: Map<string, string>;
};

export type TagObject = {
  sha: string;
  name: string;
  message: string;
  tagger: GitIdentity;
  targetSha: string;
  targetType: "commit" | "tag";
};
export type TagRef = {
  name: string;
  targetType: "commit" | "tag";
  targetSha: string;
  createdAt: number;
};

export type ReleaseBehaviour = {
  /** Asset name templates ({repo}, {version}, {tag}). */
  assets: string[];
  /** Name of a GoReleaser-style checksums asset listing every artifact, or null. */
  checksums: string | null;
  draft: boolean;
  /** "auto": a tag with a "-" (v2.0.0-rc.1) is a prerelease. */
  prerelease: boolean | "auto";
  /** False for upload-only workflows (on: release). */
  createRelease: boolean;
  /** Dispatched runs publish the tag/version this input names instead of the ref (dispatch-inputs.ts). */
  versionInput: string | null;
  /** A boolean input: "false" builds but publishes nothing. */
  publishInput: string | null;
  /** A boolean input that, when "true", makes the run a rehearsal: it publishes nothing. */
  dryRunInput: string | null;
};

export type WorkflowConfig = {
  state: string;
  release: ReleaseBehaviour | null;
  /** A release bot (semantic-release, release-please...): its branch runs create the tag and release. */
  bot?: boolean;
};

export type Workflow = {
  id: number;
  nodeId: string;
  path: string;
  name: string;
  state: string;
  createdAt: number;
  updatedAt: number;
};

/** What a successful run does: publish a release for `tag` and upload its assets. */
export type RunEffect = {
  tag: string;
  behaviour: ReleaseBehaviour;
  draft: boolean;
  skipUploads: string[];
  extraAssets: string[];
  /** Dispatches and re-runs: create if missing, publish a draft, upload everything missing. */
  complete: boolean;
  /** The run creates the tag itself (release bots, a version input naming a new version) at this commit. */
  createTagAt?: string | null;
  /** Overrides the behaviour's prerelease rule (rolling `nightly` releases). */
  prerelease?: boolean;
};

export type Run = {
  id: number;
  nodeId: string;
  workflowId: number;
  path: string;
  name: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  headBranch: string | null;
  headSha: string;
  actor: string;
  triggeringActor: string;
  createdAt: number;
  runStartedAt: number;
  /** CheckSuite.branch: the branch for branch runs, null for tags. */
  branch: string | null;
  checkSuiteId: number;
  checkSuiteNodeId: string;
  /** Runs seeded by history sit in a final (or stuck) state. */
  fixed: { status: RunStatus; conclusion: Conclusion | null; updatedAt: number } | null;
  /** Live runs: queued at startedAt, in_progress one step later, completed (success) after two. */
  lifecycle: {
    startedAt: number;
    stepMs: number;
    applied: boolean;
    /** The last status reported to webhooks (workflow_run in_progress / completed). */
    notified?: RunStatus;
  } | null;
  effect: RunEffect | null;
  /** workflow_dispatch runs: the inputs the run received (defaults filled in). */
  inputs: Record<string, string> | null;
  /** 1 for a run started by an event, +1 per `workflow_run` link (GitHub stops after 3). */
  chainDepth: number;
};

export type DispatchRecord = {
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  by: string;
  at: string;
  runId: number;
};

export type Asset = {
  id: number;
  nodeId: string;
  name: string;
  size: number;
  contentType: string;
  downloadCount: number;
  createdAt: number;
  uploader: string;
};

export type Release = {
  id: number;
  nodeId: string;
  tagName: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  createdAt: number;
  publishedAt: number | null;
  author: string;
  /** Every artifact the release was meant to carry (what a checksums file lists). */
  planned: string[];
  checksums: string | null;
  assets: Asset[];
};

export type RepoEvent = {
  id: number;
  type: string;
  actor: string;
  createdAt: number;
  payload: Record<string, unknown>;
};

export type Repo = {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  description: string;
  private: boolean;
  archived: boolean;
  defaultBranch: string;
  createdAt: number;
  pushedAt: number;
  updatedAt: number;
  /** Explicit collaborators (owners and organisation admins are derived). */
  collaborators: Map<string, Permission>;
  commits: Map<string, Commit>;
  branches: Map<string, string>;
  tags: Map<string, TagRef>;
  tagObjects: Map<string, TagObject>;
  workflows: Workflow[];
  workflowConfig: Map<string, WorkflowConfig>;
  runNumbers: Map<number, number>;
  runs: Run[];
  releases: Release[];
  events: RepoEvent[];
};

export type OAuthApp = { clientId: string; clientSecret: string; name: string };

export type SkipReason =
  | "github-token"
  | "too-many-tags"
  | "workflow-disabled"
  | "no-matching-workflow";

export type PushReport = {
  commit: string | null;
  tags: string[];
  runs: { id: number; workflow: string; ref: string; event: string }[];
  skipped: { ref: string; reason: SkipReason; workflow?: string }[];
};

export type HistoryOutcome = {
  status?: RunStatus;
  conclusion?: Conclusion;
  draft?: boolean;
  skipUploads?: string[];
  extraAssets?: string[];
  /** A failed release-bot run that had already pushed its tag (tag exists, no release). */
  after?: "tag";
};

/** History replay: how a workflow's run on this entry ends (by workflow path). */
export type OutcomeFor = (path: string) => HistoryOutcome | undefined;

/** GitHub's timestamp format: ISO 8601 in seconds (`2024-05-01T12:00:00Z`). */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`04:${type}${id}`).toString("base64").replace(/=+$/, "");
}

export const WORKFLOW_DIR = ".github/workflows/";

export function isWorkflowPath(path: string): boolean {
  return (
    path.startsWith(WORKFLOW_DIR) &&
    /\.ya?ml$/.test(path) &&
    !path.slice(WORKFLOW_DIR.length).includes("/")
  );
}

export function contentTypeOf(name: string): string {
  if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "application/gzip";
  if (name.endsWith(".zip")) return "application/zip";
  if (name.endsWith(".txt") || name.endsWith(".sha256")) return "text/plain";
  if (name.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}

export function versionOf(tag: string): string {
  return tag.replace(/^v/, "");
}

export function expandTemplate(template: string, repo: string, tag: string): string {
  return template
    .replaceAll("{repo}", repo)
    .replaceAll("{version}", versionOf(tag))
    .replaceAll("{tag}", tag);
}

/** Stand-in bytes served for an uploaded artifact (real archives would be megabytes). */
export function artifactContent(repo: Repo, tag: string, name: string): string {
  return `simulated artifact ${name} of ${repo.owner}/${repo.name}@${tag}\n`;
}

/** GoReleaser-style checksums: `<sha256>  <file>` for every artifact the release was meant to have. */
export function checksumsContent(repo: Repo, release: Release): string {
  return release.planned
    .map(
      (name) =>
        `${createHash("sha256")
          .update(artifactContent(repo, release.tagName, name))
          .digest("hex")}  ${name}\n`,
    )
    .join("");
}

/** Where a release asset is downloaded on the web host (`base`). */
export function downloadUrl(base: string, repo: Repo, tag: string, name: string): string {
  return `${base}/${repo.owner}/${repo.name}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(name)}`;
}
