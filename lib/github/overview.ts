import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRepositoryHealth } from "@/lib/health";
import {
  type RepositoryHealth,
  type RepositorySnapshot,
  TAG_STATUSES,
  type TagStatus,
} from "@/lib/health/types";
import { processWide, TtlCache } from "./cache";
import type { GitHubClient, QueryResult } from "./client";
import { hasPendingRun, toRepositorySnapshot } from "./queries/repository-health";
import {
  batchAlias,
  buildOverviewBatchQuery,
  type ListedRepository,
  OWNER_REPOSITORIES_QUERY,
  type OwnerRepositoriesOperation,
  overviewBatchVariables,
  type RepositoryOverviewBatchOperation,
  type RepositoryRef,
  toListedRepositories,
  VIEWER_REPOSITORIES_QUERY,
  type ViewerRepositoriesOperation,
} from "./queries/repository-overview";
import { getManifests } from "./repository-health";

// The overview pages: which repositories a user or an owner has, and how each one's newest tags
// fared. Statuses come from lib/health like the repository page's, from a lighter snapshot that
// is fetched for many repositories per GraphQL request.

export type OverviewScope = { kind: "viewer" } | { kind: "owner"; login: string };

export type OverviewListing = {
  /** The owner of an owner overview; null for the viewer's own. */
  owner: { login: string; type: "User" | "Organization" } | null;
  /** Repositories with tags or releases, most recently pushed first. */
  repositories: ListedRepository[];
  /** True when GitHub had more repositories than the 100 listed. */
  truncated: boolean;
};

/** What an overview card shows about one repository. Plain data: it reaches client components. */
export type RepositoryOverviewItem = {
  /** "owner/name" */
  repository: string;
  owner: string;
  name: string;
  url: string;
  isPrivate: boolean;
  isArchived: boolean;
  pushedAt: string | null;
  latestTag: string | null;
  latestTagStatus: TagStatus | null;
  latestRelease: string | null;
  /** How many of the newest tags were judged (at most 10). */
  judged: number;
  totalTags: number;
  counts: Record<TagStatus, number>;
  flagged: number;
  worst: TagStatus;
  pending: boolean;
};

export type MissingRepository = { repository: string; owner: string; name: string; reason: string };

export type OverviewBatchResult = { items: RepositoryOverviewItem[]; missing: MissingRepository[] };

export type OverviewOptions = {
  now?: Date;
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** After this long, batches still outstanding are reported missing (their results still fill the cache). */
  deadlineMs?: number;
};

const BATCH_SIZE = 25;
const CONCURRENCY = 2;
const DEADLINE_MS = 15_000;
const PENDING_MS = 5_000;

type CachedRepository = { snapshot: RepositorySnapshot; pushedAt: string | null };

const listings = processWide("overview-listings", () => new TtlCache<OverviewListing>(500));
const repositories = processWide(
  "overview-repositories",
  () => new TtlCache<CachedRepository>(5000),
);
// Coalesces identical batches in flight (a page and /api/repos at once); stores nothing.
const inFlightBatches = processWide(
  "overview-batches",
  () => new TtlCache<Map<string, CachedRepository | MissingRepository>>(100),
);

function repositoryKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

function cachedRepositoryKey(tokenKey: string, owner: string, name: string): string {
  return `${repositoryKey(owner, name)}:${tokenKey}`;
}

/** Forgets every user's cached overview entry of a repository (after a dispatch or re-run). */
export function invalidateRepositoryOverview(owner: string, name: string): void {
  repositories.invalidate(`${repositoryKey(owner, name)}:`);
}

// ---------------------------------------------------------------------------------------------
// Listing

async function fetchListing(client: GitHubClient, scope: OverviewScope): Promise<OverviewListing> {
  if (scope.kind === "viewer") {
    const { data } = await client.query<ViewerRepositoriesOperation>(VIEWER_REPOSITORIES_QUERY, {});
    const connection = data.viewer?.repositories;
    if (!connection) throw new AppError("github-error", "GitHub did not list your repositories.");
    return {
      owner: null,
      repositories: toListedRepositories(connection),
      truncated: connection.totalCount > (connection.nodes?.length ?? 0),
    };
  }
  const { data } = await client.query<OwnerRepositoriesOperation>(OWNER_REPOSITORIES_QUERY, {
    login: scope.login,
  });
  const owner = data.repositoryOwner;
  if (!owner) {
    throw new AppError("not-found", `${scope.login} was not found on GitHub.`);
  }
  const login = owner.login.toLowerCase();
  return {
    owner: { login: owner.login, type: owner.__typename },
    // ownerAffiliations: [OWNER] already says so; a user's collaborations must never leak in.
    repositories: toListedRepositories(owner.repositories).filter(
      (repository) => repository.owner.toLowerCase() === login,
    ),
    truncated: owner.repositories.totalCount > (owner.repositories.nodes?.length ?? 0),
  };
}

