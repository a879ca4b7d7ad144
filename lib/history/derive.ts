import { type Judgement, judgeRepository } from "@/lib/health";
import { getExpectedAssetsPresent } from "@/lib/health/expected-assets";
import type { JudgedTag, RepositorySnapshot, TagInfo, WorkflowRunInfo } from "@/lib/health/types";
import { getHistoryPeriod, getMonths, getSummary, minutesBetween } from "./stats";
import type { DispatchedBy, RepositoryHistory, ShippedBy, TagHistory } from "./types";

// How each tag of a repository shipped, from the same judgement as the dashboard (lib/health):
// a tag ships when its status becomes Shipped, at the moment that became true. Pure: `now` and
// everything GitHub said are passed in.

/** What REST says of a workflow run that GraphQL does not: its attempts and who started it. */
export type RunAttempt = {
  /** `run_attempt`: 1, then +1 per re-run. */
  attempt: number;
  /** `run_started_at`: when the latest attempt started. */
  startedAt: string;
  /** `actor`: who started the run (for a dispatch, who dispatched it). */
  actor: string | null;
};

/** A snapshot judged once, as the dashboard judges it, for the two steps below. */
export type HistoryJudgement = { snapshot: RepositorySnapshot; judgement: Judgement; now: Date };

/** What GitHub's REST API and tagwatch's own records add to the judgement. */
export type HistoryFacts = {
  /** By run id; a run REST did not list counts as never re-run. */
  attempts: ReadonlyMap<number, RunAttempt>;
  /** How tagwatch's own dispatches are recognised: its App's bot, and the runs watch mode recorded. */
  tagwatch: { botLogin: string | null; runIds: readonly number[] };
  notes?: string[];
};

/** Judges a snapshot's tags for their history, with the dashboard's rules. */
export function judgeHistory(snapshot: RepositorySnapshot, now: Date): HistoryJudgement {
  return { snapshot, judgement: judgeRepository(snapshot, { now }), now };
}

// Tag events whose run is the tag's own: the time such a run was created is when the tag arrived.
const PUSH_EVENTS = new Set(["push", "create"]);

function time(iso: string | null | undefined): number {
  const value = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(value) ? Number.NaN : value;
}

/**
 * When the tag reached GitHub: its tag date (tagger, else commit), or the first run its push
 * started when that is later (a lightweight tag pushed long after its commit).
 */
export function getPushedAt(tag: TagInfo, runs: readonly WorkflowRunInfo[]): number {
  const dated = time(tag.taggedAt ?? tag.commitDate);
  const pushRuns = runs
    .filter((run) => PUSH_EVENTS.has(run.event) && (run.branch === null || run.branch === tag.name))
    .map((run) => time(run.createdAt))
    .filter((value) => !Number.isNaN(value));
  const firstRun = pushRuns.length > 0 ? Math.min(...pushRuns) : Number.NaN;
  if (Number.isNaN(dated)) return firstRun;
  return Number.isNaN(firstRun) ? dated : Math.max(dated, firstRun);
}

/** The moment a Shipped tag became Shipped: its release's publication or its last expected asset. */
export function getShippedAt(judged: JudgedTag, globs: boolean): number | null {
  const release = judged.release;
  if (judged.status !== "healthy" || !release || release.isDraft) return null;
  const published = time(release.publishedAt ?? release.createdAt);
  const uploads = getExpectedAssetsPresent(judged.expectedAssets ?? [], release, globs)
    .map((asset) => time(asset.createdAt))
    .filter((value) => !Number.isNaN(value));
  const shippedAt = Math.max(published, ...uploads);
  return Number.isNaN(shippedAt) ? null : shippedAt;
}

function isSuccess(run: WorkflowRunInfo): boolean {
  return run.status === "completed" && run.conclusion === "success";
}

/**
 * The release run that shipped the tag: the newest successful one started before it shipped, or
 * started by the release's publication itself (`on: release` runs that add the assets).
 */
function shippingRun(runs: readonly WorkflowRunInfo[], shippedAt: number): WorkflowRunInfo | null {
  return (
    runs.find(
      (run) => isSuccess(run) && (time(run.createdAt) <= shippedAt || run.event === "release"),
    ) ?? null
  );
}

