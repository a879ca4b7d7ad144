import "server-only";
import { getStore } from "@/lib/store";
import { seal, unseal } from "@/lib/store/sealed";
import { getSealedJson, setSealedJson } from "@/lib/store/sealed-entry";
import { sealingKey, storeKeyOf } from "@/lib/store/shared-cache";
import type { DispatchRecord } from "./rules";

// Watch mode's memory in the shared store, per repository. A watched repository may be private,
// so it is kept like every cache: keys are hashes (no repository name in the store) and values
// that describe the repository (tag names, issue and run links) are sealed. What must outlive a
// rename or a transfer is keyed by the repository's node id; only the short-lived round
// coordination (lock, again, pending) and the name -> id alias are keyed by name.

const DAY_SECONDS = 24 * 60 * 60;

/** What the dashboard shows about a watched repository. */
export type WatchStatus = {
  checkedAt: string;
  issue: { number: number; url: string } | null;
  problems: string[];
  dispatched: Record<string, DispatchRecord>;
};

/** A repository as watch mode keys it: GitHub's node id, which a rename or transfer keeps. */
export type RepositoryId = string;

type ByName = "lock" | "again" | "pending";
type ById = "seen" | "since" | "dispatched" | "status";
const BY_ID: readonly ById[] = ["seen", "since", "dispatched", "status"];

/** The store key of a round's coordination entry, by the name the round reads. */
export function watchKey(entry: ByName, repository: string): string {
  return storeKeyOf(`watch-${entry}`, repository.toLowerCase());
}

function stateKey(entry: ById, id: RepositoryId): string {
  return storeKeyOf(`watch-${entry}-id`, id);
}

function aliasKey(repository: string): string {
  return storeKeyOf("watch-id", repository.toLowerCase());
}

/** The claim on dispatching one tag: the round that sets it first dispatches, no other. */
export function dispatchClaimKey(id: RepositoryId, tag: string): string {
  return storeKeyOf("watch-dispatch-id", `${id}\n${tag}`);
}

/** Remembers which repository a name currently means (rounds and webhooks know both). */
export async function rememberRepositoryId(repository: string, id: RepositoryId): Promise<void> {
  await setSealedJson(aliasKey(repository), id, 30 * DAY_SECONDS);
}

/** The node id a name last meant, or null when watch mode never saw it under that name. */
export function getRepositoryId(repository: string): Promise<RepositoryId | null> {
  return getSealedJson<RepositoryId>(aliasKey(repository));
}

/** The name no longer means that repository (renamed, transferred, or no longer watched). */
export async function forgetRepositoryName(repository: string): Promise<void> {
  await getStore().delete(aliasKey(repository));
}

/**
 * Moves what a version before node-id keys kept under the repository's name to its node id, so
 * an upgrade forgets no dispatch (which must never be sent twice). One store round trip when
 * there is nothing to move.
 */
export async function adoptNamedState(repository: string, id: RepositoryId): Promise<void> {
  const store = getStore();
  const legacy = BY_ID.map((entry) => storeKeyOf(`watch-${entry}`, repository.toLowerCase()));
  const found = await store.getMany(legacy);
  for (const [index, entry] of BY_ID.entries()) {
    const from = legacy[index] as string;
    const raw = found[index];
    if (raw === null || raw === undefined) continue;
    const to = stateKey(entry, id);
    if ((await store.get(to)) === null) {
      // "since" is a plain time; the rest are sealed to their key.
      const value = entry === "since" ? raw : unseal(sealingKey(), from, raw);
      const ttl = entry === "seen" ? { ttlSeconds: 30 * DAY_SECONDS } : undefined;
      if (value !== null)
        await store.set(to, entry === "since" ? value : seal(sealingKey(), to, value), ttl);
    }
    await store.delete(from);
  }
}

/** Drops everything watch mode kept about a repository (removed from or uninstalled with the App). */
export async function forgetRepositoryState(id: RepositoryId): Promise<void> {
  const store = getStore();
  await Promise.all(BY_ID.map((entry) => store.delete(stateKey(entry, id))));
}

async function readSealed<T>(key: string, fallback: T): Promise<T> {
  return (await getSealedJson<T>(key)) ?? fallback;
}

/** Remembers when a tag's push reached tagwatch (push/create webhooks): its grace starts then. */
export async function recordTagSeen(id: RepositoryId, tags: string[], at: Date): Promise<void> {
  const seen = await getTagsSeen(id);
  for (const tag of tags) seen[tag] ??= at.toISOString();
  const recent = Object.entries(seen).slice(-200);
  await setSealedJson(stateKey("seen", id), Object.fromEntries(recent), 30 * DAY_SECONDS);
}

/** When tagwatch heard of each tag's push, by tag name. */
export function getTagsSeen(id: RepositoryId): Promise<Record<string, string>> {
  return readSealed<Record<string, string>>(stateKey("seen", id), {});
}

/** Remembers when repositories were added to an installation: tags before that are never dispatched. */
export async function recordWatchStarted(ids: RepositoryId[], at: Date): Promise<void> {
  const store = getStore();
  await Promise.all(ids.map((id) => store.setIfAbsent(stateKey("since", id), at.toISOString())));
}

/** When the repository was added to the App's installation, if tagwatch heard of it. */
export async function getWatchStartedAt(id: RepositoryId): Promise<Date | null> {
  const at = await getStore().get(stateKey("since", id));
  return at === null ? null : new Date(at);
}

/** Every dispatch tagwatch made (or tried) in the repository, by tag. */
export function getDispatchRecords(id: RepositoryId): Promise<Record<string, DispatchRecord>> {
  return readSealed<Record<string, DispatchRecord>>(stateKey("dispatched", id), {});
}

/** Remembers every dispatch tagwatch made (or tried) in the repository. */
export async function setDispatchRecords(
  id: RepositoryId,
  records: Record<string, DispatchRecord>,
): Promise<void> {
  await setSealedJson(stateKey("dispatched", id), records);
}

/** The dashboard's view of what tagwatch did in a repository; null before its first watch. */
export function getWatchStatus(id: RepositoryId): Promise<WatchStatus | null> {
  return readSealed<WatchStatus | null>(stateKey("status", id), null);
}

/** Keeps what the dashboard shows about the repository's last round. */
export async function setWatchStatus(id: RepositoryId, status: WatchStatus): Promise<void> {
  await setSealedJson(stateKey("status", id), status);
}
