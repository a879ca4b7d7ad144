import "server-only";
import { getEnv } from "@/lib/env";
import { OVERVIEW_TAG_COUNT } from "@/lib/github/queries/repository-overview";
import { judgeRepository } from "@/lib/health";
import type { RepositorySnapshot } from "@/lib/health/types";
import { getStore } from "@/lib/store";
import { getRepositoryGenerations } from "@/lib/store/cache-policy";
import { setSealedJson, unsealJson } from "@/lib/store/sealed-entry";
import { storeKeyOf } from "@/lib/store/shared-cache";
import { type RepositoryOverviewItem, toOverviewItem } from "./rank";

// A watched repository's card, as watch mode's last full read judged it: kept in the shared store
// by every round, so an overview of thousands of watched repositories asks GitHub only which
// repositories the viewer may see. Judged over the overview's newest tags, like a card judged
// from GitHub. Sealed: it names the repository and its tags.

/** A card from watch mode's last read. */
export type WatchedItem = {
  item: RepositoryOverviewItem;
  checkedAt: string;
  /** The App saw draft releases, which only viewers with write access may see. */
  drafts: boolean;
  /** The repository's cache generation at the read: anything since (a webhook, a dispatch) bumps it. */
  generation: string;
};

// Rounds keep it fresh; a repository the App no longer watches falls back to GitHub after this.
const WATCHED_ITEM_SECONDS = 2 * 24 * 60 * 60;

function itemKey(repository: string): string {
  return storeKeyOf("overview-watched", repository.toLowerCase());
}

/** The card of a snapshot watch mode read (the newest tags the overview judges). */
export function watchedItemOf(
  snapshot: RepositorySnapshot,
  pushedAt: string | null,
  now: Date,
  generation: string,
): WatchedItem {
  const newest = { ...snapshot, tags: snapshot.tags.slice(0, OVERVIEW_TAG_COUNT) };
  const { repository } = judgeRepository(newest, { now });
  return {
    item: toOverviewItem(repository, pushedAt, snapshot.totalTags),
    checkedAt: now.toISOString(),
    drafts: snapshot.releases.some((release) => release.isDraft),
    generation,
  };
}

/**
 * Whether an overview may show this card instead of asking GitHub: nothing happened to the
 * repository since the read (same generation), no run was going, no drafts the viewer may not
 * see, and it is no older than a watched repository's cached view may be.
 */
export function isCurrentWatchedItem(watched: WatchedItem, generation: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(watched.checkedAt);
  return (
    watched.generation === generation &&
    !watched.item.pending &&
    !watched.drafts &&
    age >= 0 &&
    age <= Math.max(getEnv().cacheTtlMs, getEnv().watchedCacheTtlMs)
  );
}

/** Keeps a watched repository's card for the overview. */
export async function keepWatchedItem(watched: WatchedItem): Promise<void> {
  const storeKey = itemKey(watched.item.repository);
  await setSealedJson(storeKey, watched, WATCHED_ITEM_SECONDS);
}

/** The kept cards of these repositories ("owner/name"), null where watch mode keeps none. */
export async function getWatchedItems(repositories: string[]): Promise<(WatchedItem | null)[]> {
  const keys = repositories.map(itemKey);
  const raw = await getStore().getMany(keys);
  return raw.map((value, index) => unsealJson<WatchedItem>(keys[index] as string, value));
}

/**
 * With the App, the current kept cards of these repositories, null where there is none; without
 * it, none at all. Repositories without their cache generation have it read first.
 */
export async function currentWatchedItems(
  repositories: { owner: string; name: string; generation?: string }[],
  now: Date,
): Promise<(RepositoryOverviewItem | null)[]> {
  if (!getEnv().githubApp || repositories.length === 0) return repositories.map(() => null);
  const generations = repositories.every((repository) => repository.generation !== undefined)
    ? repositories.map((repository) => repository.generation as string)
    : await getRepositoryGenerations(repositories);
  const kept = await getWatchedItems(
    repositories.map((repository) => `${repository.owner}/${repository.name}`),
  );
  return kept.map((watched, index) =>
    watched && isCurrentWatchedItem(watched, generations[index] ?? "0", now) ? watched.item : null,
  );
}
