import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import {
  isWatched,
  markWatched,
  PENDING_CACHE_MS,
  repositoryLifetimeMs,
} from "@/lib/store/cache-policy";

describe("how long a repository's view is reused", () => {
  it("uses the setting, briefly while a run is pending, and longer while webhooks keep it fresh", () => {
    expect(repositoryLifetimeMs(false)).toBe(30_000);
    expect(repositoryLifetimeMs(true)).toBe(PENDING_CACHE_MS);
    expect(repositoryLifetimeMs(false, true)).toBe(600_000);
    // A pending run is polled whatever keeps the repository fresh.
    expect(repositoryLifetimeMs(true, true)).toBe(PENDING_CACHE_MS);
  });

  it("counts a repository as watched once a webhook for it arrived", async () => {
    expect(await isWatched("octo-maintainer", "watched-lib")).toBe(false);
    await markWatched("Octo-Maintainer", "Watched-Lib");
    expect(await isWatched("octo-maintainer", "watched-lib")).toBe(true);
  });

  it("reads TAGWATCH_WATCHED_CACHE_SECONDS", () => {
    expect(readEnv({ TAGWATCH_WATCHED_CACHE_SECONDS: "3600" }).watchedCacheTtlMs).toBe(3_600_000);
    expect(() => readEnv({ TAGWATCH_WATCHED_CACHE_SECONDS: "soon" })).toThrow(
      /TAGWATCH_WATCHED_CACHE_SECONDS/,
    );
  });
});
