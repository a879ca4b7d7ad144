import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "@/lib/store/memory-store";
import { RedisStore } from "@/lib/store/redis-store";
import { ResilientStore } from "@/lib/store/resilient-store";
import type { KeyValueStore } from "@/lib/store/types";
import { UpstashStore } from "@/lib/store/upstash-store";
import { type RedisServer, startRedisServer } from "../../../scripts/redis-server";
import { startUpstashStandIn, type UpstashStandIn } from "./upstash-stand-in";

// One contract, three stores: the in-process one, node-redis against a real redis-server, and the
// Upstash HTTP adapter against a local stand-in of Upstash's REST protocol.

let redis: RedisServer;
let redisStore: RedisStore;
let upstash: UpstashStandIn;

beforeAll(async () => {
  redis = await startRedisServer();
  redisStore = new RedisStore(redis.url);
  upstash = await startUpstashStandIn();
});

afterAll(async () => {
  await redisStore?.close();
  await redis?.stop();
  await upstash?.close();
});

const implementations: [string, () => KeyValueStore][] = [
  ["in-process", () => new MemoryStore()],
  ["redis (node-redis)", () => redisStore],
  ["upstash (HTTP)", () => new UpstashStore({ url: upstash.url, token: upstash.token })],
];

describe.each(implementations)("the %s store", (name, create) => {
  const key = (suffix: string) => `test:${name}:${suffix}`;

  it("reads back what it was given, and null for what it never had", async () => {
    const store = create();
    await store.set(key("a"), 'a value with "quotes", ünïcödé and\nnewlines');
    expect(await store.get(key("a"))).toBe('a value with "quotes", ünïcödé and\nnewlines');
    expect(await store.get(key("never"))).toBeNull();
  });

  it("keeps a JSON string a string (no guessing on the way back)", async () => {
    const store = create();
    await store.set(key("json"), '{"n":1}');
    expect(await store.get(key("json"))).toBe('{"n":1}');
  });

  it("forgets an entry when its time is up", async () => {
    const store = create();
    await store.set(key("ttl"), "short-lived", { ttlSeconds: 1 });
    await store.set(key("kept"), "long-lived", { ttlSeconds: 3600 });
    expect(await store.get(key("ttl"))).toBe("short-lived");
    // Redis expires by its own clock: wait for it, with room for a busy machine.
    await vi.waitFor(async () => expect(await store.get(key("ttl"))).toBeNull(), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await store.get(key("kept"))).toBe("long-lived");
  });

  it("setIfAbsent: only the first caller gets the lock, and again once it is deleted", async () => {
    const store = create();
    await store.delete(key("lock"));
    expect(await store.setIfAbsent(key("lock"), "first", { ttlSeconds: 10 })).toBe(true);
    expect(await store.setIfAbsent(key("lock"), "second", { ttlSeconds: 10 })).toBe(false);
    expect(await store.get(key("lock"))).toBe("first");
    await store.delete(key("lock"));
    expect(await store.get(key("lock"))).toBeNull();
    expect(await store.setIfAbsent(key("lock"), "third")).toBe(true);
  });

  it("reads many entries in one call, null for the absent ones, in the order asked", async () => {
    const store = create();
    await store.set(key("m1"), "one");
    await store.set(key("m3"), "three");
    expect(await store.getMany([key("m3"), key("m2"), key("m1")])).toEqual(["three", null, "one"]);
    expect(await store.getMany([])).toEqual([]);
  });

  it("counts up from 1, and the count goes with its time", async () => {
    const store = create();
    await store.delete(key("count"));
    expect(await store.increment(key("count"), { ttlSeconds: 1 })).toBe(1);
    expect(await store.increment(key("count"), { ttlSeconds: 1 })).toBe(2);
    await vi.waitFor(async () => expect(await store.get(key("count"))).toBeNull(), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await store.increment(key("count"))).toBe(1);
  });

  it("says whether other instances share it", () => {
    expect(create().shared ?? false).toBe(name !== "in-process");
  });
});

