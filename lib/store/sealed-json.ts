import "server-only";
import { getStore } from "./index";
import { seal, unseal } from "./sealed";
import { sealingKey } from "./shared-cache";

// A JSON value kept sealed under one store key: for state that names private repositories or
// holds secrets (webhook URLs). A value that does not open (another AUTH_SECRET) reads as absent.

/** The JSON value at `key`, or `fallback` when absent or unreadable. */
export async function readSealedJson<T>(key: string, fallback: T): Promise<T> {
  const raw = await getStore().get(key);
  const text = raw === null ? null : unseal(sealingKey(), key, raw);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Seals `value` as JSON under `key`. */
export async function writeSealedJson(
  key: string,
  value: unknown,
  ttlSeconds?: number,
): Promise<void> {
  const sealed = seal(sealingKey(), key, JSON.stringify(value));
  await getStore().set(key, sealed, ttlSeconds === undefined ? undefined : { ttlSeconds });
}
