import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient, QueryResult } from "@/lib/github/client";
import { hasPendingRun, toRepositorySnapshot } from "@/lib/github/queries/repository-health";
import {
  batchAlias,
  buildOverviewBatchQuery,
  overviewBatchVariables,
  type RepositoryOverviewBatchOperation,
  type RepositoryRef,
} from "@/lib/github/queries/repository-overview";
import { judgeRepository } from "@/lib/health";
import type { RepositorySnapshot } from "@/lib/health/types";
import {
  type MissingRepository,
  type OverviewBatchResult,
  type RepositoryOverviewItem,
  sortOverviewItems,
  toOverviewItem,
} from "@/lib/overview/rank";
import { getManifests } from "@/lib/repository/load";
import { getStore } from "@/lib/store";
import {
  cacheKeys,
  getRepositoryGenerations,
  repositoryKey,
  repositoryLifetimeMs,
} from "@/lib/store/cache-policy";
import { processWide, TtlCache } from "@/lib/store/process-cache";
import { coalesceAcrossInstances, SharedCache, storeKeyOf } from "@/lib/store/shared-cache";
import { inCompletionOrder, limitConcurrency, planBatches } from "./batching";
import { getOverviewListing, type OverviewListing, type OverviewScope } from "./listing";
import { fullNameOf, windowOf } from "./order";
import { currentWatchedItems } from "./watched";

// The overview pages: which repositories a user or an owner has, and how each one's newest tags
// fared. Statuses come from lib/health like the repository page's, from a lighter snapshot that
// is fetched for many repositories per GraphQL request.

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

type CachedRepository = { snapshot: RepositorySnapshot; pushedAt: string | null };
/** A card watch mode's last read left in the store (watched.ts). */
type KeptCard = { item: RepositoryOverviewItem };

// Snapshots may describe private repositories: sealed in the shared store.
const repositories = processWide(
  "overview-repositories",
  () => new SharedCache<CachedRepository>("overview-entry", { maxEntries: 5000, sealed: true }),
);
// Coalesces identical batches in flight (a page and /api/repos at once); stores nothing.
const inFlightBatches = processWide(
  "overview-batches",
  () => new TtlCache<Map<string, CachedRepository | MissingRepository>>(100),
);

// ---------------------------------------------------------------------------------------------
// Batches

function missing(repository: RepositoryRef, reason: string): MissingRepository {
  return {
    repository: `${repository.owner}/${repository.name}`,
    owner: repository.owner,
    name: repository.name,
    reason,
  };
}

/** GitHub refused the viewer's token: the session is over, whatever else the page shows. */
function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.code === "unauthenticated";
}

function reasonOf(error: unknown): string {
  return error instanceof AppError ? error.message : "GitHub's answer could not be read.";
}

type KeyedRepository = RepositoryRef & { cacheKey: string };

/** Fetches one batch of repositories in a single GraphQL request, plus their checksums manifests. */
async function fetchBatch(
  client: GitHubClient,
  batch: KeyedRepository[],
): Promise<Map<string, CachedRepository | MissingRepository>> {
  const result = new Map<string, CachedRepository | MissingRepository>();
  let response: QueryResult<RepositoryOverviewBatchOperation["data"]>;
  try {
    response = await client.query<RepositoryOverviewBatchOperation>(
      buildOverviewBatchQuery(batch.length),
      overviewBatchVariables(batch),
    );
  } catch (error) {
    // A refused token ends the session (the page redirects): not a gap in the list.
    if (isRefusal(error)) throw error;
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
      await repositories.set(
        repository.cacheKey,
        entry,
        repositoryLifetimeMs(hasPendingRun(snapshot)),
      );
      result.set(key, entry);
    }),
  );
  return result;
}

function toBatchResult(
  batch: RepositoryRef[],
  entries: Map<string, CachedRepository | MissingRepository | KeptCard>,
  now: Date,
): OverviewBatchResult {
  const result: OverviewBatchResult = { items: [], missing: [] };
  for (const repository of batch) {
    const entry = entries.get(repositoryKey(repository.owner, repository.name));
    if (!entry) {
      result.missing.push(missing(repository, "GitHub did not answer in time."));
    } else if ("item" in entry) {
      result.items.push(entry.item);
    } else if ("snapshot" in entry) {
      const { repository: health } = judgeRepository(entry.snapshot, { now });
      result.items.push(toOverviewItem(health, entry.pushedAt, entry.snapshot.totalTags));
    } else {
      result.missing.push(entry);
    }
  }
  return result;
}

