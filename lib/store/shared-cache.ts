import { createHash, randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";
import { processWide, TtlCache } from "@/lib/store/process-cache";
import { getStore } from "./index";
import { deriveStoreKey, seal, unseal } from "./sealed";
import type { KeyValueStore } from "./types";

// A cache in two tiers: this process's TtlCache in front (what keeps warm reads fast), the
// shared store behind it (what lets a cold instance start warm). Store keys are hashes of the
// cache keys, so neither tokens nor repository names appear in the store; entries marked
// `sealed` are encrypted there. With no shared store configured only the front tier exists.

type Envelope<T> = { value: T; expiresAt: number };

const PREFIX = "tagwatch:v1";
/** How long an instance may hold a "loading this" lock before others stop waiting for it. */
export const LOCK_SECONDS = 10;
const POLL_MS = 50;

/** What stands for `key` in the store: a hash, so no repository name or token appears there. */
export function hashedKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 32);
}

/** The store's key for a cache entry: namespaced, and a hash of the cache key. */
export function storeKeyOf(namespace: string, key: string): string {
  return `${PREFIX}:${namespace}:${hashedKey(key)}`;
}

/** The key values are sealed with before they leave the process (derived from AUTH_SECRET). */
export function sealingKey(): Buffer {
  const secret = getEnv().authSecret;
  const cached = processWide("store-sealing-key", () => ({ secret, key: deriveStoreKey(secret) }));
  return cached.secret === secret ? cached.key : deriveStoreKey(secret);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads once across every instance: the first to take the lock loads (and stores the result),
 * the others poll the store until the result appears, or load themselves when the lock goes
 * without one (the loader failed, or the store is gone).
 */
export async function coalesceAcrossInstances<T>(
  store: KeyValueStore,
  lockKey: string,
  read: () => Promise<T | undefined>,
  load: () => Promise<T>,
): Promise<T> {
  const found = await read();
  if (found !== undefined) return found;
  if (await store.setIfAbsent(lockKey, randomUUID(), { ttlSeconds: LOCK_SECONDS })) {
    try {
      // Another instance may have loaded, stored and let go between our read and our lock.
      const stored = await read();
      if (stored !== undefined) return stored;
      return await load();
    } finally {
      await store.delete(lockKey);
    }
  }
  const deadline = Date.now() + LOCK_SECONDS * 1000;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    // The lock first, then the value: the loader stores its result before it lets go, so a lock
    // seen gone is followed by a read that finds the result (or there is none to find).
    const released = (await store.get(lockKey)) === null;
    const value = await read();
    if (value !== undefined) return value;
    if (released) break;
  }
  return load();
}

export class SharedCache<T> {
  private readonly local: TtlCache<Envelope<T>>;

  constructor(
    private readonly namespace: string,
    private readonly options: {
      maxEntries?: number;
      sealed?: boolean;
      /** The store behind this cache; the deployment's by default (tests pass their own). */
      store?: () => KeyValueStore;
    } = {},
  ) {
    this.local = new TtlCache(options.maxEntries ?? 500);
  }

  private store(): KeyValueStore {
    return (this.options.store ?? getStore)();
  }

  private async read(store: KeyValueStore, key: string): Promise<Envelope<T> | undefined> {
    const storeKey = storeKeyOf(this.namespace, key);
    const raw = await store.get(storeKey);
    if (raw === null) return undefined;
    const text = this.options.sealed ? unseal(sealingKey(), storeKey, raw) : raw;
    if (text === null) return undefined;
    try {
      const envelope = JSON.parse(text) as Envelope<T>;
      return envelope.expiresAt > Date.now() ? envelope : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(store: KeyValueStore, key: string, envelope: Envelope<T>): Promise<void> {
    const ttlMs = envelope.expiresAt - Date.now();
    if (ttlMs <= 0) return;
    const storeKey = storeKeyOf(this.namespace, key);
    const text = JSON.stringify(envelope);
    await store.set(storeKey, this.options.sealed ? seal(sealingKey(), storeKey, text) : text, {
      ttlSeconds: Math.ceil(ttlMs / 1000),
    });
  }

  /** The value for `key`: this process, else the store, else `load` (once across instances). */
  async get(
    key: string,
    load: () => Promise<T>,
    ttlMs: number | ((value: T) => number),
  ): Promise<T> {
    const store = this.store();
    const loadEnvelope = async (): Promise<Envelope<T>> => {
      const value = await load();
      const ttl = typeof ttlMs === "function" ? ttlMs(value) : ttlMs;
      const envelope = { value, expiresAt: Date.now() + ttl };
      if (store.shared && ttl > 0) await this.write(store, key, envelope);
      return envelope;
    };
    const envelope = await this.local.get(
      key,
      () =>
        store.shared
          ? coalesceAcrossInstances(
              store,
              `${storeKeyOf(this.namespace, key)}:lock`,
              () => this.read(store, key),
              loadEnvelope,
            )
          : loadEnvelope(),
      (loaded) => loaded.expiresAt - Date.now(),
    );
    return envelope.value;
  }

  /** The cached value, if this process or the store has one; never loads. */
  async peek(key: string): Promise<T | undefined> {
    const hit = this.local.peek(key);
    if (hit) return hit.value;
    const store = this.store();
    if (!store.shared) return undefined;
    const stored = await this.read(store, key);
    if (!stored) return undefined;
    this.local.set(key, stored, stored.expiresAt - Date.now());
    return stored.value;
  }

  /** Only this process's copy, synchronously (the badge fast path's first look). */
  peekLocal(key: string): T | undefined {
    return this.local.peek(key)?.value;
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    const envelope = { value, expiresAt: Date.now() + ttlMs };
    this.local.set(key, envelope, ttlMs);
    const store = this.store();
    if (store.shared) await this.write(store, key, envelope);
  }

  /** Forgets this process's copies (tests); the store's expire on their own. */
  clearLocal(): void {
    this.local.clear();
  }
}
