import "server-only";
import { AppError } from "@/lib/errors";
import { getStore, type KeyValueStore } from "@/lib/store";
import { repositoryKey } from "@/lib/store/cache-policy";
import { storeKeyOf } from "@/lib/store/shared-cache";
import { badgeTokenMatches, createBadgeToken, hashBadgeToken } from "./token";

// One badge token per repository, in the shared store under a hashed key, as its hash and when it
// was made. Not sealed: the hash reveals nothing, and rotating AUTH_SECRET must not silently break
// every README. No expiry: a link works until it is rotated or removed.

/** What tagwatch keeps of a repository's badge token. */
export type BadgeTokenRecord = { hash: string; createdAt: string };

function recordKey(owner: string, repo: string): string {
  return storeKeyOf("badge-token", repositoryKey(owner, repo));
}

const STORE_DOWN =
  "tagwatch's shared store did not answer, so the badge link was not changed. Try again in a moment.";

function parseRecord(raw: string | null): BadgeTokenRecord | null {
  if (raw === null) return null;
  try {
    const record = JSON.parse(raw) as Partial<BadgeTokenRecord>;
    return typeof record.hash === "string" && typeof record.createdAt === "string"
      ? { hash: record.hash, createdAt: record.createdAt }
      : null;
  } catch {
    return null;
  }
}

/** The repository's badge token record, or null when it has no badge link. */
export async function getBadgeTokenRecord(
  owner: string,
  repo: string,
  store: KeyValueStore = getStore(),
): Promise<BadgeTokenRecord | null> {
  return parseRecord(await store.get(recordKey(owner, repo)));
}

/**
 * Makes the repository's badge token, replacing any previous one (Rotate): the old token stops
 * at once on every instance. Returns the token; only its hash is kept.
 */
export async function issueBadgeToken(
  owner: string,
  repo: string,
  options: { now?: Date; store?: KeyValueStore } = {},
): Promise<string> {
  const store = options.store ?? getStore();
  const token = createBadgeToken();
  const record: BadgeTokenRecord = {
    hash: hashBadgeToken(token),
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  await store.set(recordKey(owner, repo), JSON.stringify(record));
  // A store that is down answers with fallbacks: never hand out a link that does not work.
  const stored = await getBadgeTokenRecord(owner, repo, store);
  if (stored?.hash !== record.hash) throw new AppError("store-unavailable", STORE_DOWN);
  return token;
}

/** Removes the repository's badge token (Remove): its link stops at once. */
export async function revokeBadgeToken(
  owner: string,
  repo: string,
  store: KeyValueStore = getStore(),
): Promise<void> {
  await store.delete(recordKey(owner, repo));
  // Never say a link stopped when the store did not take the change.
  const left = await store.get(recordKey(owner, repo));
  if (left !== null || store.available === false) {
    throw new AppError("store-unavailable", STORE_DOWN);
  }
}

/** Whether `token` is the repository's current badge token (compared in constant time). */
export async function isBadgeTokenValid(
  owner: string,
  repo: string,
  token: string,
  store: KeyValueStore = getStore(),
): Promise<boolean> {
  const record = await getBadgeTokenRecord(owner, repo, store);
  return badgeTokenMatches(token, record?.hash ?? null);
}
