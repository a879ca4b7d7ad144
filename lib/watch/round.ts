import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { InstallationClient } from "@/lib/github/app";
import { hasPendingRun } from "@/lib/github/queries/repository-health";
import { notifyWatchRound } from "@/lib/notify/notify";
import { keepWatchedItem, watchedItemOf } from "@/lib/overview/watched";
import { getStore } from "@/lib/store";
import { getRepositoryGeneration, invalidateRepository } from "@/lib/store/cache-policy";
import { dispatchWorkflow } from "@/lib/tag-actions/dispatch";
import { fingerprintOf, type Watermark } from "./changes";
import { parseWatchConfig } from "./config";
import { noteDue } from "./due";
import { type IssueChange, planIssue, readIssueRecord } from "./issue-text";
import { claimWriteSlots, nextSlotAt, type Writes } from "./pacing";
import { readRepository } from "./read";
import { type DispatchRecord, planWatch, type WatchRecord } from "./rules";
import {
  adoptNamedState,
  dispatchClaimKey,
  getDispatchRecords,
  getTagsSeen,
  getWatchStartedAt,
  rememberRepositoryId,
  setDispatchRecords,
  setWatchStatus,
  type WatchStatus,
  watchKey,
} from "./state";
import { setWatermark } from "./sweep-state";
import { applyIssueChange } from "./tracking-issue";

// One round of watch mode around the pure rules (rules.ts, issue-text.ts): read a watched
// repository with the App's installation token (read.ts), dispatch what the rules allow (once per
// tag, never retried), and keep the one tracking issue in step. Every read happens before the
// first write, so a GitHub fault while reading leaves nothing half-written. Writes are paced
// (pacing.ts): one without a slot is put off to a later round, never queued. The round ends by
// keeping what it saw for the sweep (the watermark), the overview (the card) and the due list.
// Every decision a notifier would tell about is made here.

/** What watching one repository found and did, for the sweep's summary and the dashboard. */
export type RepositoryWatchResult = {
  repository: string;
  problems: string[];
  /** Tags still within their grace period. */
  waiting: string[];
  dispatched: string[];
  issue: { number: number; url: string; change: IssueChange["kind"] } | null;
  /** Another sweep or webhook was watching the repository; it runs once more when done. */
  busy?: true;
  /** A write was put off (pacing): a later round makes it. */
  deferred?: true;
  error?: string;
  /** GitHub's rate limit stopped the round; it resets then. */
  limitedUntil?: string;
};

const LOCK_SECONDS = 120;

/** The writes an issue change makes: edits count a minute, issues and comments also an hour. */
function writesOf(change: IssueChange): Writes {
  switch (change.kind) {
    case "none":
      return { writes: 0, creates: 0 };
    case "open":
      return { writes: 1, creates: 1 };
    case "update":
      return change.comment ? { writes: 2, creates: 1 } : { writes: 1, creates: 0 };
    case "close":
      return { writes: 2, creates: 1 };
  }
}

function earliest(times: string[]): string | null {
  return times.length === 0 ? null : ([...times].sort()[0] ?? null);
}