/** The repositories (with tags or releases) an overview shows; cached ~30 s per user. */
export async function getOverviewListing(
  client: GitHubClient,
  scope: OverviewScope,
): Promise<OverviewListing> {
  const key = `${client.tokenKey}:${scope.kind === "viewer" ? "@viewer" : scope.login.toLowerCase()}`;
  return listings.get(key, () => fetchListing(client, scope), getEnv().cacheTtlMs);
}

// ---------------------------------------------------------------------------------------------
// Batches

/** Splits `items` into as few batches of at most `maxSize` as possible, of near-equal size. */
export function planBatches<T>(items: T[], maxSize = BATCH_SIZE): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / maxSize);
  const size = Math.ceil(items.length / count);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    batches.push(items.slice(start, start + size));
  return batches;
}

/** A scheduler running at most `limit` tasks at once, in the order they were given. */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running += 1;
        task().then(resolve, reject).finally(release);
      };
      if (running < limit) start();
      else waiting.push(start);
    });
}

/** The same settled values, re-ordered so that the i-th promise settles i-th (first finished first). */
export function inCompletionOrder<T>(promises: Promise<T>[]): Promise<T>[] {
  const settlers: { resolve: (value: T) => void; reject: (reason: unknown) => void }[] = [];
  const ordered = promises.map(
    () =>
      new Promise<T>((resolve, reject) => {
        settlers.push({ resolve, reject });
      }),
  );
  let next = 0;
  for (const promise of promises) {
    promise.then(
      (value) => settlers[next++]?.resolve(value),
      (reason) => settlers[next++]?.reject(reason),
    );
  }
  return ordered;
}

function missing(repository: RepositoryRef, reason: string): MissingRepository {
  return {
    repository: `${repository.owner}/${repository.name}`,
    owner: repository.owner,
    name: repository.name,
    reason,
  };
}

function reasonOf(error: unknown): string {
  return error instanceof AppError ? error.message : "GitHub's answer could not be read.";
}

/** Fetches one batch of repositories in a single GraphQL request, plus their checksums manifests. */
async function fetchBatch(
  client: GitHubClient,
  batch: RepositoryRef[],
): Promise<Map<string, CachedRepository | MissingRepository>> {
  const result = new Map<string, CachedRepository | MissingRepository>();
  let response: QueryResult<RepositoryOverviewBatchOperation["data"]>;
  try {
    response = await client.query<RepositoryOverviewBatchOperation>(
      buildOverviewBatchQuery(batch.length),
      overviewBatchVariables(batch),
    );
  } catch (error) {
    for (const repository of batch)
      result.set(
        repositoryKey(repository.owner, repository.name),
        missing(repository, reasonOf(error)),
      );
    return result;
  }
  await Promise.all(
    batch.map(async (repository, index) => {
      const key = repositoryKey(repository.owner, repository.name);
      const alias = batchAlias(index);
      const data = response.data?.[alias];
      if (!data) {
        const problem = response.problems.find((candidate) => candidate.path?.[0] === alias);
        result.set(key, missing(repository, problem?.message ?? "GitHub returned nothing for it."));
        return;
      }
      const snapshot = toRepositorySnapshot(data, null);
      snapshot.manifests = await getManifests(client, snapshot);
      const entry: CachedRepository = { snapshot, pushedAt: data.pushedAt };
      repositories.set(
        cachedRepositoryKey(client.tokenKey, repository.owner, repository.name),
        entry,
        hasPendingRun(snapshot) ? Math.min(PENDING_MS, getEnv().cacheTtlMs) : getEnv().cacheTtlMs,
      );
      result.set(key, entry);
    }),
  );
  return result;
}

/** Counts, latest tag and release of one repository's health, for a card. */
export function toOverviewItem(
  health: RepositoryHealth,
  pushedAt: string | null,
  totalTags: number,
): RepositoryOverviewItem {
  const latest = health.tags[0] ?? null;
  return {
    repository: health.repository,
    owner: health.owner,
    name: health.name,
    url: health.url,
    isPrivate: health.isPrivate,
    isArchived: health.isArchived,
    pushedAt,
    latestTag: health.summary.latestTag,
    latestTagStatus: latest?.status ?? null,
    latestRelease: health.summary.latestRelease,
    judged: health.summary.total,
    totalTags,
    counts: health.summary.counts,
    flagged: health.summary.flagged,
    worst: health.summary.worst,
    pending: health.pending,
  };
}

