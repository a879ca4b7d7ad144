import { describe, expect, it } from "vitest";
import type { RepositoryMark } from "@/lib/github/queries/repository-changes";
import { isLow, RateBudget, readRateLimitHeaders } from "@/lib/github/rate-budget";
import {
  dailyAgeMs,
  fingerprintOf,
  orderReads,
  PROBLEMS_RECHECK_MS,
  passOrder,
  type ReadReason,
  readReason,
  resumeIndex,
  type Watermark,
} from "@/lib/watch/changes";
import { fits, WINDOWS } from "@/lib/watch/pacing";

// The sweep's rules on plain data: what counts as a change, when a repository is read in full
// although nothing changed, in which order, where a sweep resumes, how writes are paced, and when
// the rate limit says stop.

const NOW = new Date("2026-12-01T12:00:00Z");
const HOUR = 3_600_000;

function mark(partial: Partial<RepositoryMark> = {}): RepositoryMark {
  return {
    nodeId: "R_1",
    databaseId: 1,
    fullName: "acme/api",
    archived: false,
    pushedAt: "2026-11-30T10:00:00Z",
    tagCount: 12,
    newestTags: ["v1.12.0", "v1.11.0", "v1.10.0", "v1.9.0", "v1.8.0"],
    releaseCount: 12,
    newestReleases: ["v1.12.0 published release 2026-11-30T10:05:00Z 6"],
    ...partial,
  };
}

function watermark(partial: Partial<Watermark> = {}): Watermark {
  return {
    nodeId: "R_1",
    databaseId: 1,
    repository: "acme/api",
    fingerprint: fingerprintOf(mark()),
    readAt: new Date(NOW.getTime() - HOUR / 2).toISOString(),
    pending: false,
    dueAt: null,
    problems: false,
    deferred: false,
    ...partial,
  };
}

describe("what counts as a change", () => {
  it("nothing moved: the same fingerprint, whatever the name or ids", () => {
    expect(fingerprintOf(mark())).toBe(fingerprintOf(mark()));
    expect(fingerprintOf(mark({ fullName: "acme/renamed", nodeId: "R_2" }))).toBe(
      fingerprintOf(mark()),
    );
  });

  it("a push, a new tag, a new or published release and an upload each move it", () => {
    const before = fingerprintOf(mark());
    const moved = [
      mark({ pushedAt: "2026-12-01T11:00:00Z" }),
      mark({ tagCount: 13, newestTags: ["v1.13.0", ...mark().newestTags.slice(0, 4)] }),
      mark({ releaseCount: 13 }),
      mark({ newestReleases: ["v1.12.0 draft release - 6"] }),
      mark({ newestReleases: ["v1.12.0 published release 2026-11-30T10:05:00Z 5"] }),
      mark({ archived: true }),
    ];
    for (const candidate of moved) expect(fingerprintOf(candidate)).not.toBe(before);
  });
});

describe("when a repository is read in full", () => {
  it("never read: always", () => {
    expect(readReason(null, mark(), NOW)).toBe("new");
  });

  it("nothing changed and nothing waits: not", () => {
    expect(readReason(watermark(), mark(), NOW)).toBeNull();
  });

  it("its mark moved", () => {
    expect(readReason(watermark(), mark({ tagCount: 13 }), NOW)).toBe("changed");
  });

  it("a tag's grace period ended, though nothing moved", () => {
    const dueAt = new Date(NOW.getTime() - 1000).toISOString();
    expect(readReason(watermark({ dueAt }), mark(), NOW)).toBe("due");
    const later = new Date(NOW.getTime() + 60_000).toISOString();
    expect(readReason(watermark({ dueAt: later }), mark(), NOW)).toBeNull();
  });

  it("a run was still going, or a write was put off", () => {
    expect(readReason(watermark({ pending: true }), mark(), NOW)).toBe("pending");
    expect(readReason(watermark({ deferred: true }), mark(), NOW)).toBe("deferred");
  });

  it("open problems: once an hour, not every sweep", () => {
    expect(readReason(watermark({ problems: true }), mark(), NOW)).toBeNull();
    const hourAgo = new Date(NOW.getTime() - PROBLEMS_RECHECK_MS).toISOString();
    expect(readReason(watermark({ problems: true, readAt: hourAgo }), mark(), NOW)).toBe(
      "problems",
    );
  });

  it("once a day at the latest, each repository at its own age between 12 and 24 hours", () => {
    const age = dailyAgeMs("R_1");
    const justBefore = new Date(NOW.getTime() - age + 1000).toISOString();
    const justAfter = new Date(NOW.getTime() - age).toISOString();
    expect(readReason(watermark({ readAt: justBefore }), mark(), NOW)).toBeNull();
    expect(readReason(watermark({ readAt: justAfter }), mark(), NOW)).toBe("daily");
    const ages = Array.from({ length: 1000 }, (_, index) => dailyAgeMs(`R_${index}`));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(12 * HOUR);
    expect(Math.max(...ages)).toBeLessThanOrEqual(24 * HOUR);
    // Spread over the half day, not bunched: every hour of it gets some.
    const hours = new Set(ages.map((value) => Math.floor(value / HOUR)));
    expect(hours.size).toBe(12);
  });
});