/** The cached entries of these repositories; undefined unless every one is cached. */
async function peekAll(
  keyed: KeyedRepository[],
): Promise<Map<string, CachedRepository | MissingRepository> | undefined> {
  const found = await Promise.all(
    keyed.map((repository) => repositories.peek(repository.cacheKey)),
  );
  if (found.some((entry) => entry === undefined)) return undefined;
  return new Map(
    keyed.map((repository, index) => [
      repositoryKey(repository.owner, repository.name),
      found[index] as CachedRepository,
    ]),
  );
}

async function loadBatch(
  client: GitHubClient,
  batch: RepositoryRef[],
  now: Date,
): Promise<Map<string, CachedRepository | MissingRepository | KeptCard>> {
  const generations = await getRepositoryGenerations(batch);
  const keyed = batch.map((repository, index) => {
    const generation = generations[index] ?? "0";
    return {
      ...repository,
      generation,
      cacheKey: cacheKeys.overviewEntry(
        generation,
        repository.owner,
        repository.name,
        client.tokenKey,
      ),
    };
  });
  const [cached, kept] = await Promise.all([
    Promise.all(keyed.map((repository) => repositories.peek(repository.cacheKey))),
    currentWatchedItems(keyed, now),
  ]);
  const entries = new Map<string, CachedRepository | MissingRepository | KeptCard>();
  const toFetch: KeyedRepository[] = [];
  keyed.forEach((repository, index) => {
    // Watch mode read it since anything happened: no need to ask GitHub for this viewer.
    const card = kept[index];
    const hit = card ? { item: card } : cached[index];
    if (hit) entries.set(repositoryKey(repository.owner, repository.name), hit);
    else toFetch.push(repository);
  });
  if (toFetch.length === 0) return entries;
  const batchKey = `${client.tokenKey}:${toFetch.map((repository) => repository.cacheKey).join(",")}`;
  const store = getStore();
  // The same cold batch requested on several instances at once is fetched by one of them.
  const fetched = await inFlightBatches.get(
    batchKey,
    () =>
      store.shared
        ? coalesceAcrossInstances(
            store,
            `${storeKeyOf("overview-batch", batchKey)}:lock`,
            () => peekAll(toFetch),
            () => fetchBatch(client, toFetch),
          )
        : fetchBatch(client, toFetch),
    0,
  );
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
    const loading = schedule(() => loadBatch(client, batch, now)).catch((error: unknown) => error);
    const entries = await Promise.race([loading, late]);
    if (entries === "late") return toBatchResult(batch, new Map(), now);
    if (entries instanceof Map) return toBatchResult(batch, entries, now);
    const failed = new Map<string, MissingRepository>();
    for (const repository of batch)
      failed.set(
        repositoryKey(repository.owner, repository.name),
        missing(repository, reasonOf(entries)),
      );
    const result = toBatchResult(batch, failed, now);
    return isRefusal(entries) ? { ...result, refused: entries } : result;
  });
  return inCompletionOrder(batches);
}

/** How many repositories an overview judges up front; the rest come window by window. */
export const OVERVIEW_WINDOW = 100;

export type OverviewWindowRequest = {
  offset?: number;
  limit?: number;
  /** Only these listed repositories ("owner/name"): ones a person found by name. */
  names?: string[];
};

export type Overview = Omit<OverviewListing, "repositories"> & {
  /** Repositories asked for (all listed ones, or those named), all windows together. */
  total: number;
  offset: number;
  /** Where the next window starts; null after the last. */
  next: number | null;
  items: RepositoryOverviewItem[];
  missing: MissingRepository[];
};

/** One window of an overview at once (for the JSON API), sorted problems first. */
export async function loadOverview(
  client: GitHubClient,
  scope: OverviewScope,
  request: OverviewWindowRequest = {},
  options: OverviewOptions = {},
): Promise<Overview> {
  const listing = await getOverviewListing(client, scope, options.now);
  const ordered = listing.repositories;
  // Names outside the listing are ignored: the listing is what the viewer may see.
  const wanted = request.names && new Set(request.names.map((name) => name.toLowerCase()));
  const matching = wanted
    ? ordered.filter((entry) => wanted.has(fullNameOf(entry).toLowerCase()))
    : ordered;
  const offset = request.offset ?? 0;
  const { entries, next } = windowOf(matching, offset, request.limit ?? OVERVIEW_WINDOW);
  const results = await Promise.all(startOverviewBatches(client, entries, options));
  return {
    owner: listing.owner,
    truncated: listing.truncated,
    total: matching.length,
    offset,
    next,
    items: sortOverviewItems(results.flatMap((result) => result.items)),
    missing: results.flatMap((result) => result.missing),
  };
}
