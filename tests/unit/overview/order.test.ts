import { describe, expect, it } from "vitest";
import type { ListedRepository } from "@/lib/github/queries/repository-overview";
import {
  fullNameOf,
  matchesName,
  mergeListedPages,
  orderForOverview,
  windowOf,
} from "@/lib/overview/order";
import { overviewItem } from "./factories";

// Which repositories of a large overview come first: the rules on plain lists, no GitHub.

function listed(full: string): ListedRepository {
  const [owner = "", name = ""] = full.split("/");
  return {
    owner,
    name,
    isPrivate: false,
    isArchived: false,
    pushedAt: null,
    tagCount: 1,
    releaseCount: 0,
  };
}

const names = (list: ListedRepository[]) => list.map(fullNameOf);

describe("merging the listing's pages", () => {
  it("keeps GitHub's order across pages", () => {
    const pages = [["o/a", "o/b"].map(listed), ["o/c"].map(listed)];
    expect(names(mergeListedPages(pages))).toEqual(["o/a", "o/b", "o/c"]);
  });

  it("a repository pushed while paging shows up again on a later page: listed once, where first seen", () => {
    const pages = [["o/a", "o/b"].map(listed), ["o/B", "o/c"].map(listed)];
    expect(names(mergeListedPages(pages))).toEqual(["o/a", "o/b", "o/c"]);
  });
});

describe("the overview's order", () => {
  const list = ["o/new", "o/healthy", "o/broken", "o/unknown", "o/failing"].map(listed);

  it("repositories with a known card come first, problems first; the rest keep the listing's order", () => {
    const known = new Map([
      ["o/healthy", overviewItem("o/healthy", { counts: { healthy: 3 }, pushedDays: 2 })],
      [
        "o/failing",
        overviewItem("o/failing", {
          counts: { "run-failed": 1 },
          latest: "run-failed",
          pushedDays: 9,
        }),
      ],
      [
        "o/broken",
        overviewItem("o/broken", {
          counts: { "not-triggered": 2 },
          latest: "not-triggered",
          pushedDays: 5,
        }),
      ],
    ]);
    expect(names(orderForOverview(list, known))).toEqual([
      "o/broken",
      "o/failing",
      "o/healthy",
      "o/new",
      "o/unknown",
    ]);
  });

  it("without any card (no App) it is the listing's order, most recently pushed first", () => {
    expect(names(orderForOverview(list, new Map()))).toEqual(names(list));
  });

  it("a card is matched whatever the case of the name", () => {
    const known = new Map([
      ["o/unknown", overviewItem("O/Unknown", { counts: { "run-failed": 1 }, pushedDays: 1 })],
    ]);
    expect(names(orderForOverview(list, known))[0]).toBe("o/unknown");
  });
});

describe("windows and the name filter", () => {
  it("pages through an ordered list and says where the next window starts", () => {
    const ordered = Array.from({ length: 250 }, (_, index) => index);
    expect(windowOf(ordered, 0, 100)).toMatchObject({ next: 100 });
    expect(windowOf(ordered, 200, 100)).toEqual({
      entries: ordered.slice(200),
      next: null,
    });
    expect(windowOf(ordered, 300, 100)).toEqual({ entries: [], next: null });
  });

  it("finds a repository by any part of its full name, ignoring case and spaces around", () => {
    expect(matchesName("scale-org/service-04999", " SERVICE-049 ")).toBe(true);
    expect(matchesName("scale-org/service-04999", "scale-org/")).toBe(true);
    expect(matchesName("scale-org/service-04999", "other")).toBe(false);
    expect(matchesName("scale-org/service-04999", "")).toBe(true);
  });
});
