import type { KeyValueStore } from "./types";

type Entry = { value: string; expiresAt: number };

/** The in-process store: one server needs nothing else. */
export class MemoryStore implements KeyValueStore {
  private readonly entries = new Map<string, Entry>();

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, options?: { ttlSeconds?: number }): Promise<void> {
    const ttl = options?.ttlSeconds;
    this.entries.set(key, {
      value,
      expiresAt: ttl === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttl * 1000,
    });
  }

  async setIfAbsent(key: string, value: string, options?: { ttlSeconds?: number }) {
    if (this.live(key)) return false;
    await this.set(key, value, options);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.live(key)?.value ?? null);
  }

  async increment(key: string, options?: { ttlSeconds?: number }): Promise<number> {
    const entry = this.live(key);
    const count = (entry ? Number(entry.value) || 0 : 0) + 1;
    if (entry) entry.value = String(count);
    else await this.set(key, String(count), options);
    return count;
  }
}
