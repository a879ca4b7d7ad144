import "server-only";
import { getStore } from "@/lib/store";
import { seal, unseal } from "@/lib/store/sealed";
import { sealingKey, storeKeyOf } from "@/lib/store/shared-cache";
import type { DispatchRecord } from "./rules";

// Watch mode's memory in the shared store, per repository. A watched repository may be private,
// so it is kept like every cache: keys are hashes (no repository name in the store) and values
// that describe the repository (tag names, issue and run links) are sealed.

const DAY_SECONDS = 24 * 60 * 60;

/** What the dashboard shows about a watched repository. */
export type WatchStatus = {
  checkedAt: string;
  issue: { number: number; url: string } | null;
  problems: string[];
  dispatched: Record<string, DispatchRecord>;
};

type Entry = "lock" | "again" | "pending" | "seen" | "since" | "dispatched" | "status";

/** The store key of one of a repository's watch entries. */
export function watchKey(entry: Entry, repository: string): string {
  return storeKeyOf(`watch-${entry}`, repository.toLowerCase());
}

/** The claim on dispatching one tag: the round that sets it first dispatches, no other. */
export function dispatchClaimKey(repository: string, tag: string): string {
  return storeKeyOf("watch-dispatch", `${repository.toLowerCase()}\n${tag}`);
}

async function readSealed<T>(key: string, fallback: T): Promise<T> {
  const raw = await getStore().get(key);
  const text = raw === null ? null : unseal(sealingKey(), key, raw);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

async function writeSealed(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
  const sealed = seal(sealingKey(), key, JSON.stringify(value));
  await getStore().set(key, sealed, ttlSeconds === undefined ? undefined : { ttlSeconds });
}

/** Remembers when a tag's push reached tagwatch (push/create webhooks): its grace starts then. */
export async function recordTagSeen(repository: string, tags: string[], at: Date): Promise<void> {
  const seen = await getTagsSeen(repository);
  for (const tag of tags) seen[tag] ??= at.toISOString();
  const recent = Object.entries(seen).slice(-200);
  await writeSealed(watchKey("seen", repository), Object.fromEntries(recent), 30 * DAY_SECONDS);
}

/** When tagwatch heard of each tag's push, by tag name. */
export function getTagsSeen(repository: string): Promise<Record<string, string>> {
  return readSealed<Record<string, string>>(watchKey("seen", repository), {});
}

/** Remembers when repositories were added to an installation: tags before that are never dispatched. */
export async function recordWatchStarted(repositories: string[], at: Date): Promise<void> {
  const store = getStore();
  await Promise.all(
    repositories.map((repository) =>
      store.setIfAbsent(watchKey("since", repository), at.toISOString()),
    ),
  );
}

/** When the repository was added to the App's installation, if tagwatch heard of it. */
export async function getWatchStartedAt(repository: string): Promise<Date | null> {
  const at = await getStore().get(watchKey("since", repository));
  return at === null ? null : new Date(at);
}

/** Every dispatch tagwatch made (or tried) in the repository, by tag. */
export function getDispatchRecords(repository: string): Promise<Record<string, DispatchRecord>> {
  return readSealed<Record<string, DispatchRecord>>(watchKey("dispatched", repository), {});
}

/** Remembers every dispatch tagwatch made (or tried) in the repository. */
export async function setDispatchRecords(
  repository: string,
  records: Record<string, DispatchRecord>,
): Promise<void> {
  await writeSealed(watchKey("dispatched", repository), records);
}

/** The dashboard's view of what tagwatch did in a repository; null before its first watch. */
export function getWatchStatus(repository: string): Promise<WatchStatus | null> {
  return readSealed<WatchStatus | null>(watchKey("status", repository), null);
}

/** Keeps what the dashboard shows about the repository's last round. */
export async function setWatchStatus(repository: string, status: WatchStatus): Promise<void> {
  await writeSealed(watchKey("status", repository), status);
}
