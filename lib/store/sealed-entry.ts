import { getStore } from "./index";
import { seal, unseal } from "./sealed";
import { sealingKey } from "./shared-cache";

// One JSON value under one store key, sealed (it may describe a private repository): for state
// that is not a cache entry with an expiry envelope (SharedCache), such as a badge link's view.

/** The value under `key`; null when absent, damaged, or sealed with another AUTH_SECRET. */
export async function getSealedJson<T>(key: string): Promise<T | null> {
  const raw = await getStore().get(key);
  const text = raw === null ? null : unseal(sealingKey(), key, raw);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** Keeps `value` sealed under `key`, for `ttlSeconds` or until replaced. */
export async function setSealedJson(key: string, value: unknown, ttlSeconds?: number) {
  const sealed = seal(sealingKey(), key, JSON.stringify(value));
  await getStore().set(key, sealed, ttlSeconds === undefined ? undefined : { ttlSeconds });
}
