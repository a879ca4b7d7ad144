import { describe, expect, it } from "vitest";
import { compareOverviewItems, sortOverviewItems, toOverviewCard } from "@/lib/overview/rank";
import { overviewItem as item } from "./factories";

// The overview's ranking is domain logic: judged here on plain items, without GitHub or a cache.

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

describe("a card's props", () => {
  it("carry only the statuses a repository has, and nothing the card does not show", () => {
    const full = item("octo/cli", { counts: { "run-failed": 2, healthy: 3 }, pushedDays: 1 });
    const card = toOverviewCard(full);
    expect(card.counts).toEqual({ "run-failed": 2, healthy: 3 });
    expect(card).not.toHaveProperty("url");
    expect(card).not.toHaveProperty("totalTags");
    expect(card).not.toHaveProperty("pending");
    const { url: _url, totalTags: _total, pending: _pending, counts: _counts, ...shown } = full;
    expect(card).toMatchObject(shown);
    expect(JSON.stringify(card).length).toBeLessThan(JSON.stringify(full).length - 100);
  });

  it("sort like the items they come from", () => {
    const items = [
      item("o/healthy", { counts: { healthy: 3 }, pushedDays: 1 }),
      item("o/failed", { counts: { "run-failed": 1 }, latest: "run-failed", pushedDays: 2 }),
      item("o/untriggered", { counts: { "not-triggered": 1 }, pushedDays: 3 }),
    ];
    const names = (list: { repository: string }[]) => list.map((entry) => entry.repository);
    expect(names(sortOverviewItems(items.map(toOverviewCard)))).toEqual(
      names(sortOverviewItems(items)),
    );
    expect(names(sortOverviewItems(items))).toEqual(["o/untriggered", "o/failed", "o/healthy"]);
  });
});
