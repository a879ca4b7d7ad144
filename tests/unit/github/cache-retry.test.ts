import { afterEach, describe, expect, it, vi } from "vitest";
import { withRetries } from "@/lib/github/retry";
import { TtlCache } from "@/lib/store/process-cache";

describe("TtlCache", () => {
  afterEach(() => vi.useRealTimers());

  it("coalesces concurrent loads of the same key into one", async () => {
    const cache = new TtlCache<number>();
    let loads = 0;
    let finish: (value: number) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const pending = [
      cache.get("k", load, 1000),
      cache.get("k", load, 1000),
      cache.get("k", load, 1000),
    ];
    finish(42);
    const values = await Promise.all(pending);
    expect(values).toEqual([42, 42, 42]);
    expect(loads).toBe(1);
    await cache.get("k", load, 1000);
    expect(loads).toBe(1);
  });

  it("expires entries and lets the TTL depend on the value", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = new TtlCache<string>();
    let loads = 0;
    const load = async () => `v${++loads}`;
    await cache.get("a", load, (value) => (value === "v1" ? 10 : 1000));
    vi.advanceTimersByTime(9);
    expect(await cache.get("a", load, 1000)).toBe("v1");
    vi.advanceTimersByTime(1);
    expect(await cache.get("a", load, 1000)).toBe("v2");
    vi.advanceTimersByTime(999);
    expect(await cache.get("a", load, 1000)).toBe("v2");
  });

  it("does not keep failures", async () => {
    const cache = new TtlCache<string>();
    await expect(cache.get("x", () => Promise.reject(new Error("boom")), 1000)).rejects.toThrow(
      "boom",
    );
    expect(await cache.get("x", async () => "ok", 1000)).toBe("ok");
  });

  it("invalidates by prefix", async () => {
    const cache = new TtlCache<string>();
    cache.set("repo:a/b:user1", "1", 1000);
    cache.set("repo:a/b:user2", "2", 1000);
    cache.set("repo:a/c:user1", "3", 1000);
    cache.invalidate("repo:a/b:");
    expect(cache.peek("repo:a/b:user1")).toBeUndefined();
    expect(cache.peek("repo:a/b:user2")).toBeUndefined();
    expect(cache.peek("repo:a/c:user1")).toBe("3");
  });
});

describe("withRetries", () => {
  const noSleep = async () => {};

  it("retries what it is told to, up to the limit", async () => {
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw Object.assign(new Error("bad gateway"), { status: 502 });
    };
    await expect(
      withRetries(failing, { retries: 2, baseDelayMs: 1, shouldRetry: () => true, sleep: noSleep }),
    ).rejects.toThrow();
    expect(attempts).toBe(3);
  });

  it("does not retry what it should not", async () => {
    let attempts = 0;
    await expect(
      withRetries(
        async () => {
          attempts++;
          throw new Error("422");
        },
        { retries: 2, baseDelayMs: 1, shouldRetry: () => false, sleep: noSleep },
      ),
    ).rejects.toThrow();
    expect(attempts).toBe(1);
  });

  it("backs off exponentially with jitter", async () => {
    const delays: number[] = [];
    let attempts = 0;
    const result = await withRetries(
      async () => {
        if (++attempts < 3) throw new Error("flaky");
        return "ok";
      },
      {
        retries: 2,
        baseDelayMs: 100,
        shouldRetry: () => true,
        sleep: async (ms) => void delays.push(ms),
      },
    );
    expect(result).toBe("ok");
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThanOrEqual(150);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThanOrEqual(300);
  });
});