function isFlagged(status: TagStatus | null): boolean {
  return status !== null && status !== "healthy" && status !== "run-pending";
}

/**
 * Problems first: the worst status (not-triggered before run-failed ...), then repositories whose
 * newest tag did not ship (what users download is broken), then more flagged tags, then the most
 * recently pushed.
 */
export function compareOverviewItems(a: RepositoryOverviewItem, b: RepositoryOverviewItem): number {
  return (
    TAG_STATUSES.indexOf(a.worst) - TAG_STATUSES.indexOf(b.worst) ||
    Number(isFlagged(b.latestTagStatus)) - Number(isFlagged(a.latestTagStatus)) ||
    b.flagged - a.flagged ||
    (b.pushedAt ?? "").localeCompare(a.pushedAt ?? "") ||
    a.repository.localeCompare(b.repository)
  );
}

export function sortOverviewItems(items: RepositoryOverviewItem[]): RepositoryOverviewItem[] {
  return [...items].sort(compareOverviewItems);
}

function toBatchResult(
  batch: RepositoryRef[],
  entries: Map<string, CachedRepository | MissingRepository>,
  now: Date,
): OverviewBatchResult {
  const result: OverviewBatchResult = { items: [], missing: [] };
  for (const repository of batch) {
    const entry = entries.get(repositoryKey(repository.owner, repository.name));
    if (!entry) {
      result.missing.push(missing(repository, "GitHub did not answer in time."));
    } else if ("snapshot" in entry) {
      const health = getRepositoryHealth(entry.snapshot, { now });
      result.items.push(toOverviewItem(health, entry.pushedAt, entry.snapshot.totalTags));
    } else {
      result.missing.push(entry);
    }
  }
  return result;
}

async function loadBatch(
  client: GitHubClient,
  batch: RepositoryRef[],
): Promise<Map<string, CachedRepository | MissingRepository>> {
  const entries = new Map<string, CachedRepository | MissingRepository>();
  const toFetch: RepositoryRef[] = [];
  for (const repository of batch) {
    const cached = repositories.peek(
      cachedRepositoryKey(client.tokenKey, repository.owner, repository.name),
    );
    if (cached) entries.set(repositoryKey(repository.owner, repository.name), cached);
    else toFetch.push(repository);
  }
  if (toFetch.length === 0) return entries;
  const batchKey = `${client.tokenKey}:${toFetch.map((repository) => repositoryKey(repository.owner, repository.name)).join(",")}`;
  const fetched = await inFlightBatches.get(batchKey, () => fetchBatch(client, toFetch), 0);
  for (const [key, value] of fetched) entries.set(key, value);
  return entries;
}

/**
 * Starts loading the repositories in batches (one GraphQL request each, a bounded number in
 * flight) and returns one promise per batch in the order they finish. The promises never reject:
 * a failed or late batch resolves with its repositories listed as missing.
 */
export function startOverviewBatches(
  client: GitHubClient,
  listed: RepositoryRef[],
  options: OverviewOptions = {},
): Promise<OverviewBatchResult>[] {
  const now = options.now ?? new Date();
  const schedule = limitConcurrency(options.concurrency ?? CONCURRENCY);
  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const late = new Promise<"late">((resolve) => {
    const timer = setTimeout(() => resolve("late"), deadlineMs);
    (timer as { unref?: () => void }).unref?.();
  });
  const batches = planBatches(listed, options.batchSize ?? BATCH_SIZE).map(async (batch) => {
    const loading = schedule(() => loadBatch(client, batch)).catch((error: unknown) => {
      const failed = new Map<string, MissingRepository>();
      for (const repository of batch)
        failed.set(
          repositoryKey(repository.owner, repository.name),
          missing(repository, reasonOf(error)),
        );
      return failed;
    });
    const entries = await Promise.race([loading, late]);
    return toBatchResult(batch, entries === "late" ? new Map() : entries, now);
  });
  return inCompletionOrder(batches);
}

export type Overview = OverviewListing & {
  items: RepositoryOverviewItem[];
  missing: MissingRepository[];
};

/** The whole overview at once (for the JSON API): every batch, sorted problems first. */
export async function loadOverview(
  client: GitHubClient,
  scope: OverviewScope,
  options: OverviewOptions = {},
): Promise<Overview> {
  const listing = await getOverviewListing(client, scope);
  const results = await Promise.all(startOverviewBatches(client, listing.repositories, options));
  return {
    ...listing,
    items: sortOverviewItems(results.flatMap((result) => result.items)),
    missing: results.flatMap((result) => result.missing),
  };
}