describe("the order of full reads", () => {
  it("due checks first, then put-off writes, changes, running releases, new, problems, the daily look", () => {
    const reads: { name: string; reason: ReadReason }[] = [
      { name: "a", reason: "daily" },
      { name: "b", reason: "new" },
      { name: "c", reason: "changed" },
      { name: "d", reason: "due" },
      { name: "e", reason: "changed" },
      { name: "f", reason: "problems" },
      { name: "g", reason: "pending" },
      { name: "h", reason: "deferred" },
    ];
    expect(orderReads(reads).map((read) => read.name)).toEqual([
      "d",
      "h",
      "c",
      "e",
      "g",
      "b",
      "f",
      "a",
    ]);
  });
});

describe("where a sweep resumes", () => {
  const ids = ["R_1", "R_2", "R_3", "R_4", "R_5"];

  it("at the stored position when it still names the same repository", () => {
    expect(resumeIndex(null, ids)).toBe(0);
    expect(resumeIndex({ index: 3, nodeId: "R_4" }, ids)).toBe(3);
  });

  it("at that repository when the list changed, else at the top", () => {
    expect(resumeIndex({ index: 3, nodeId: "R_2" }, ids)).toBe(1);
    expect(resumeIndex({ index: 3, nodeId: "R_9" }, ids)).toBe(0);
  });

  it("its cheap pass takes every repository once, from there round to where it began", () => {
    expect(passOrder(ids, 3, 2)).toEqual([["R_4", "R_5"], ["R_1", "R_2"], ["R_3"]]);
    expect(passOrder(ids, 0, 100)).toEqual([ids]);
  });
});

describe("pacing writes", () => {
  const minute = WINDOWS.minute;
  const start = Date.parse("2026-12-01T12:00:00Z");

  it("lets writes through up to the limit within a minute, then not", () => {
    expect(fits(minute, { previous: 0, current: minute.limit - 1 }, 1, start)).toBe(true);
    expect(fits(minute, { previous: 0, current: minute.limit }, 1, start)).toBe(false);
    expect(fits(minute, { previous: 0, current: minute.limit - 1 }, 2, start)).toBe(false);
  });

  it("counts the previous minute for as much of it as still overlaps", () => {
    // Right after the minute turned, a full previous minute still counts in full.
    expect(fits(minute, { previous: minute.limit, current: 0 }, 1, start)).toBe(false);
    // Half way through, half of it.
    const half = start + 30_000;
    expect(fits(minute, { previous: minute.limit, current: 0 }, 1, half)).toBe(true);
    expect(fits(minute, { previous: minute.limit, current: minute.limit / 2 }, 1, half)).toBe(
      false,
    );
  });

  it("stays under GitHub's 80 a minute and 500 content creations an hour", () => {
    expect(WINDOWS.minute.limit).toBeLessThan(80);
    expect(WINDOWS.hour.limit).toBeLessThan(500);
  });
});

describe("the rate limit's headroom", () => {
  it("reads GitHub's headers per resource and says when less than 20 % is left", () => {
    const headers = new Headers({
      "x-ratelimit-limit": "12500",
      "x-ratelimit-remaining": "2600",
      "x-ratelimit-reset": "1796126400",
      "x-ratelimit-resource": "graphql",
    });
    const reading = readRateLimitHeaders(headers);
    expect(reading).toEqual({
      resource: "graphql",
      limit: 12500,
      remaining: 2600,
      resetAt: 1796126400_000,
    });
    expect(isLow(reading as NonNullable<typeof reading>, 0.2)).toBe(false);
    expect(readRateLimitHeaders(new Headers())).toBeNull();
  });

  it("stops on the tightest resource, whichever it is", () => {
    const budget = new RateBudget();
    expect(budget.low(0.2)).toBeNull();
    budget.record({ resource: "core", limit: 12500, remaining: 9000, resetAt: 0 });
    budget.record({ resource: "graphql", limit: 12500, remaining: 3000, resetAt: 0 });
    expect(budget.low(0.2)).toBeNull();
    budget.record({ resource: "graphql", limit: 12500, remaining: 2400, resetAt: 0 });
    expect(budget.low(0.2)).toMatchObject({ resource: "graphql", remaining: 2400 });
  });
});
