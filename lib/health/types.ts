// The app's own shapes for release health. lib/github reshapes GitHub's answers into the
// *Info/Snapshot types below; lib/health judges a snapshot (JudgedRepository). Nothing here
// knows about GraphQL edges, HTTP, React or Next.

export type Permission = "ADMIN" | "MAINTAIN" | "WRITE" | "TRIAGE" | "READ";

/** A git identity (tagger, author, committer). `login` is null when GitHub links no user (e.g. github-actions[bot]). */
export type GitActor = {
  name: string | null;
  email: string | null;
  login: string | null;
};

export type RunStatus =
  | "queued"
  | "in_progress"
  | "completed"
  | "waiting"
  | "pending"
  | "requested";

export type RunConclusion =
  | "success"
  | "failure"
  | "cancelled"
  | "timed_out"
  | "startup_failure"
  | "action_required"
  | "neutral"
  | "skipped"
  | "stale";

/** One workflow run on a commit (GitHub: a CheckSuite with its workflowRun). */
export type WorkflowRunInfo = {
  /** REST run id (workflowRun.databaseId). */
  id: number;
  runNumber: number;
  workflowId: number;
  workflowName: string;
  /** e.g. ".github/workflows/release.yml" */
  workflowPath: string;
  /** "push", "workflow_dispatch", "release", "pull_request", ... */
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  /** CheckSuite.branch: the branch the run was for; null for tag pushes. */
  branch: string | null;
  url: string;
  createdAt: string;
};

/** A workflow file as it is at some commit. */
export type WorkflowFile = {
  /** ".github/workflows/release.yml" */
  path: string;
  text: string;
};

/** A workflow as REST `GET /actions/workflows` lists it. */
export type WorkflowInfo = {
  id: number;
  name: string;
  path: string;
  /** "active", "disabled_manually", "disabled_inactivity", "disabled_fork", "deleted" */
  state: string;
};

export type TagInfo = {
  name: string;
  /** The commit the tag finally points to (tags of tags are peeled). */
  commitOid: string;
  commitUrl: string;
  commitDate: string;
  /** True when the ref points to an annotated tag object. */
  annotated: boolean;
  /** The outermost tag object's tagger, for annotated tags. */
  tagger: GitActor | null;
  taggedAt: string | null;
  commitAuthor: GitActor | null;
  commitCommitter: GitActor | null;
  /** Every workflow run on the tag's commit (branch CI runs included; lib/health sorts them out). */
  runs: WorkflowRunInfo[];
  /** `.github/workflows/*` at the tag's commit; null when GitHub did not say. */
  workflowFiles: WorkflowFile[] | null;
};

export type AssetInfo = {
  name: string;
  size: number;
  downloadCount: number;
  downloadUrl: string;
  /** When the upload began: a release is complete once its last expected asset is there. */
  createdAt: string;
};

export type ReleaseInfo = {
  name: string | null;
  tagName: string;
  url: string;
  isDraft: boolean;
  isPrerelease: boolean;
  isLatest: boolean;
  createdAt: string;
  publishedAt: string | null;
  /** Login of the release's author; "github-actions[bot]" for releases made with GITHUB_TOKEN. */
  author: string | null;
  /** null when the tag no longer exists (or for drafts whose tag was never pushed). */
  tagCommitOid: string | null;
  assets: AssetInfo[];
  /** releaseAssets.totalCount: may exceed assets.length when GitHub paged them. */
  assetCount: number;
};

/** Everything lib/health needs about one repository, fetched in one GraphQL round trip (+ one REST call for workflow state). */
export type RepositorySnapshot = {
  owner: string;
  name: string;
  url: string;
  isPrivate: boolean;
  isArchived: boolean;
  defaultBranch: string | null;
  viewerPermission: Permission | null;
  /** Newest first (by commit date, as GitHub orders TAG_COMMIT_DATE). */
  tags: TagInfo[];
  totalTags: number;
  /** Cursor for the next (older) page of tags; null when there is none. */
  nextTagsCursor: string | null;
  /** Newest first. */
  releases: ReleaseInfo[];
  /** `.github/workflows/*` on the default branch. */
  headWorkflowFiles: WorkflowFile[];
  /** REST workflow list with state; null when it could not be fetched. */
  workflows: WorkflowInfo[] | null;
  /** Text of `.github/tagwatch.yml` on the default branch, or null. */
  tagwatchConfig: string | null;
  /** Asset names listed in a release's checksums manifest, by tag name (only for releases that have one). */
  manifests: Record<string, string[]>;
};

// ---------------------------------------------------------------------------------------------
// Output

/** Most severe first; a tag's status is its most severe finding. */
export const TAG_STATUSES = [
  "not-triggered",
  "run-failed",
  "missing-release",
  "missing-assets",
  "draft-release",
  "run-pending",
  "healthy",
] as const;
export type TagStatus = (typeof TAG_STATUSES)[number];

