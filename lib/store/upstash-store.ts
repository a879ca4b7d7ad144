import { Redis } from "@upstash/redis";
import type { KeyValueStore } from "./types";

// Upstash's Redis over HTTP (what Vercel's marketplace Redis provides as KV_REST_API_URL and
// KV_REST_API_TOKEN): every command is one HTTPS request, which suits short-lived functions.

export class UpstashStore implements KeyValueStore {
  readonly shared = true;
  private readonly redis: Redis;

  constructor(options: { url: string; token: string; timeoutMs?: number }) {
    const timeoutMs = options.timeoutMs ?? 1_000;
    this.redis = new Redis({
      url: options.url,
      token: options.token,
      // Values are our own strings (often sealed): no JSON guessing on the way back.
      automaticDeserialization: false,
      enableTelemetry: false,
      // The caller falls back to GitHub at once; retrying here would only make a page wait.
      retry: false,
      signal: () => AbortSignal.timeout(timeoutMs),
    });
  }

  async get(key: string): Promise<string | null> {
    const value = await this.redis.get<string>(key);
    return typeof value === "string" ? value : null;
  }

  async set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void> {
    const ttl = options?.ttlSeconds;
    if (ttl === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, { ex: Math.max(1, Math.ceil(ttl)) });
  }

  async setIfAbsent(key: string, value: string, options?: { ttlSeconds?: number }) {
    const ttl = options?.ttlSeconds;
    const answer =
      ttl === undefined
        ? await this.redis.set(key, value, { nx: true })
        : await this.redis.set(key, value, { nx: true, ex: Math.max(1, Math.ceil(ttl)) });
    return answer === "OK";
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget<(string | null)[]>(...keys);
    return values.map((value) => (typeof value === "string" ? value : null));
  }

  async increment(key: string, options?: { ttlSeconds?: number }): Promise<number> {
    const count = Number(await this.redis.incr(key));
    const ttl = options?.ttlSeconds;
    if (count === 1 && ttl !== undefined) await this.redis.expire(key, Math.max(1, Math.ceil(ttl)));
    return count;
  }
}
