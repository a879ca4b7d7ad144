import { getCompleteReleases } from "./expected-assets";
import {
  chooseReleaseWorkflow,
  getReleaseTrigger,
  makesItsOwnTags,
  type ReleaseChoice,
  type WorkflowEvidence,
} from "./release-workflow";
import { getReleaseRuns } from "./runs";
import type {
  ReleaseInfo,
  ReleaseTrigger,
  ReleaseWorkflowRef,
  RepositorySnapshot,
  TagInfo,
  WorkflowInfo,
  WorkflowRunInfo,
} from "./types";
import { normalizeWorkflowPath, type ParsedWorkflow, parseWorkflow } from "./workflows";

/** What every tag's judgement needs, computed once per repository. */
export type HealthContext = WorkflowEvidence & {
  snapshot: RepositorySnapshot;
  /** "owner/name" */
  repository: string;
  now: Date;
  globs: string[] | null;
  /** No workflow anywhere runs on tags or releases: tags are judged by their releases alone. */
  judgeByReleasesOnly: boolean;
  completeReleases: ReleaseInfo[];
  releaseRuns: Map<string, WorkflowRunInfo[]>;
  /** Tags without a release run whose dates put them in one push of four or more, by tag name. */
  clusters: Map<string, string[]>;
  releaseFor: (tagName: string) => ReleaseInfo | null;
  restWorkflow: (path: string) => WorkflowInfo | null;
  /** The release workflow chosen for each tag (computed once). */
  choiceFor: (tag: TagInfo) => ReleaseChoice | null;
};

const CLUSTER_GAP_MS = 2 * 60 * 1000;
const CLUSTER_MIN_SIZE = 4;

/** The date a tag was made: taggedAt for annotated tags, else its commit's date. */
export function getTagDate(tag: TagInfo): string {
  return tag.taggedAt ?? tag.commitDate;
}

/** Groups tags without a release run whose dates lie within two minutes of the next: one push, probably. */
export function getTagClusters(
  tags: TagInfo[],
  releaseRuns: Map<string, WorkflowRunInfo[]>,
): Map<string, string[]> {
  const candidates = tags
    .filter((tag) => (releaseRuns.get(tag.name) ?? []).length === 0)
    .map((tag) => ({ name: tag.name, time: Date.parse(getTagDate(tag)) }))
    .filter((candidate) => !Number.isNaN(candidate.time))
    .sort((a, b) => a.time - b.time);
  const clusters = new Map<string, string[]>();
  let group: typeof candidates = [];
  const close = () => {
    if (group.length >= CLUSTER_MIN_SIZE) {
      const names = group.map((member) => member.name);
      for (const name of names) clusters.set(name, names);
    }
  };
  for (const candidate of candidates) {
    const last = group.at(-1);
    if (last && candidate.time - last.time > CLUSTER_GAP_MS) {
      close();
      group = [];
    }
    group.push(candidate);
  }
  close();
  return clusters;
}

