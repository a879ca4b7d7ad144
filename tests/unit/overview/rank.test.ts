import { describe, expect, it } from "vitest";
import { TAG_STATUSES, type TagStatus } from "@/lib/health/types";
import {
  compareOverviewItems,
  type RepositoryOverviewItem,
  sortOverviewItems,
} from "@/lib/overview/rank";

// The overview's ranking is domain logic: judged here on plain items, without GitHub or a cache.

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function item(
  repository: string,
  partial: { counts?: Partial<Record<TagStatus, number>>; latest?: TagStatus; pushedDays: number },
): RepositoryOverviewItem {
  const counts = Object.fromEntries(
    TAG_STATUSES.map((status) => [status, partial.counts?.[status] ?? 0]),
  ) as Record<TagStatus, number>;
  const worst =
    TAG_STATUSES.find((status) => status !== "healthy" && counts[status] > 0) ?? "healthy";
  const [owner = "", name = ""] = repository.split("/");
  return {
    repository,
    owner,
    name,
    url: `https://github.com/${repository}`,
    isPrivate: false,
    isArchived: false,
    pushedAt: ago(partial.pushedDays),
    latestTag: "v1",
    latestTagStatus: partial.latest ?? "healthy",
    latestRelease: null,
    judged: 5,
    totalTags: 5,
    counts,
    flagged: TAG_STATUSES.filter(
      (status) => status !== "healthy" && status !== "run-pending",
    ).reduce((sum, status) => sum + counts[status], 0),
    worst,
    pending: counts["run-pending"] > 0,
  };
}

describe("problems first", () => {
  it("orders the demo's repositories with classic-cli on top: its newest tag did not ship, twice in a row", () => {
    const items = [
      item("octo-maintainer/healthy-lib", { counts: { healthy: 3 }, pushedDays: 3 }),
      item("octo-maintainer/slow-pipeline", {
        counts: { healthy: 1, "run-pending": 1 },
        latest: "run-pending",
        pushedDays: 0.02,
      }),
      item("release-lab/bulk-tags", { counts: { "not-triggered": 4, healthy: 1 }, pushedDays: 5 }),
      item("octo-maintainer/private-service", {
        counts: { "not-triggered": 1, healthy: 1 },
        latest: "not-triggered",
        pushedDays: 4,
      }),
      item("octo-maintainer/classic-cli", {
        counts: { "not-triggered": 2, healthy: 1 },
        latest: "not-triggered",
        pushedDays: 7.99,
      }),
      item("octo-maintainer/failed-build", {
        counts: { "run-failed": 2, healthy: 1 },
        latest: "run-failed",
        pushedDays: 2,
      }),
      item("release-lab/partial-assets", {
        counts: { "missing-assets": 1, healthy: 1 },
        latest: "missing-assets",
        pushedDays: 3,
      }),
    ];
    expect(sortOverviewItems(items).map((entry) => entry.repository)).toEqual([
      "octo-maintainer/classic-cli",
      "octo-maintainer/private-service",
      "release-lab/bulk-tags",
      "octo-maintainer/failed-build",
      "release-lab/partial-assets",
      "octo-maintainer/slow-pipeline",
      "octo-maintainer/healthy-lib",
    ]);
  });

  it("among equally bad repositories, the most recently pushed comes first", () => {
    const older = item("o/older", {
      counts: { "run-failed": 1 },
      latest: "run-failed",
      pushedDays: 9,
    });
    const newer = item("o/newer", {
      counts: { "run-failed": 1 },
      latest: "run-failed",
      pushedDays: 1,
    });
    expect(compareOverviewItems(newer, older)).toBeLessThan(0);
  });
});
