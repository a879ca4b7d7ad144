// A small in-process cache with request coalescing. It lives per server instance (one serverless
// function keeps it while warm); nothing in it is shared between users unless the key says so.

type Entry<T> = { value: T; expiresAt: number };

export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries = 500) {}

  /** The value for `key`, loading it at most once at a time; `ttlMs` may depend on the value. */
  async get(
    key: string,
    load: () => Promise<T>,
    ttlMs: number | ((value: T) => number),
  ): Promise<T> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const loading = load()
      .then((value) => {
        const ttl = typeof ttlMs === "function" ? ttlMs(value) : ttlMs;
        if (ttl > 0) this.set(key, value, ttl);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  peek(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Drops every entry whose key starts with `prefix`. */
  invalidate(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const REGISTRY = Symbol.for("tagwatch.process-wide");
const globals = globalThis as Record<symbol, Map<string, unknown> | undefined>;
globals[REGISTRY] ??= new Map();
const registry = globals[REGISTRY];

/**
 * One instance per server process. Next bundles pages and route handlers separately, so a plain
 * module-level cache would exist once per bundle: a dispatch route could not invalidate what the
 * page cached, nor fall back on data the page had.
 */
export function processWide<T>(name: string, create: () => T): T {
  if (!registry.has(name)) registry.set(name, create());
  return registry.get(name) as T;
}