/** Why a tag has no release run (or a release has no assets). */
export type Cause =
  | "github-token"
  | "too-many-tags"
  | "workflow-disabled"
  | "no-matching-workflow"
  | "github-token-release"
  | "manual-only"
  | "release-bot"
  | "upstream-not-run"
  | "chain-not-fired"
  | "no-release-published"
  | "release-type"
  | "unknown";

export type FindingCode = Exclude<TagStatus, "healthy"> | "prerelease";

export type Finding = {
  code: FindingCode;
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  hint: string;
  cause?: Cause;
  /** Pages the message or hint refers to (run log, workflow file, ...), shown as links. */
  links?: { label: string; url: string }[];
};

/**
 * How a release workflow is started for a tag:
 * - `tag-push`: `on.push.tags` / `tags-ignore`, or `on: push` without filters (every tag);
 * - `create`: `on: create` (every branch or tag created);
 * - `release`: `on: release` (activity types in `releaseTypes`);
 * - `workflow-run`: `on: workflow_run` after another workflow's run on the tag;
 * - `release-bot`: a push to a branch runs it, and it creates the tag and the release itself
 *   (semantic-release, release-please, changesets, `gh release create`);
 * - `dispatch`: only by hand (`workflow_dispatch`, `workflow_call`).
 */
export type ReleaseTrigger =
  | "tag-push"
  | "create"
  | "release"
  | "workflow-run"
  | "release-bot"
  | "dispatch";

/** Why tagwatch took this workflow for the release workflow, strongest evidence first. */
export type ReleaseWorkflowEvidence =
  | "config" // `.github/tagwatch.yml` `release-workflow:`
  | "history" // its runs shipped earlier tags, or its run created a release
  | "jobs" // its steps publish (gh release create, GoReleaser, cargo-dist, image push, ...)
  | "name" // its file or name says release/deploy/publish
  | "only"; // the only candidate

/** The release workflow that should have shipped a tag. */
export type ReleaseWorkflowRef = {
  trigger: ReleaseTrigger;
  /** For `release` triggers: the activity types it listens to (empty = every type). */
  releaseTypes: string[];
  /** For `workflow-run` triggers: the upstream workflows' names. */
  upstream: string[];
  chosenBy: ReleaseWorkflowEvidence;
  /** The evidence in one sentence, e.g. "its runs shipped v1.2.0 and v1.1.0". */
  evidence: string;
  path: string;
  /** File name, e.g. "release.yml" (what `gh workflow run` and the dispatch API accept). */
  file: string;
  name: string;
  id: number | null;
  state: string | null;
  /** Whether the workflow file at the tag's commit has an `on.workflow_dispatch` trigger. */
  hasDispatchTrigger: boolean;
};

/** One `on.workflow_dispatch.inputs.<name>` of a workflow file. */
export type DispatchInput = {
  name: string;
  type: "string" | "boolean" | "choice" | "number" | "environment";
  required: boolean;
  /** The declared default as the string GitHub would use; null when none is declared. */
  default: string | null;
  /** `choice` options; null for other types. */
  options: string[] | null;
  description: string | null;
};

/** One tag as the core judges it: status, findings, release and runs (lib/repository adds its action). */
export type JudgedTag = {
  name: string;
  commitOid: string;
  commitUrl: string;
  /** taggedAt for annotated tags, else the commit date. */
  date: string;
  annotated: boolean;
  /** Login or name of whoever made the tag (tagger, else committer). */
  pushedBy: string | null;
  status: TagStatus;
  release: ReleaseInfo | null;
  /** Asset names expected for this tag; null when there is nothing to compare with. */
  expectedAssets: string[] | null;
  missingAssets: string[];
  /** Release-workflow runs that belong to this tag, newest first. */
  runs: WorkflowRunInfo[];
  releaseWorkflow: ReleaseWorkflowRef | null;
  findings: Finding[];
};

export type HealthSummary = {
  total: number;
  counts: Record<TagStatus, number>;
  /** Tags whose status is not healthy and not run-pending. */
  flagged: number;
  /** Most severe status over all tags; "healthy" when there are none. */
  worst: TagStatus;
  latestTag: string | null;
  latestRelease: string | null;
};

/** Every tag of one page of a repository, judged. */
export type JudgedRepository = {
  /** "owner/name" */
  repository: string;
  owner: string;
  name: string;
  url: string;
  isPrivate: boolean;
  isArchived: boolean;
  viewerPermission: Permission | null;
  tags: JudgedTag[];
  summary: HealthSummary;
  /** Repository-level remarks: archived, no workflows, no tags, ... */
  notes: string[];
  nextTagsCursor: string | null;
  /** True while any tag has a queued or running release run: clients poll faster. */
  pending: boolean;
};

/** Rules for which assets a tag's release should carry. */
export type ExpectedAssetRules = {
  /** From `.github/tagwatch.yml` `expected-assets:`: globs, `{version}` substituted. */
  globs: string[] | null;
};