describe("the Upstash adapter on the wire", () => {
  it("sends commands as JSON arrays with the token as a Bearer header and reads base64 answers", async () => {
    const store = new UpstashStore({ url: upstash.url, token: upstash.token });
    upstash.commands.length = 0;
    await store.setIfAbsent("wire:lock", "owner-1", { ttlSeconds: 5 });
    expect(await store.get("wire:lock")).toBe("owner-1");
    expect(upstash.commands[0]).toEqual(
      ["set", "wire:lock", "owner-1", "nx", "ex", "5"].map(String),
    );
    expect(upstash.lastHeaders().authorization).toBe(`Bearer ${upstash.token}`);
    expect(upstash.lastHeaders()["upstash-encoding"]).toBe("base64");
  });

  it("a wrong token is an error the resilient wrapper turns into 'nothing stored'", async () => {
    const lines: string[] = [];
    const store = new ResilientStore(new UpstashStore({ url: upstash.url, token: "wrong" }), {
      timeoutMs: 1_000,
      log: (line) => lines.push(line),
    });
    expect(await store.get("anything")).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("shared store unavailable");
    expect(lines[0]).not.toContain("wrong");
  });

  it("a slow store is given up on after the timeout", async () => {
    const store = new UpstashStore({ url: upstash.url, token: upstash.token, timeoutMs: 200 });
    // It would answer (null) after 3 s: only the adapter's own timeout makes the call fail.
    upstash.delayMs = 3_000;
    try {
      await expect(store.get("slow")).rejects.toThrow(/abort|timeout/i);
    } finally {
      upstash.delayMs = 0;
    }
  });
});

describe("a Redis that goes away", () => {
  it("costs callers nothing: one log line, empty answers, then it recovers by itself", async () => {
    const server = await startRedisServer();
    const lines: string[] = [];
    let clock = Date.now();
    const store = new ResilientStore(new RedisStore(server.url, { connectTimeoutMs: 300 }), {
      timeoutMs: 300,
      log: (line) => lines.push(line),
      now: () => clock,
    });
    try {
      await store.set("k", "before");
      expect(await store.get("k")).toBe("before");
      await server.stop();
      expect(await store.get("k")).toBeNull();
      await store.set("k", "while down");
      expect(await store.setIfAbsent("lock", "me")).toBe(true);
      expect(await store.get("k")).toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/shared store unavailable .*in-process caches/);
      expect(store.available).toBe(false);

      await server.start();
      // The client reconnects on its own; the wrapper tries again after its pause.
      await vi.waitFor(
        async () => {
          clock += 5_000;
          await store.set("k", "after");
          expect(store.available).toBe(true);
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(await store.get("k")).toBe("after");
      expect(lines[1]).toMatch(/shared store is back/);
    } finally {
      await server.stop();
    }
  });

  it("a Redis that is down from the start: the first call answers 'nothing stored' with one log line", async () => {
    const server = await startRedisServer();
    await server.stop();
    const lines: string[] = [];
    const store = new ResilientStore(new RedisStore(server.url, { connectTimeoutMs: 300 }), {
      timeoutMs: 300,
      log: (line) => lines.push(line),
    });
    expect(await store.get("k")).toBeNull();
    expect(lines).toHaveLength(1);
  });
});

describe("a store that never answers", () => {
  afterEach(() => vi.useRealTimers());

  it("is given up on when the timeout passes, not before, and the caller carries on without it", async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const hanging: KeyValueStore = {
      shared: true,
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      setIfAbsent: () => new Promise(() => {}),
      delete: () => new Promise(() => {}),
      getMany: () => new Promise(() => {}),
      increment: () => new Promise(() => {}),
    };
    const store = new ResilientStore(hanging, { timeoutMs: 500, log: (line) => lines.push(line) });
    let answer: string | null | undefined;
    void store.get("k").then((value) => {
      answer = value;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBeNull();
    expect(lines).toEqual([
      "tagwatch: shared store unavailable (no answer within 500 ms): using GitHub and in-process caches until it answers again",
    ]);
  });
});
