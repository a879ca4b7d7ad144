import { getEnv, type StoreSettings } from "@/lib/env";
import { processWide } from "@/lib/store/process-cache";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";
import { ResilientStore } from "./resilient-store";
import type { KeyValueStore } from "./types";
import { UpstashStore } from "./upstash-store";

export type { KeyValueStore } from "./types";

/** The store for these settings: in-process, Redis (TCP) or Upstash (HTTP), never failing a caller. */
export function createStore(settings: StoreSettings, timeoutMs: number): KeyValueStore {
  switch (settings.kind) {
    case "memory":
      return new MemoryStore();
    case "redis":
      return new ResilientStore(new RedisStore(settings.url), { timeoutMs });
    case "upstash":
      return new ResilientStore(
        new UpstashStore({ url: settings.url, token: settings.token, timeoutMs }),
        { timeoutMs },
      );
  }
}

/** The store every instance of this deployment shares (in-process until a shared one is configured). */
export function getStore(): KeyValueStore {
  return processWide<KeyValueStore>("store", () => {
    try {
      const env = getEnv();
      return createStore(env.store, env.storeTimeoutMs);
    } catch {
      // Settings tagwatch cannot start with are reported where they are needed; caches still work.
      return new MemoryStore();
    }
  });
}
