import { LATE, within } from "@/lib/deadline";
import type { KeyValueStore } from "./types";

// A shared store that is down, slow or full must never fail a page: every call gets a deadline,
// a failure answers "nothing stored" and logs one line per outage, and after a short pause the
// next call tries the store again (so it recovers by itself, without a restart).

const RETRY_AFTER_MS = 2_000;

export type ResilientOptions = {
  timeoutMs: number;
  /** Where the one line per outage goes. */
  log?: (message: string) => void;
  /** For tests. */
  now?: () => number;
};

class StoreTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  const value = await within(promise, ms);
  if (value === LATE) throw new StoreTimeout(ms);
  return value;
}

export class ResilientStore implements KeyValueStore {
  readonly shared: boolean;
  private downSince: number | null = null;
  private retryAt = 0;

  constructor(
    private readonly inner: KeyValueStore,
    private readonly options: ResilientOptions,
  ) {
    this.shared = inner.shared ?? false;
  }

  /** Whether the last call reached the store. */
  get available(): boolean {
    return this.downSince === null;
  }

  private async attempt<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    const now = this.options.now ?? Date.now;
    if (this.downSince !== null && now() < this.retryAt) return fallback;
    try {
      const result = await withDeadline(call(), this.options.timeoutMs);
      if (this.downSince !== null) {
        this.log(`shared store is back after ${Math.round((now() - this.downSince) / 1000)} s`);
        this.downSince = null;
      }
      return result;
    } catch (error) {
      if (this.downSince === null) {
        this.downSince = now();
        const reason = error instanceof Error ? error.message : String(error);
        this.log(
          `shared store unavailable (${reason}): using GitHub and in-process caches until it answers again`,
        );
      }
      this.retryAt = now() + RETRY_AFTER_MS;
      return fallback;
    }
  }

  private log(message: string): void {
    (this.options.log ?? console.warn)(`tagwatch: ${message}`);
  }

  get(key: string): Promise<string | null> {
    return this.attempt(() => this.inner.get(key), null);
  }

  set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void> {
    return this.attempt(() => this.inner.set(key, value, options), undefined);
  }

  /** Without the store every caller is its own owner: it loads (from GitHub) itself. */
  setIfAbsent(key: string, value: string, options?: { ttlSeconds?: number }): Promise<boolean> {
    return this.attempt(() => this.inner.setIfAbsent(key, value, options), true);
  }

  delete(key: string): Promise<void> {
    return this.attempt(() => this.inner.delete(key), undefined);
  }

  getMany(keys: string[]): Promise<(string | null)[]> {
    return this.attempt(
      () => this.inner.getMany(keys),
      keys.map(() => null),
    );
  }

  /** Without the store nothing can be counted: every caller is the first. */
  increment(key: string, options?: { ttlSeconds?: number }): Promise<number> {
    return this.attempt(() => this.inner.increment(key, options), 1);
  }
}
