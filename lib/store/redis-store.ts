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
  private connecting: Promise<Client> | null = null;

  constructor(
    private readonly url: string,
    private readonly options: { connectTimeoutMs?: number } = {},
  ) {}

  private connect(): Promise<Client> {
    if (this.client?.isReady) return Promise.resolve(this.client);
    if (this.client) return Promise.reject(new Error("Redis is reconnecting"));
    this.connecting ??= (async () => {
      const client = openClient(this.url, this.options.connectTimeoutMs ?? 2_000);
      // Errors are reported where commands fail (one line, by the caller); without a listener
      // node-redis would crash the process on a dropped connection.
      client.on("error", () => {});
      try {
        await client.connect();
      } catch (error) {
        await client.destroy();
        throw error;
      } finally {
        this.connecting = null;
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
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

  /** Closes the connection (tests, shutdown). */
  async close(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    if (client) await client.destroy();
  }
}
