import { describe, expect, it } from "vitest";
import { EnvError, readEnv } from "@/lib/env";
import { createStore } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory-store";
import { ResilientStore } from "@/lib/store/resilient-store";

// Which store the settings choose: none is in-process, REDIS_URL is Redis over TCP, and the
// KV_REST_API_* (Vercel) or UPSTASH_REDIS_REST_* pair is Upstash over HTTP.

describe("store settings", () => {
  it("none set: the in-process store, exactly as a single server needs", () => {
    const env = readEnv({});
    expect(env.store).toEqual({ kind: "memory" });
    const store = createStore(env.store, env.storeTimeoutMs);
    expect(store).toBeInstanceOf(MemoryStore);
    expect(store.shared ?? false).toBe(false);
  });

  it("REDIS_URL: redis:// and rediss:// (TLS) are accepted, anything else is named", () => {
    expect(readEnv({ REDIS_URL: "redis://localhost:6379" }).store).toEqual({
      kind: "redis",
      url: "redis://localhost:6379",
    });
    expect(readEnv({ REDIS_URL: "rediss://default:pw@eu1.upstash.io:6379" }).store.kind).toBe(
      "redis",
    );
    expect(() => readEnv({ REDIS_URL: "http://localhost:6379" })).toThrow(/REDIS_URL/);
  });

  it("Vercel's KV_REST_API_* and Upstash's own names both choose the HTTP store", () => {
    expect(
      readEnv({ KV_REST_API_URL: "https://kv.example.upstash.io/", KV_REST_API_TOKEN: "t" }).store,
    ).toEqual({ kind: "upstash", url: "https://kv.example.upstash.io", token: "t" });
    expect(
      readEnv({
        UPSTASH_REDIS_REST_URL: "https://u.example.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "t",
      }).store.kind,
    ).toBe("upstash");
  });

  it("half a pair is an error that names the missing half", () => {
    expect(() => readEnv({ KV_REST_API_URL: "https://kv.example.upstash.io" })).toThrow(
      /KV_REST_API_TOKEN/,
    );
    expect(() => readEnv({ UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(EnvError);
  });

  it("REDIS_URL wins when both kinds are set; every shared store is wrapped to never fail a page", () => {
    const env = readEnv({
      REDIS_URL: "redis://localhost:6379",
      KV_REST_API_URL: "https://kv.example.upstash.io",
      KV_REST_API_TOKEN: "t",
      TAGWATCH_STORE_TIMEOUT_MS: "250",
    });
    expect(env.store.kind).toBe("redis");
    expect(env.storeTimeoutMs).toBe(250);
    const store = createStore(env.store, env.storeTimeoutMs);
    expect(store).toBeInstanceOf(ResilientStore);
    expect(store.shared).toBe(true);
  });
});