function pickRelease(releases: ReleaseInfo[]): ReleaseInfo | null {
  // Several releases for one tag: a published one beats a leftover draft; then the newest.
  const sorted = [...releases].sort(
    (a, b) =>
      Number(a.isDraft) - Number(b.isDraft) || Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
  return sorted[0] ?? null;
}

function append(map: Map<string, string[]>, key: string, value: string): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Tags with a published release, by the workflows whose successful runs were on their commits
 * (`shipped`), and by the workflow whose run started last before the release was created, when
 * one clearly did (`made`: the run that most likely created it).
 */
function getReleaseHistory(snapshot: RepositorySnapshot) {
  const published = new Map(
    snapshot.releases
      .filter((release) => !release.isDraft)
      .map((release) => [release.tagName, release]),
  );
  const shipped = new Map<string, string[]>();
  const made = new Map<string, string[]>();
  for (const tag of snapshot.tags) {
    const release = published.get(tag.name);
    if (!release) continue;
    const succeeded = tag.runs.filter(
      (run) => run.status === "completed" && run.conclusion === "success",
    );
    const paths = new Set(succeeded.map((run) => normalizeWorkflowPath(run.workflowPath)));
    for (const path of paths) append(shipped, path, tag.name);
    const before = succeeded
      .filter((run) => Date.parse(run.createdAt) <= Date.parse(release.createdAt))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const [last, previous] = before;
    // Runs started by one push start together: only a run clearly later than the rest counts.
    if (last && (!previous || Date.parse(last.createdAt) > Date.parse(previous.createdAt))) {
      append(made, normalizeWorkflowPath(last.workflowPath), tag.name);
    }
  }
  return { shipped, made };
}

/**
 * The chosen workflow's runs first (an announcement that also runs on tags is not the release
 * run), unless another release workflow's newer run failed or is still going: that one says more.
 */
function chosenRunsFirst(runs: WorkflowRunInfo[], choice: ReleaseChoice | null): WorkflowRunInfo[] {
  const chosenPath = choice?.workflow.path;
  const newest = runs[0];
  if (!newest || !chosenPath || normalizeWorkflowPath(newest.workflowPath) === chosenPath)
    return runs;
  if (newest.status !== "completed" || newest.conclusion !== "success") return runs;
  const isChosen = (run: WorkflowRunInfo) => normalizeWorkflowPath(run.workflowPath) === chosenPath;
  return [...runs.filter(isChosen), ...runs.filter((run) => !isChosen(run))];
}

/** Builds the per-repository context tags are judged in. */
export function createHealthContext(
  snapshot: RepositorySnapshot,
  now: Date,
  globs: string[] | null,
  configuredWorkflow: string | null = null,
): HealthContext {
  const headWorkflows = snapshot.headWorkflowFiles.map(parseWorkflow);
  const tagWorkflows = new Map<string, ParsedWorkflow[]>();
  for (const tag of snapshot.tags) {
    if (tag.workflowFiles) tagWorkflows.set(tag.name, tag.workflowFiles.map(parseWorkflow));
  }
  const workflowsAt = (tag: TagInfo) => tagWorkflows.get(tag.name) ?? headWorkflows;

  const releasesByTag = new Map<string, ReleaseInfo[]>();
  for (const release of snapshot.releases) {
    releasesByTag.set(release.tagName, [...(releasesByTag.get(release.tagName) ?? []), release]);
  }
  const restByPath = new Map<string, WorkflowInfo>();
  for (const workflow of snapshot.workflows ?? []) {
    restByPath.set(normalizeWorkflowPath(workflow.path), workflow);
  }

  const history = getReleaseHistory(snapshot);
  const choices = new Map<string, ReleaseChoice | null>();
  const releaseRuns = new Map<string, WorkflowRunInfo[]>();
  const context: HealthContext = {
    snapshot,
    repository: `${snapshot.owner}/${snapshot.name}`,
    now,
    globs,
    headWorkflows,
    judgeByReleasesOnly: false,
    completeReleases: getCompleteReleases(snapshot.releases),
    releaseRuns,
    clusters: new Map(),
    workflowsAt,
    releaseFor: (tagName) => pickRelease(releasesByTag.get(tagName) ?? []),
    restWorkflow: (path) => restByPath.get(normalizeWorkflowPath(path)) ?? null,
    configuredWorkflow,
    shippedBy: history.shipped,
    madeBy: history.made,
    choiceFor: (tag) => {
      if (!choices.has(tag.name)) choices.set(tag.name, chooseReleaseWorkflow(tag, context));
      return choices.get(tag.name) ?? null;
    },
  };

  // Runs of any workflow that looks like it releases count, not only the chosen one: a tag's newest
  // release run says which workflow actually ran for it. Checks that merely run on tags do not.
  const releasePaths = new Set<string>();
  for (const workflow of [...headWorkflows, ...[...tagWorkflows.values()].flat()]) {
    if (workflow.isRelease) releasePaths.add(workflow.path);
  }
  for (const tag of snapshot.tags) {
    const choice = context.choiceFor(tag);
    if (choice) releasePaths.add(choice.workflow.path);
  }
  // Without any workflow file to read, fall back on names so runs can still be told apart.
  const noFiles = headWorkflows.length === 0 && tagWorkflows.size === 0;
  for (const workflow of snapshot.workflows ?? []) {
    if (noFiles && /release/i.test(`${workflow.name} ${workflow.path}`)) {
      releasePaths.add(normalizeWorkflowPath(workflow.path));
    }
  }
  for (const tag of snapshot.tags) {
    const choice = context.choiceFor(tag);
    const botPath = choice && makesItsOwnTags(choice) ? choice.workflow.path : null;
    releaseRuns.set(tag.name, chosenRunsFirst(getReleaseRuns(tag, releasePaths, botPath), choice));
  }
  context.judgeByReleasesOnly = releasePaths.size === 0;
  context.clusters = getTagClusters(snapshot.tags, releaseRuns);
  return context;
}

function triggerOfRun(run: WorkflowRunInfo, tag: TagInfo): ReleaseTrigger | null {
  const forBranch = run.branch !== null && run.branch !== tag.name;
  switch (run.event) {
    case "push":
      return forBranch ? "release-bot" : "tag-push";
    case "create":
      return "create";
    case "workflow_run":
      return "workflow-run";
    case "release":
      return "release";
    case "workflow_dispatch":
      return "dispatch";
    default:
      return null;
  }
}

/** Describes a workflow for a tag: its REST id and state, how it starts for the tag, and why it was chosen. */
export function toWorkflowRef(
  workflow: ParsedWorkflow,
  tag: TagInfo,
  context: HealthContext,
  runWorkflowId?: number,
): ReleaseWorkflowRef {
  const rest = context.restWorkflow(workflow.path);
  const atTag = context.workflowsAt(tag).find((candidate) => candidate.path === workflow.path);
  const choice = context.choiceFor(tag);
  const chosen = choice?.workflow.path === workflow.path ? choice : null;
  const all = context.workflowsAt(tag);
  // A run on the tag says how the workflow really started (a bot-pushed tag never fires its tag filter).
  const newest = (context.releaseRuns.get(tag.name) ?? []).find(
    (candidate) => normalizeWorkflowPath(candidate.workflowPath) === workflow.path,
  );
  const ran = newest ? triggerOfRun(newest, tag) : null;
  return {
    trigger: ran ?? chosen?.trigger ?? getReleaseTrigger(workflow, tag.name, all) ?? "dispatch",
    releaseTypes: workflow.releaseTypes,
    upstream: workflow.workflowRun?.workflows ?? [],
    chosenBy: chosen?.chosenBy ?? "history",
    evidence: chosen?.evidence ?? `its run is on ${tag.name}`,
    path: workflow.path,
    file: workflow.file,
    name: rest?.name ?? workflow.name,
    id: rest?.id ?? runWorkflowId ?? null,
    state: rest?.state ?? null,
    hasDispatchTrigger: atTag?.dispatch ?? false,
  };
}