/** The attempt that shipped: the latest, unless the latest started after the tag had shipped. */
function shippingAttempt(detail: RunAttempt | undefined, shippedAt: number): number {
  if (!detail) return 1;
  return time(detail.startedAt) > shippedAt ? detail.attempt - 1 : detail.attempt;
}

function howShipped(
  run: WorkflowRunInfo | null,
  shippedAt: number,
  input: HistoryFacts,
): { shippedBy: ShippedBy; dispatchedBy: DispatchedBy | null } {
  if (!run) return { shippedBy: "manual", dispatchedBy: null };
  const detail = input.attempts.get(run.id);
  if (run.event === "workflow_dispatch") {
    const { botLogin, runIds } = input.tagwatch;
    const byTagwatch =
      runIds.includes(run.id) ||
      (botLogin !== null && detail?.actor?.toLowerCase() === botLogin.toLowerCase());
    return { shippedBy: "dispatch", dispatchedBy: byTagwatch ? "tagwatch" : "person" };
  }
  if (shippingAttempt(detail, shippedAt) > 1) return { shippedBy: "rerun", dispatchedBy: null };
  return { shippedBy: "itself", dispatchedBy: null };
}

function toTagHistory(
  tag: TagInfo,
  judged: JudgedTag,
  input: HistoryFacts,
  globs: boolean,
): { entry: TagHistory; pushedAt: number } | null {
  const pushedAt = getPushedAt(tag, judged.runs);
  if (Number.isNaN(pushedAt)) return null;
  const shippedAt = getShippedAt(judged, globs);
  const how =
    shippedAt === null ? null : howShipped(shippingRun(judged.runs, shippedAt), shippedAt, input);
  return {
    pushedAt,
    entry: {
      name: tag.name,
      pushedAt: new Date(pushedAt).toISOString(),
      shippedAt: shippedAt === null ? null : new Date(shippedAt).toISOString(),
      minutesToShip: shippedAt === null ? null : minutesBetween(pushedAt, shippedAt),
      shippedBy: how?.shippedBy ?? null,
      dispatchedBy: how?.dispatchedBy ?? null,
    },
  };
}

/** The release workflow whose runs REST is asked about, and the successful runs it should list. */
export type RunsToAsk = { workflowId: number; runIds: number[] };

/**
 * The workflow whose runs REST should be asked about (attempts, who dispatched): the one that ran
 * most successful release runs of a judged repository's tags. Null when no tag has one.
 */
export function getRunsToAsk(judged: {
  tags: readonly Pick<JudgedTag, "runs">[];
}): RunsToAsk | null {
  const byWorkflow = new Map<number, number[]>();
  for (const tag of judged.tags) {
    for (const run of tag.runs) {
      if (!isSuccess(run) || run.workflowId <= 0) continue;
      byWorkflow.set(run.workflowId, [...(byWorkflow.get(run.workflowId) ?? []), run.id]);
    }
  }
  const [workflowId, runIds] =
    [...byWorkflow.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  return workflowId === undefined || !runIds ? null : { workflowId, runIds };
}

/** A repository's release history: each tag of the period, each month, and the whole period. */
export function getRepositoryHistory(
  judged: HistoryJudgement,
  facts: HistoryFacts,
): RepositoryHistory {
  const { snapshot, now } = judged;
  const { repository, context } = judged.judgement;
  const entries = repository.tags.flatMap((judgedTag, index) => {
    // judgeRepository keeps the snapshot's order: the same index is the same tag.
    const tag = snapshot.tags[index];
    const entry = tag ? toTagHistory(tag, judgedTag, facts, context.globs !== null) : null;
    return entry ? [entry] : [];
  });
  const period = getHistoryPeriod(
    now,
    snapshot.nextTagsCursor === null ? null : Math.min(...entries.map((entry) => entry.pushedAt)),
  );
  const tags = entries
    .filter((entry) => entry.pushedAt >= period.from)
    .sort((a, b) => b.pushedAt - a.pushedAt)
    .map((entry) => entry.entry);
  const notes = [...(facts.notes ?? [])];
  if (period.truncated) {
    notes.push(
      `${repository.repository} has more tags than the ${snapshot.tags.length} newest: the history starts at ${period.months[0]}, whose count may be partial.`,
    );
  }
  return {
    repository: repository.repository,
    tags,
    months: getMonths(tags, period.months),
    summary: getSummary(tags),
    notes,
  };
}
