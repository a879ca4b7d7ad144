import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRepositoryHealth } from "@/lib/health";
import {
  type DispatchRecord,
  type IssueChange,
  isTrackingIssue,
  planIssue,
  planWatch,
  readIssueRecord,
  WATCH_LABEL,
  type WatchRecord,
} from "@/lib/health/watch";
import { parseWatchConfig } from "@/lib/health/watch-config";
import { getStore } from "@/lib/store";
import { hashedKey } from "@/lib/store/shared-cache";
import {
  findInstallation,
  getAppSettings,
  getInstallationClient,
  getInstallUrl,
  type Installation,
  type InstallationClient,
  listInstallationRepositories,
  listInstallations,
} from "./app";
import { invalidateRepository } from "./cache-policy";
import type { GitHubClient } from "./client";
import {
  type OpenIssue,
  TRACKING_ISSUES_QUERY,
  type TrackingIssuesOperation,
  toOpenIssues,
} from "./queries/tracking-issues";
import { fetchSnapshot } from "./repository-health";
import { dispatchWorkflow } from "./workflow-writes";

// Watch mode's I/O around the pure rules in lib/health/watch.ts: read a watched repository with
// the App's installation token, dispatch what the rules allow (once per tag, never retried), and
// keep the one tracking issue in step. Every read happens before the first write, so a GitHub
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

/** What the dashboard shows about a watched repository (kept in the shared store). */
export type WatchStatus = {
  checkedAt: string;
  issue: { number: number; url: string } | null;
  problems: string[];
  dispatched: Record<string, DispatchRecord>;
};

const LOCK_SECONDS = 120;
const DAY_SECONDS = 24 * 60 * 60;

/** A repository in the store's keys: hashed, so a private repository's name is not in them. */
function repoKey(repository: string): string {
  return hashedKey(repository.toLowerCase());
}

function repoPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

