import "server-only";
import { deadline, LATE } from "@/lib/deadline";
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

/**
 * A repository's card, judged when GitHub's answer arrived: a warm view draws it without judging
 * again (the answer is cached no longer than the time-dependent statuses may lag). Also what
 * watch mode's last read left in the store (watched.ts).
 */
type JudgedCard = { item: RepositoryOverviewItem };

// Snapshots may describe private repositories: sealed in the shared store.
const repositories = processWide(
  "overview-repositories",
  () => new SharedCache<JudgedCard>("overview-card", { maxEntries: 5000, sealed: true }),
);
// Coalesces identical batches in flight (a page and /api/repos at once); stores nothing.
const inFlightBatches = processWide(
  "overview-batches",
  () => new TtlCache<Map<string, JudgedCard | MissingRepository>>(100),
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
  now: Date,
): Promise<Map<string, JudgedCard | MissingRepository>> {
  const result = new Map<string, JudgedCard | MissingRepository>();
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
      const { repository: health } = judgeRepository(snapshot, { now });
      const entry: JudgedCard = {
        item: toOverviewItem(health, data.pushedAt, snapshot.totalTags),
      };
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
  entries: Map<string, JudgedCard | MissingRepository>,
): OverviewBatchResult {
  const result: OverviewBatchResult = { items: [], missing: [] };
  for (const repository of batch) {
    const entry = entries.get(repositoryKey(repository.owner, repository.name));
    if (!entry) {
      result.missing.push(missing(repository, "GitHub did not answer in time."));
    } else if ("item" in entry) {
      result.items.push(entry.item);
    } else {
      result.missing.push(entry);
    }
  }
  return result;
}

/** The cached entries of these repositories; undefined unless every one is cached. */
async function peekAll(
  keyed: KeyedRepository[],
): Promise<Map<string, JudgedCard | MissingRepository> | undefined> {
  const found = await Promise.all(
    keyed.map((repository) => repositories.peek(repository.cacheKey)),
  );
  if (found.some((entry) => entry === undefined)) return undefined;
  return new Map(
    keyed.map((repository, index) => [
      repositoryKey(repository.owner, repository.name),
      found[index] as JudgedCard,
    ]),
  );
}

async function loadBatch(
  client: GitHubClient,
  batch: RepositoryRef[],
  now: Date,
): Promise<Map<string, JudgedCard | MissingRepository>> {
  const generations = await getRepositoryGenerations(batch);
  const keyed = batch.map((repository, index) => {
    const generation = generations[index] ?? "0";
    return {
      ...repository,
      generation,
      cacheKey: cacheKeys.overviewCard(
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
  const entries = new Map<string, JudgedCard | MissingRepository>();
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
            () => fetchBatch(client, toFetch, now),
          )
        : fetchBatch(client, toFetch, now),
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
  // One deadline for the whole load, left to run out: a pending timer keeps no process alive.
  const { late } = deadline(deadlineMs, { unref: true });
  const batches = planBatches(listed, options.batchSize ?? BATCH_SIZE).map(async (batch) => {
    const loading = schedule(() => loadBatch(client, batch, now)).catch((error: unknown) => error);
    const entries = await Promise.race([loading, late]);
    if (entries === LATE) return toBatchResult(batch, new Map());
    if (entries instanceof Map) return toBatchResult(batch, entries);
    const failed = new Map<string, MissingRepository>();
    for (const repository of batch)
      failed.set(
        repositoryKey(repository.owner, repository.name),
        missing(repository, reasonOf(entries)),
      );
    const result = toBatchResult(batch, failed);
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
