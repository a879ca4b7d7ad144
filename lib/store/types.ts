/**
 * The shared memory behind every cache and piece of cross-request state (snapshots, badge
 * renders, installation tokens, webhook delivery ids, ...). Values are strings: callers serialise.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void>;
  /** Sets only when the key is absent; true when this call set it (locks, idempotency keys). */
  setIfAbsent(key: string, value: string, options?: { ttlSeconds?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Several entries in one round trip (watch mode reads a hundred repositories' marks at once). */
  getMany(keys: string[]): Promise<(string | null)[]>;
  /** Adds 1 to a counter and answers the new count; its lifetime starts at the first increment. */
  increment(key: string, options?: { ttlSeconds?: number }): Promise<number>;
  /**
   * True when other instances of the deployment see the same entries (Redis, Upstash). Caches
   * skip the serialising round trip when false: the in-process store adds nothing to their own.
   */
  readonly shared?: boolean;
  /**
   * False when the last call did not reach the store and was answered with a fallback (a shared
   * store that is down). What must not silently fail, such as a badge token, checks it.
   */
  readonly available?: boolean;
}
