import { createClient } from "redis";
import type { KeyValueStore } from "./types";

// A Redis reached over its own protocol (self-hosted, Redis Cloud, Upstash's TCP endpoint;
// rediss:// for TLS) through node-redis. Commands fail at once while disconnected instead of
// queueing, so a Redis that is down costs a page nothing; the client reconnects by itself.

function openClient(url: string, connectTimeoutMs: number) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000),
    },
  });
}

type Client = ReturnType<typeof openClient>;

export class RedisStore implements KeyValueStore {
  readonly shared = true;
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  /** The connection failed since it was last ready: fail at once instead of waiting on it. */
  private failing = false;

  constructor(
    private readonly url: string,
    private readonly options: { connectTimeoutMs?: number } = {},
  ) {}

  private async connect(): Promise<Client> {
    if (!this.client) {
      const client = openClient(this.url, this.options.connectTimeoutMs ?? 2_000);
      // node-redis keeps reconnecting by itself; errors surface where commands fail (one log line
      // by the caller). Without a listener it would crash the process on a dropped connection.
      client.on("error", () => {
        this.failing = true;
      });
      client.on("ready", () => {
        this.failing = false;
      });
      this.client = client;
      this.connecting = client.connect().then(
        () => {
          this.connecting = null;
        },
        () => {},
      );
    }
    if (this.client.isReady) return this.client;
    if (this.connecting && !this.failing) await this.connecting;
    if (!this.client.isReady) throw new Error("Redis is not connected (reconnecting)");
    return this.client;
  }

  async get(key: string): Promise<string | null> {
    const value = await (await this.connect()).get(key);
    return typeof value === "string" ? value : null;
  }

  async set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void> {
    const client = await this.connect();
    const ttl = options?.ttlSeconds;
    await client.set(
      key,
      value,
      ttl === undefined ? {} : { expiration: { type: "EX", value: Math.max(1, Math.ceil(ttl)) } },
    );
  }

  async setIfAbsent(key: string, value: string, options?: { ttlSeconds?: number }) {
    const client = await this.connect();
    const ttl = options?.ttlSeconds;
    const answer = await client.set(key, value, {
      condition: "NX",
      ...(ttl === undefined
        ? {}
        : { expiration: { type: "EX", value: Math.max(1, Math.ceil(ttl)) } }),
    });
    return answer === "OK";
  }

  async delete(key: string): Promise<void> {
    await (await this.connect()).del(key);
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const values = await (await this.connect()).mGet(keys);
    return values.map((value) => (typeof value === "string" ? value : null));
  }

  async increment(key: string, options?: { ttlSeconds?: number }): Promise<number> {
    const client = await this.connect();
    const count = Number(await client.incr(key));
    const ttl = options?.ttlSeconds;
    if (count === 1 && ttl !== undefined) await client.expire(key, Math.max(1, Math.ceil(ttl)));
    return count;
  }

  /** Closes the connection (tests, shutdown). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client?.isOpen) client.destroy();
  }
}
