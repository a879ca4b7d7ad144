import { randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";
import { getStore } from "@/lib/store";
import { storeKeyOf } from "@/lib/store/shared-cache";

// One source for what tagwatch caches under which key, for how long, and how a change on GitHub
// (a dispatch, a re-run, a webhook) reaches every instance: each repository has a generation in
// the shared store, part of every key that depends on the repository's state. Invalidating means
// a new generation; every instance reads it before using a cached view, so the next read anywhere
// misses. Keys hold token fingerprints (`GitHubClient.tokenKey`), never tokens.
// Not server-only: the badge fast path in front of Next reads it too.

/** While a release run is queued or running, cached views live this long (pages poll every 3 s). */
export const PENDING_CACHE_MS = 2_000;
/** Checksums manifests never change under the same URL and size. */
export const MANIFEST_CACHE_MS = 24 * 60 * 60 * 1000;
/** What the rate-limit fallback may show ("data from 14:02 UTC"). */
export const LAST_GOOD_CACHE_MS = 24 * 60 * 60 * 1000;
const GENERATION_SECONDS = 7 * 24 * 60 * 60;

/** The cache identity of a repository (GitHub's names are case-insensitive). */
export function repositoryKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

/**
 * How long a view of a repository is reused: briefly while a run is pending, else the setting;
 * longer for a repository whose webhooks reach tagwatch, since each event invalidates it anyway.
 */
export function repositoryLifetimeMs(pending: boolean, watched = false): number {
  const env = getEnv();
  const settled = watched ? Math.max(env.cacheTtlMs, env.watchedCacheTtlMs) : env.cacheTtlMs;
  return pending ? Math.min(PENDING_CACHE_MS, settled) : settled;
}

// A repository counts as watched while its webhooks keep arriving (or a sweep covered it): a day.
const WATCHED_SECONDS = 24 * 60 * 60;

function watchedKey(owner: string, name: string): string {
  return storeKeyOf("watched", repositoryKey(owner, name));
}

/** Records that GitHub's webhooks (or a sweep) keep this repository's cached views fresh. */
export async function markWatched(owner: string, name: string): Promise<void> {
  await getStore().set(watchedKey(owner, name), "1", { ttlSeconds: WATCHED_SECONDS });
}

/** Whether webhooks keep this repository fresh (see markWatched). */
export async function isWatched(owner: string, name: string): Promise<boolean> {
  return (await getStore().get(watchedKey(owner, name))) !== null;
}

function generationKey(owner: string, name: string): string {
  return storeKeyOf("generation", repositoryKey(owner, name));
}

/** The repository's current generation (changes whenever its cached views become stale). */
export async function getRepositoryGeneration(owner: string, name: string): Promise<string> {
  return (await getStore().get(generationKey(owner, name))) ?? "0";
}

/** The generations of many repositories at once (one store round trip), in order. */
export async function getRepositoryGenerations(
  repositories: { owner: string; name: string }[],
): Promise<string[]> {
  const values = await getStore().getMany(
    repositories.map((repository) => generationKey(repository.owner, repository.name)),
  );
  return values.map((value) => value ?? "0");
}

/** Makes every instance's cached views of a repository stale, for every user. */
export async function invalidateRepository(owner: string, name: string): Promise<void> {
  await getStore().set(generationKey(owner, name), randomUUID(), {
    ttlSeconds: GENERATION_SECONDS,
  });
}

export const cacheKeys = {
  /** One user's repository page (one page of tags). */
  snapshot: (
    generation: string,
    owner: string,
    name: string,
    tokenKey: string,
    after: string | null,
  ) => `${repositoryKey(owner, name)}@${generation}:${tokenKey}:${after ?? ""}`,
  /** The last snapshot a user saw, whatever the generation (rate-limit fallback). */
  lastGood: (owner: string, name: string, tokenKey: string, after: string | null) =>
    `${repositoryKey(owner, name)}:${tokenKey}:${after ?? ""}`,
  /** One user's release history of a repository (lib/history). */
  history: (generation: string, owner: string, name: string, tokenKey: string) =>
    `${repositoryKey(owner, name)}@${generation}:${tokenKey}`,
  /** One user's overview card of a repository. */
  overviewCard: (generation: string, owner: string, name: string, tokenKey: string) =>
    `${repositoryKey(owner, name)}@${generation}:${tokenKey}`,
  /** The repositories one user sees in an overview ("@viewer" or an owner's login). */
  listing: (tokenKey: string, scope: string) => `${tokenKey}:${scope.toLowerCase()}`,
  /** A public badge's data (read with the server's token). */
  badge: (generation: string, owner: string, name: string) =>
    `${repositoryKey(owner, name)}@${generation}`,
  /** A release's checksums manifest, by download URL and size. */
  manifest: (downloadUrl: string, size: number) => `${downloadUrl}#${size}`,
};