async function readJson<T>(key: string, fallback: T): Promise<T> {
  const text = await getStore().get(key);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Remembers when a tag's push reached tagwatch (push/create webhooks): its grace starts then. */
export async function recordTagSeen(repository: string, tags: string[], at: Date): Promise<void> {
  const key = `watch:seen:${repoKey(repository)}`;
  const seen = await readJson<Record<string, string>>(key, {});
  for (const tag of tags) seen[tag] ??= at.toISOString();
  const recent = Object.entries(seen).slice(-200);
  await getStore().set(key, JSON.stringify(Object.fromEntries(recent)), {
    ttlSeconds: 30 * DAY_SECONDS,
  });
}

/** Remembers when repositories were added to an installation: tags before that are never dispatched. */
export async function recordWatchStarted(repositories: string[], at: Date): Promise<void> {
  const store = getStore();
  await Promise.all(
    repositories.map((repository) =>
      store.setIfAbsent(`watch:since:${repoKey(repository)}`, at.toISOString()),
    ),
  );
}

/** The dashboard's view of what tagwatch did in a repository; null before its first watch. */
export async function getWatchStatus(repository: string): Promise<WatchStatus | null> {
  return readJson<WatchStatus | null>(`watch:status:${repoKey(repository)}`, null);
}

async function findOpenIssue(
  client: GitHubClient,
  owner: string,
  name: string,
): Promise<OpenIssue | null> {
  const { data } = await client.query<TrackingIssuesOperation>(TRACKING_ISSUES_QUERY, {
    owner,
    name,
    labels: [WATCH_LABEL],
  });
  return toOpenIssues(data).find((issue) => isTrackingIssue(issue.body)) ?? null;
}

type IssuePayload = { number: number; html_url: string };

async function applyIssueChange(
  client: GitHubClient,
  owner: string,
  repo: string,
  open: OpenIssue | null,
  change: IssueChange,
): Promise<{ number: number; url: string } | null> {
  const path = repoPath(owner, repo);
  switch (change.kind) {
    case "none":
      return open ? { number: open.number, url: open.url } : null;
    case "open": {
      const { data } = await client.rest<IssuePayload>("POST", `${path}/issues`, {
        body: { title: change.title, body: change.body, labels: [WATCH_LABEL] },
      });
      return { number: data.number, url: data.html_url };
    }
    case "update": {
      if (!open) return null;
      // The body first: should the comment fail, the next round finds the tag listed and does
      // not comment twice.
      await client.rest("PATCH", `${path}/issues/${open.number}`, { body: { body: change.body } });
      if (change.comment) {
        await client.rest("POST", `${path}/issues/${open.number}/comments`, {
          body: { body: change.comment },
        });
      }
      return { number: open.number, url: open.url };
    }
    case "close": {
      if (!open) return null;
      await client.rest("PATCH", `${path}/issues/${open.number}`, {
        body: { body: change.body, state: "closed", state_reason: "completed" },
      });
      await client.rest("POST", `${path}/issues/${open.number}/comments`, {
        body: { body: change.comment },
      });
      return null;
    }
  }
}

async function watchOnce(
  access: InstallationClient,
  repository: string,
  now: Date,
): Promise<RepositoryWatchResult> {
  const [owner = "", repo = ""] = repository.split("/");
  const { client } = access;
  const store = getStore();
  const key = repoKey(repository);

  // Reads.
  const { snapshot } = await fetchSnapshot(client, owner, repo, null);
  // GraphQL's viewerPermission says little for an App: its installation's permissions decide.
  snapshot.viewerPermission = access.permission;
  const health = getRepositoryHealth(snapshot, { now });
  const { watch: config } = parseWatchConfig(snapshot.tagwatchConfig);
  const open = await findOpenIssue(client, owner, repo);
  const inIssue = readIssueRecord(open?.body);
  const stored = await readJson<Record<string, DispatchRecord>>(`watch:dispatched:${key}`, {});
  const seenAt = await readJson<Record<string, string>>(`watch:seen:${key}`, {});
  const addedAt = await store.get(`watch:since:${key}`);
  const installedAt = new Date(access.installation.createdAt);
  const since = addedAt && new Date(addedAt) > installedAt ? new Date(addedAt) : installedAt;
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
      `watch:dispatch:${key}:${entry.tag}`,
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
    await store.set(`watch:dispatched:${key}`, JSON.stringify(record.dispatched));
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
  const issue = await applyIssueChange(client, owner, repo, open, change);

  const status: WatchStatus = {
    checkedAt: now.toISOString(),
    issue,
    problems: plan.problems.map((problem) => problem.tag.name),
    dispatched: record.dispatched,
  };
  await store.set(`watch:status:${key}`, JSON.stringify(status));
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
  const key = repoKey(repository);
  const clock = options.now ?? (() => new Date());
  if (!(await store.setIfAbsent(`watch:lock:${key}`, "1", { ttlSeconds: LOCK_SECONDS }))) {
    await store.set(`watch:again:${key}`, "1", { ttlSeconds: LOCK_SECONDS });
    return { repository, problems: [], waiting: [], dispatched: [], issue: null, busy: true };
  }
  try {
    let result = await watchOnce(access, repository, clock());
    // Events that arrived meanwhile: one more round sees what they changed.
    for (let round = 0; round < 2 && (await store.get(`watch:again:${key}`)) !== null; round++) {
      await store.delete(`watch:again:${key}`);
      result = await watchOnce(access, repository, clock());
    }
    return result;
  } finally {
    await store.delete(`watch:lock:${key}`);
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

export type SweepSummary = {
  startedAt: string;
  durationMs: number;
  installations: number;
  repositories: RepositoryWatchResult[];
  /** Repositories left for the next sweep because the time budget ran out. */
  unfinished: string[];
  errors: string[];
};

/** Watches every repository of every installation (the cron's safety net for missed or absent webhooks). */
export async function sweepInstallations(
  options: { budgetMs?: number; concurrency?: number } = {},
): Promise<SweepSummary> {
  const started = Date.now();
  const deadline = started + (options.budgetMs ?? 240_000);
  const summary: SweepSummary = {
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    installations: 0,
    repositories: [],
    unfinished: [],
    errors: [],
  };
  const installations = await listInstallations();
  summary.installations = installations.length;
  const work: { access: InstallationClient; repository: string }[] = [];
  for (const installation of installations) {
    try {
      const access = await getInstallationClient(installation);
      for (const repository of await listInstallationRepositories(access.client)) {
        work.push({ access, repository });
      }
    } catch (error) {
      summary.errors.push(
        `installation ${installation.id} (${installation.account}): ${error instanceof AppError ? error.message : "unreadable"}`,
      );
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const item = work[next++];
      if (!item) break;
      if (Date.now() > deadline) {
        summary.unfinished.push(item.repository);
        continue;
      }
      summary.repositories.push(await watchRepositorySafely(item.access, item.repository));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  summary.repositories.sort((a, b) => a.repository.localeCompare(b.repository));
  summary.durationMs = Date.now() - started;
  return summary;
}

/** Watches the given repositories of one installation (after a webhook), within a time budget. */
export async function watchRepositories(
  installation: Installation,
  repositories: string[],
): Promise<RepositoryWatchResult[]> {
  const access = await getInstallationClient(installation);
  const results: RepositoryWatchResult[] = [];
  for (const repository of repositories) {
    results.push(await watchRepositorySafely(access, repository));
  }
  return results;
}

/** What the repository page says about watch mode. */
export type RepositoryWatch =
  | { kind: "off" }
  | { kind: "not-installed"; installUrl: string | null }
  | { kind: "watched"; status: WatchStatus | null };

/** Whether the App watches a repository, and what it last found and did there. */
export async function getRepositoryWatch(owner: string, repo: string): Promise<RepositoryWatch> {
  if (!getAppSettings()) return { kind: "off" };
  try {
    const installation = await findInstallation(owner, repo);
    if (!installation) return { kind: "not-installed", installUrl: getInstallUrl() };
    return { kind: "watched", status: await getWatchStatus(`${owner}/${repo}`) };
  } catch {
    // The page is about the tags; an unanswered lookup only hides this line.
    return { kind: "off" };
  }
}
