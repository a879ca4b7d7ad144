import { describe, expect, it } from "vitest";
import { describeSummary, isFlagged } from "@/lib/health/summary";
import { type HealthSummary, TAG_STATUSES, type TagStatus } from "@/lib/health/types";

function summary(counts: Partial<Record<TagStatus, number>>): HealthSummary {
  const all = Object.fromEntries(
    TAG_STATUSES.map((status) => [status, counts[status] ?? 0]),
  ) as Record<TagStatus, number>;
  const total = Object.values(all).reduce((sum, n) => sum + n, 0);
  const flagged = TAG_STATUSES.filter(isFlagged).reduce((sum, status) => sum + all[status], 0);
  return { total, counts: all, flagged, worst: "healthy", latestTag: null, latestRelease: null };
}

describe("what counts as flagged", () => {
  it("is every status but shipped and running", () => {
    expect(TAG_STATUSES.filter(isFlagged)).toEqual(
      TAG_STATUSES.filter((status) => status !== "healthy" && status !== "run-pending"),
    );
    expect(isFlagged(null)).toBe(false);
  });
});

describe("the summary's one line", () => {
  it("counts the tags that need attention, saying 'newest' when older tags exist", () => {
    expect(describeSummary(summary({ "not-triggered": 1, healthy: 2 }))).toEqual({
      tone: "flagged",
      text: "1 of 3 tags needs attention",
    });
    expect(describeSummary(summary({ "run-failed": 2, healthy: 23 }), true).text).toBe(
      "2 of 25 newest tags need attention",
    );
  });

  it("says what is running when nothing is flagged", () => {
    expect(describeSummary(summary({ "run-pending": 1, healthy: 4 }))).toEqual({
      tone: "running",
      text: "Nothing flagged · 1 release run in progress",
    });
  });

  it("says everything shipped, or that there is nothing to check", () => {
    expect(describeSummary(summary({ healthy: 1 })).text).toBe("The tag shipped");
    expect(describeSummary(summary({ healthy: 4 }), true).text).toBe("All 4 newest tags shipped");
    expect(describeSummary(summary({}))).toEqual({ tone: "empty", text: "No tags to check" });
  });
});