async function watchOnce(
  access: InstallationClient,
  repository: string,
  now: Date,
): Promise<RepositoryWatchResult> {
  const [owner = "", repo = ""] = repository.split("/");
  const { client } = access;
  const installationId = access.installation.id;
  const store = getStore();

  // Reads. The cache generation first: whatever happens during the read makes the card stale.
  const generation = await getRepositoryGeneration(owner, repo);
  const { snapshot, health, mark, open } = await readRepository(access, repository, now);
  const { watch: config } = parseWatchConfig(snapshot.tagwatchConfig);
  const inIssue = readIssueRecord(open?.body);
  // Kept by node id, so a renamed or transferred repository keeps its history.
  const id = mark.nodeId;
  await rememberRepositoryId(repository, id);
  await adoptNamedState(repository, id);
  const stored = await getDispatchRecords(id);
  const seenAt = await getTagsSeen(id);
  const addedAt = await getWatchStartedAt(id);
  const installedAt = new Date(access.installation.createdAt);
  const since = addedAt && addedAt > installedAt ? addedAt : installedAt;
  const record: WatchRecord = {
    listed: open ? inIssue.listed : [],
    dispatched: { ...inIssue.dispatched, ...stored },
  };

  const plan = planWatch({ health, config, now, watchingSince: since, seenAt, record });

  // Writes: dispatches first (each claimed in the store before it is sent, so no other instance
  // or later round sends it again, whatever happens to this one), then the issue.
  let deferred = false;
  const dispatched: string[] = [];
  for (const entry of plan.dispatch) {
    if (!(await claimWriteSlots(installationId, { writes: 1, creates: 0 }))) {
      deferred = true;
      break;
    }
    const claimed = await store.setIfAbsent(dispatchClaimKey(id, entry.tag), now.toISOString());
    if (!claimed) continue;
    let result: DispatchRecord;
    try {
      const run = await dispatchWorkflow(client, {
        owner,
        repo,
        workflow: entry.workflow,
        ref: entry.tag,
        inputs: entry.inputs,
      });
      result = {
        at: now.toISOString(),
        workflow: entry.workflow,
        runUrl: run.htmlUrl,
        error: null,
      };
      dispatched.push(entry.tag);
    } catch (error) {
      const message = error instanceof AppError ? error.message : "GitHub did not answer.";
      result = { at: now.toISOString(), workflow: entry.workflow, runUrl: null, error: message };
    }
    record.dispatched[entry.tag] = result;
    await setDispatchRecords(id, record.dispatched);
  }
  if (dispatched.length > 0) {
    await invalidateRepository(owner, repo);
  }

  const dashboardUrl = getEnv().appUrl ? `${getEnv().appUrl}/${owner}/${repo}` : null;
  const change = planIssue(
    { health, plan, record, dashboardUrl, redispatch: config.redispatch },
    open,
    config.issue,
  );
  let issue: { number: number; url: string } | null = open
    ? { number: open.number, url: open.url }
    : null;
  if (!deferred && (await claimWriteSlots(installationId, writesOf(change)))) {
    issue = await applyIssueChange(client, { owner, repo }, open, change);
  } else {
    deferred = true;
  }
  // The owner's chat channels and webhooks hear of what this round found and did (never throws).
  await notifyWatchRound({
    repository,
    at: now.toISOString(),
    problems: plan.problems,
    tags: health.tags,
    dispatchedNow: dispatched,
    dispatches: record.dispatched,
    dashboardUrl,
    issueUrl: issue?.url ?? open?.url ?? null,
  });

  const status: WatchStatus = {
    checkedAt: now.toISOString(),
    issue,
    problems: plan.problems.map((problem) => problem.tag.name),
    dispatched: record.dispatched,
  };
  await setWatchStatus(id, status);
  await keepWatchedItem(watchedItemOf(snapshot, mark.pushedAt, now, generation));
  const dueAt =
    earliest([
      ...Object.values(plan.waiting),
      ...(deferred ? [nextSlotAt(now.getTime()).toISOString()] : []),
    ]) ?? null;
  const watermark: Watermark = {
    nodeId: mark.nodeId,
    databaseId: mark.databaseId,
    repository,
    fingerprint: fingerprintOf(mark),
    readAt: now.toISOString(),
    pending: hasPendingRun(snapshot) || dispatched.length > 0,
    dueAt,
    problems: status.problems.length > 0 || issue !== null,
    deferred,
  };
  await setWatermark(watermark);
  await noteDue({ nodeId: mark.nodeId, repository, installationId, dueAt });
  return {
    repository,
    problems: status.problems,
    waiting: Object.keys(plan.waiting),
    dispatched,
    issue: issue ? { ...issue, change: deferred ? "none" : change.kind } : null,
    ...(deferred ? { deferred: true as const } : {}),
  };
}

/**
 * Watches one repository: reads it with the App's token, dispatches what the rules allow and
 * keeps the tracking issue in step. One round at a time per repository (a short lock in the
 * shared store); a request that finds it busy asks the running round to look once more.
 */
export async function watchRepository(
  access: InstallationClient,
  repository: string,
  options: { now?: () => Date } = {},
): Promise<RepositoryWatchResult> {
  const store = getStore();
  const lock = watchKey("lock", repository);
  const again = watchKey("again", repository);
  const clock = options.now ?? (() => new Date());
  if (!(await store.setIfAbsent(lock, "1", { ttlSeconds: LOCK_SECONDS }))) {
    await store.set(again, "1", { ttlSeconds: LOCK_SECONDS });
    return { repository, problems: [], waiting: [], dispatched: [], issue: null, busy: true };
  }
  try {
    let result = await watchOnce(access, repository, clock());
    // Events that arrived meanwhile: one more round sees what they changed.
    for (let round = 0; round < 2 && (await store.get(again)) !== null; round++) {
      await store.delete(again);
      result = await watchOnce(access, repository, clock());
    }
    return result;
  } finally {
    await store.delete(lock);
  }
}

/** Watches one repository, reporting a failure in the result instead of throwing. */
export async function watchRepositorySafely(
  access: InstallationClient,
  repository: string,
): Promise<RepositoryWatchResult> {
  try {
    return await watchRepository(access, repository);
  } catch (error) {
    const message =
      error instanceof AppError ? error.message : "Something went wrong while talking to GitHub.";
    if (!(error instanceof AppError)) console.error(`watch ${repository}:`, error);
    const limited =
      error instanceof AppError && error.code === "rate-limited" && error.resetAt
        ? { limitedUntil: error.resetAt.toISOString() }
        : {};
    return {
      repository,
      problems: [],
      waiting: [],
      dispatched: [],
      issue: null,
      error: message,
      ...limited,
    };
  }
}
