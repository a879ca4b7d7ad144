import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { InstallationClient } from "@/lib/github/app";
import { notifyWatchRound } from "@/lib/notify/notify";
import { getRepositoryHealth } from "@/lib/repository/health";
import { fetchSnapshot } from "@/lib/repository/load";
import { getStore } from "@/lib/store";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { dispatchWorkflow } from "@/lib/tag-actions/dispatch";
import { parseWatchConfig } from "./config";
import { type IssueChange, planIssue, readIssueRecord } from "./issue-text";
import { type DispatchRecord, planWatch, type WatchRecord } from "./rules";
import {
  dispatchClaimKey,
  getDispatchRecords,
  getTagsSeen,
  getWatchStartedAt,
  setDispatchRecords,
  setWatchStatus,
  type WatchStatus,
  watchKey,
} from "./state";
import { applyIssueChange, findOpenIssue } from "./tracking-issue";

// One round of watch mode around the pure rules (rules.ts, issue-text.ts): read a watched
// repository with the App's installation token, dispatch what the rules allow (once per tag,
// never retried), and keep the one tracking issue in step. Every read happens before the first write, so a GitHub
// fault while reading leaves nothing half-written.

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
  error?: string;
};

const LOCK_SECONDS = 120;

async function watchOnce(
  access: InstallationClient,
  repository: string,
  now: Date,
): Promise<RepositoryWatchResult> {
  const [owner = "", repo = ""] = repository.split("/");
  const { client } = access;
  const store = getStore();

  // Reads.
  const { snapshot } = await fetchSnapshot(client, owner, repo, null);
  // GraphQL's viewerPermission says little for an App: its installation's permissions decide.
  snapshot.viewerPermission = access.permission;
  const health = getRepositoryHealth(snapshot, { now });
  const { watch: config } = parseWatchConfig(snapshot.tagwatchConfig);
  const open = await findOpenIssue(client, { owner, repo });
  const inIssue = readIssueRecord(open?.body);
  const stored = await getDispatchRecords(repository);
  const seenAt = await getTagsSeen(repository);
  const addedAt = await getWatchStartedAt(repository);
  const installedAt = new Date(access.installation.createdAt);
  const since = addedAt && addedAt > installedAt ? addedAt : installedAt;
  const record: WatchRecord = {
    listed: open ? inIssue.listed : [],
    dispatched: { ...inIssue.dispatched, ...stored },
  };

  const plan = planWatch({ health, config, now, watchingSince: since, seenAt, record });

  // Writes: dispatches first (each claimed in the store before it is sent, so no other instance
  // or later round sends it again, whatever happens to this one), then the issue.
  const dispatched: string[] = [];
  for (const entry of plan.dispatch) {
    const claimed = await store.setIfAbsent(
      dispatchClaimKey(repository, entry.tag),
      now.toISOString(),
    );
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
    await setDispatchRecords(repository, record.dispatched);
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
  const issue = await applyIssueChange(client, { owner, repo }, open, change);
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
  await setWatchStatus(repository, status);
  return {
    repository,
    problems: status.problems,
    waiting: Object.keys(plan.waiting),
    dispatched,
    issue: issue ? { ...issue, change: change.kind } : null,
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
    return { repository, problems: [], waiting: [], dispatched: [], issue: null, error: message };
  }
}
