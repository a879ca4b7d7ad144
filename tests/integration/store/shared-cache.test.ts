import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { MemoryStore } from "@/lib/store/memory-store";
import { RedisStore } from "@/lib/store/redis-store";
import { ResilientStore } from "@/lib/store/resilient-store";
import { deriveStoreKey, seal, unseal } from "@/lib/store/sealed";
import { coalesceAcrossInstances, SharedCache, storeKeyOf } from "@/lib/store/shared-cache";
import { type RedisServer, startRedisServer } from "../../../scripts/redis-server";

// Two SharedCaches over one Redis stand for two instances of a deployment: each has its own
// in-process tier, and they meet in the store.

let redis: RedisServer;
let store: ResilientStore;
const lines: string[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  store = new ResilientStore(new RedisStore(redis.url, { connectTimeoutMs: 1_000 }), {
    timeoutMs: 1_000,
    log: (line) => lines.push(line),
  });
  await store.get("connect");
  expect(lines).toEqual([]);
});

afterAll(async () => {
  await redis?.stop();
});

type Snapshot = { repository: string; tags: string[] };

let namespaceCount = 0;
function instances() {
  const namespace = `test-${namespaceCount++}`;
  const options = { sealed: true, store: () => store };
  return {
    namespace,
    a: new SharedCache<Snapshot>(namespace, options),
    b: new SharedCache<Snapshot>(namespace, options),
  };
}

function counting(value: Snapshot, delayMs = 0) {
  const loader = {
    calls: 0,
    load: async () => {
      loader.calls++;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return value;
    },
  };
  return loader;
}

const secretRepo: Snapshot = { repository: "acme/secret-service", tags: ["v1.0.0-internal"] };

describe("a cache shared through the store", () => {
  it("what instance A loaded is warm on instance B: B never loads", async () => {
    const { a, b } = instances();
    const loader = counting(secretRepo);
    expect(await a.get("acme/secret-service@0:tokenhash", loader.load, 60_000)).toEqual(secretRepo);
    expect(await b.get("acme/secret-service@0:tokenhash", loader.load, 60_000)).toEqual(secretRepo);
    expect(loader.calls).toBe(1);
  });

  it("a burst of cold reads on both instances loads once", async () => {
    const { a, b } = instances();
    const loader = counting(secretRepo, 200);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).get("acme/secret-service@0:burst", loader.load, 60_000),
      ),
    );
    expect(results).toEqual(Array(20).fill(secretRepo));
    expect(loader.calls).toBe(1);
  });

  it("a failed load is not shared: the next reader loads itself", async () => {
    const { a, b } = instances();
    await expect(
      a.get("k", () => Promise.reject(new Error("GitHub is down")), 60_000),
    ).rejects.toThrow("GitHub is down");
    const loader = counting(secretRepo);
    expect(await b.get("k", loader.load, 60_000)).toEqual(secretRepo);
    expect(loader.calls).toBe(1);
  });

  it("a value whose lifetime is 0 is not stored", async () => {
    const { a, b } = instances();
    const loader = counting(secretRepo);
    await a.get("zero", loader.load, () => 0);
    await b.get("zero", loader.load, () => 0);
    expect(loader.calls).toBe(2);
  });

  it("stores sealed values under hashed keys: no repository name, tag or token fingerprint in Redis", async () => {
    const { namespace, a } = instances();
    const key = "acme/secret-service@0:tokenhash:";
    await a.set(key, secretRepo, 60_000);
    const storeKey = storeKeyOf(namespace, key);
    expect(storeKey).not.toMatch(/acme|secret|tokenhash/);
    const raw = await store.get(storeKey);
    expect(raw).toMatch(/^s1:/);
    expect(raw).not.toMatch(/acme|secret-service|v1\.0\.0/);
  });

  it("keeps serving when Redis stops, and shares again once it is back", async () => {
    const { a, b } = instances();
    const loader = counting(secretRepo);
    await a.get("outage", loader.load, 60_000);
    await redis.stop();
    try {
      // A still has its own copy; B falls back to loading (GitHub) itself.
      expect(await a.get("outage", loader.load, 60_000)).toEqual(secretRepo);
      expect(await b.get("outage", loader.load, 60_000)).toEqual(secretRepo);
      expect(loader.calls).toBe(2);
      expect(lines.filter((line) => line.includes("unavailable"))).toHaveLength(1);
    } finally {
      await redis.start();
    }
  });
});

describe("sealed values", () => {
  const key = deriveStoreKey(getEnv().authSecret);

  it("open with the same secret and entry key only", () => {
    const sealed = seal(key, "entry-1", "private data");
    expect(sealed).not.toContain("private");
    expect(unseal(key, "entry-1", sealed)).toBe("private data");
    expect(unseal(deriveStoreKey("another secret"), "entry-1", sealed)).toBeNull();
    expect(unseal(key, "entry-2", sealed)).toBeNull();
  });

  it("an altered value reads as absent, never as garbage", () => {
    const sealed = seal(key, "entry", "private data");
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(unseal(key, "entry", `s1:${bytes.toString("base64")}`)).toBeNull();
    expect(unseal(key, "entry", "not sealed at all")).toBeNull();
  });

  it("the same plaintext seals differently each time (random IV)", () => {
    expect(seal(key, "e", "x")).not.toBe(seal(key, "e", "x"));
  });
});

describe("waiting for another instance's load", () => {
  it("takes the result that instance stored just as it let go of the lock, and loads nothing itself", async () => {
    const store = new MemoryStore();
    await store.setIfAbsent("lock", "other-instance");
    let stored: string | undefined;
    let reads = 0;
    let loads = 0;
    const value = await coalesceAcrossInstances(
      store,
      "lock",
      async () => {
        reads++;
        // The other instance finishes between this read and the next look at the lock.
        if (reads === 2) {
          stored = "from the other instance";
          await store.delete("lock");
          return undefined;
        }
        return stored;
      },
      async () => {
        loads++;
        return "loaded again";
      },
    );
    expect(value).toBe("from the other instance");
    expect(loads).toBe(0);
  });
});

describe("taking the lock just after another instance let go", () => {
  it("uses the result that instance stored instead of loading again", async () => {
    const store = new MemoryStore();
    let stored: string | undefined;
    let loads = 0;
    const value = await coalesceAcrossInstances(
      store,
      "lock",
      async () => {
        const seen = stored;
        // The other instance stores its result and lets go right after this first look.
        stored = "from the other instance";
        return seen;
      },
      async () => {
        loads++;
        return "loaded again";
      },
    );
    expect(value).toBe("from the other instance");
    expect(loads).toBe(0);
  });
});
