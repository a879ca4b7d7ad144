import { getStore } from "./index";
import { seal, unseal } from "./sealed";
import { sealingKey } from "./shared-cache";

// One JSON value under one store key, sealed (it may describe a private repository): for state
// that is not a cache entry with an expiry envelope (SharedCache), such as a badge link's view.

/** `value` as JSON sealed to `key` (for a caller that writes many at once). */
export function sealJson(key: string, value: unknown): string {
  return seal(sealingKey(), key, JSON.stringify(value));
}

/** What `sealJson` sealed under `key`; null when absent, damaged, or sealed with another AUTH_SECRET. */
export function unsealJson<T>(key: string, raw: string | null): T | null {
  const text = raw === null ? null : unseal(sealingKey(), key, raw);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The value under `key`; null when absent, damaged, or sealed with another AUTH_SECRET. */
export async function getSealedJson<T>(key: string): Promise<T | null> {
  return unsealJson<T>(key, await getStore().get(key));
}

/** Keeps `value` sealed under `key`, for `ttlSeconds` or until replaced. */
export async function setSealedJson(key: string, value: unknown, ttlSeconds?: number) {
  const options = ttlSeconds === undefined ? undefined : { ttlSeconds };
  await getStore().set(key, sealJson(key, value), options);
}
