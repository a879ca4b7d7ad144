import { describe, expect, it } from "vitest";
import type { RepositorySnapshot } from "@/lib/health/types";
import {
  getRepositoryHistory,
  getRunsToAsk,
  type HistoryFacts,
  judgeHistory,
  type RunAttempt,
} from "@/lib/history/derive";
import type { TagHistory } from "@/lib/history/types";
import {
  ago,
  asset,
  binaries,
  NOW,
  release,
  run,
  shipped,
  snapshot,
  tag,
} from "../health/factories";

// The release history of a repository, derived from plain data the way the dashboard judges it.

const MINUTE = 60_000;

function at(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
}

function historyOf(input: RepositorySnapshot, facts: Partial<HistoryFacts> = {}, now = NOW) {
  return getRepositoryHistory(judgeHistory(input, now), {
    attempts: new Map(),
    tagwatch: { botLogin: "tagwatch[bot]", runIds: [] },
    ...facts,
  });
}

function tagIn(history: ReturnType<typeof historyOf>, name: string): TagHistory {
  const found = history.tags.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no tag ${name} in the history`);
  return found;
}

/** A complete release of v0.9.0 long before, so every later release is expected to carry binaries. */
const BASELINE = shipped("v0.9.0", 200);

/** A tag pushed `days` ago whose push started release.yml with `conclusion`. */
function pushedTag(name: string, days: number, conclusion: "success" | "failure" = "success") {
  const pushedAt = ago(days);
  const pushRun = run({ createdAt: pushedAt, conclusion });
  return {
    tag: tag({ name, commitDate: pushedAt, taggedAt: pushedAt, runs: [pushRun] }),
    pushRun,
    pushedAt,
  };
}

function attempts(entries: [number, Partial<RunAttempt>][]): Map<number, RunAttempt> {
  return new Map(
    entries.map(([id, partial]) => [
      id,
      { attempt: 1, startedAt: ago(400), actor: null, ...partial },
    ]),
  );
}

describe("how a tag shipped", () => {
  it("a tag whose push run published a complete release shipped on its own, in the minutes it took", () => {
    const { tag: v1, pushedAt } = pushedTag("v1.0.0", 10);
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [
          release({ tagName: "v1.0.0", createdAt: at(pushedAt, 4), publishedAt: at(pushedAt, 4) }),
          BASELINE.release,
        ],
      }),
    );
    expect(tagIn(history, "v1.0.0")).toEqual({
      name: "v1.0.0",
      pushedAt,
      shippedAt: at(pushedAt, 4),
      minutesToShip: 4,
      shippedBy: "itself",
      dispatchedBy: null,
    });
  });

  it("a release published before its last expected asset ships when that asset arrives", () => {
    const { tag: v1, pushedAt } = pushedTag("v1.0.0", 10);
    const names = binaries("1.0.0");
    const late = names.at(-1) as string;
    const assets = names.map((name) => ({
      ...asset(name),
      createdAt: at(pushedAt, name === late ? 25 : 3),
    }));
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [
          release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 2), assets }),
          BASELINE.release,
        ],
      }),
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({
      shippedAt: at(pushedAt, 25),
      minutesToShip: 25,
      shippedBy: "itself",
    });
  });

  it("a failed run re-run the next day ships after a re-run, timed from the push", () => {
    const { tag: v1, pushRun, pushedAt } = pushedTag("v1.0.0", 10);
    const fixedAt = at(pushedAt, 24 * 60);
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [release({ tagName: "v1.0.0", publishedAt: at(fixedAt, 5) }), BASELINE.release],
      }),
      { attempts: attempts([[pushRun.id, { attempt: 2, startedAt: fixedAt }]]) },
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({
      shippedBy: "rerun",
      minutesToShip: 24 * 60 + 5,
    });
  });

  it("a run re-run twice is one tag that needed help, not two", () => {
    const { tag: v1, pushRun, pushedAt } = pushedTag("v1.0.0", 10);
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 90) }), BASELINE.release],
      }),
      { attempts: attempts([[pushRun.id, { attempt: 3, startedAt: at(pushedAt, 80) }]]) },
    );
    expect(tagIn(history, "v1.0.0").shippedBy).toBe("rerun");
    const month = history.months.find(
      (entry) => entry.tags > 0 && entry.month === pushedAt.slice(0, 7),
    );
    expect(month).toMatchObject({ tags: 1, neededHelp: 1, shippedItself: 0, notShipped: 0 });
  });

  it("a run that shipped on its first attempt and was re-run afterwards still shipped on its own", () => {
    const { tag: v1, pushRun, pushedAt } = pushedTag("v1.0.0", 10);
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 4) }), BASELINE.release],
      }),
      { attempts: attempts([[pushRun.id, { attempt: 2, startedAt: at(pushedAt, 300) }]]) },
    );
    expect(tagIn(history, "v1.0.0").shippedBy).toBe("itself");
  });

  it("a failed push run followed by a person's dispatch ships after a dispatch by a person", () => {
    const { tag: v1, pushedAt } = pushedTag("v1.0.0", 10, "failure");
    const dispatch = run({ event: "workflow_dispatch", createdAt: at(pushedAt, 600) });
    const history = historyOf(
      snapshot({
        tags: [{ ...v1, runs: [dispatch, ...v1.runs] }, BASELINE.tag],
        releases: [
          release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 605) }),
          BASELINE.release,
        ],
      }),
      { attempts: attempts([[dispatch.id, { actor: "octo-maintainer" }]]) },
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({
      shippedBy: "dispatch",
      dispatchedBy: "person",
      minutesToShip: 605,
    });
  });

  it("tagwatch's dispatch is told apart by its App's bot, or by the run watch mode recorded", () => {
    const one = pushedTag("v1.0.0", 20, "failure");
    const two = pushedTag("v1.1.0", 10, "failure");
    const byBot = run({ event: "workflow_dispatch", createdAt: at(one.pushedAt, 15) });
    const recorded = run({ event: "workflow_dispatch", createdAt: at(two.pushedAt, 15) });
    const history = historyOf(
      snapshot({
        tags: [
          { ...two.tag, runs: [recorded, ...two.tag.runs] },
          { ...one.tag, runs: [byBot, ...one.tag.runs] },
          BASELINE.tag,
        ],
        releases: [
          release({ tagName: "v1.1.0", publishedAt: at(two.pushedAt, 20) }),
          release({ tagName: "v1.0.0", publishedAt: at(one.pushedAt, 20) }),
          BASELINE.release,
        ],
      }),
      {
        attempts: attempts([
          [byBot.id, { actor: "TagWatch[bot]" }],
          [recorded.id, { actor: null }],
        ]),
        tagwatch: { botLogin: "tagwatch[bot]", runIds: [recorded.id] },
      },
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({
      shippedBy: "dispatch",
      dispatchedBy: "tagwatch",
    });
    expect(tagIn(history, "v1.1.0")).toMatchObject({
      shippedBy: "dispatch",
      dispatchedBy: "tagwatch",
    });
  });

  it("a release finished by hand after the run failed shipped by hand", () => {
    const { tag: v1, pushedAt } = pushedTag("v1.0.0", 10, "failure");
    const history = historyOf(
      snapshot({
        tags: [v1, BASELINE.tag],
        releases: [
          release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 120) }),
          BASELINE.release,
        ],
      }),
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({ shippedBy: "manual", minutesToShip: 120 });
  });

  it("a release with no run at all, in a repository without workflows, shipped by hand", () => {
    const pushedAt = ago(10);
    const history = historyOf(
      snapshot({
        headWorkflowFiles: [],
        workflows: [],
        tags: [tag({ name: "v1.0.0", commitDate: pushedAt, taggedAt: pushedAt })],
        releases: [release({ tagName: "v1.0.0", publishedAt: at(pushedAt, 30), assetNames: [] })],
      }),
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({ shippedBy: "manual", minutesToShip: 30 });
  });

  it("tags that are running, drafts, missing assets or never triggered have not shipped", () => {
    const running = pushedTag("v1.4.0", 1);
    const draft = pushedTag("v1.3.0", 2);
    const partial = pushedTag("v1.2.0", 3);
    const failed = pushedTag("v1.1.0", 4, "failure");
    const untriggered = tag({ name: "v1.0.0", commitDate: ago(5), taggedAt: ago(5) });
    const history = historyOf(
      snapshot({
        tags: [
          {
            ...running.tag,
            runs: [{ ...running.pushRun, status: "in_progress", conclusion: null }],
          },
          draft.tag,
          partial.tag,
          failed.tag,
          untriggered,
          BASELINE.tag,
        ],
        releases: [
          release({ tagName: "v1.3.0", isDraft: true, publishedAt: null }),
          release({ tagName: "v1.2.0", assetNames: binaries("1.2.0").slice(0, 3) }),
          BASELINE.release,
        ],
      }),
    );
    for (const name of ["v1.4.0", "v1.3.0", "v1.2.0", "v1.1.0", "v1.0.0"]) {
      expect(tagIn(history, name), name).toMatchObject({
        shippedAt: null,
        minutesToShip: null,
        shippedBy: null,
        dispatchedBy: null,
      });
    }
    // Of the six tags of the period, only the baseline shipped on its own.
    expect(history.summary.shippedItselfShare).toBe(Math.round((1 / 6) * 10_000) / 10_000);
  });

  it("a lightweight tag pushed a week after its commit is timed from its push run", () => {
    const commitDate = ago(17);
    const pushRun = run({ createdAt: ago(10) });
    const lightweight = tag({
      name: "v1.0.0",
      annotated: false,
      tagger: null,
      taggedAt: null,
      commitDate,
      runs: [pushRun],
    });
    const history = historyOf(
      snapshot({
        tags: [lightweight, BASELINE.tag],
        releases: [release({ tagName: "v1.0.0", publishedAt: at(ago(10), 6) }), BASELINE.release],
      }),
    );
    expect(tagIn(history, "v1.0.0")).toMatchObject({ pushedAt: ago(10), minutesToShip: 6 });
  });
});

describe("months, in UTC", () => {
  it("a tag made late on January 31st west of Greenwich counts in February", () => {
    // 23:30 at UTC-2 is 01:30 UTC the next day.
    const taggedAt = "2026-01-31T23:30:00-02:00";
    const history = historyOf(
      snapshot({ tags: [tag({ name: "v1.0.0", taggedAt, commitDate: taggedAt })] }),
    );
    expect(tagIn(history, "v1.0.0").pushedAt).toBe("2026-02-01T01:30:00.000Z");
    expect(history.months.find((month) => month.month === "2026-02")?.tags).toBe(1);
    expect(history.months.find((month) => month.month === "2026-01")?.tags).toBe(0);
  });

  it("a tag made early on March 1st east of Greenwich counts in February", () => {
    const taggedAt = "2026-03-01T01:00:00+09:00";
    const history = historyOf(
      snapshot({ tags: [tag({ name: "v1.0.0", taggedAt, commitDate: taggedAt })] }),
    );
    expect(history.months.find((month) => month.month === "2026-02")?.tags).toBe(1);
    expect(history.months.at(-1)).toMatchObject({ month: "2026-03", tags: 0 });
  });

  it("the period is the 12 calendar months up to now; older tags are left out", () => {
    const inside = "2025-04-01T00:00:00Z";
    const outside = "2025-03-31T23:59:59Z";
    const history = historyOf(
      snapshot({
        tags: [
          tag({ name: "v2.0.0", taggedAt: inside, commitDate: inside }),
          tag({ name: "v1.0.0", taggedAt: outside, commitDate: outside }),
        ],
      }),
    );
    expect(history.months.map((month) => month.month)).toEqual([
      "2025-04",
      "2025-05",
      "2025-06",
      "2025-07",
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
    ]);
    expect(history.tags.map((entry) => entry.name)).toEqual(["v2.0.0"]);
    expect(history.months[0]).toMatchObject({ month: "2025-04", tags: 1, notShipped: 1 });
    expect(history.notes).toEqual([]);
  });

  it("when GitHub has more tags than were read, the period starts at the oldest one read, and says so", () => {
    const oldest = "2025-12-15T10:00:00Z";
    const history = historyOf(
      snapshot({
        tags: [
          tag({ name: "v2.0.0", taggedAt: "2026-02-10T10:00:00Z", commitDate: oldest }),
          tag({ name: "v1.0.0", taggedAt: oldest, commitDate: oldest }),
        ],
        nextTagsCursor: "cursor",
      }),
    );
    expect(history.months.map((month) => month.month)).toEqual([
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
    ]);
    expect(history.notes.join(" ")).toMatch(/starts at 2025-12/);
  });
});

describe("the numbers", () => {
  // Ten tags in February 2026, shipped on their own in 1..10 minutes, and two in January: one
  // re-run after 2 days, one never shipped.
  function february() {
    const tags = [];
    const releases = [];
    for (let index = 1; index <= 10; index++) {
      const pushedAt = `2026-02-${String(index + 10).padStart(2, "0")}T08:00:00.000Z`;
      const name = `v1.${index}.0`;
      tags.push(
        tag({
          name,
          taggedAt: pushedAt,
          commitDate: pushedAt,
          runs: [run({ createdAt: pushedAt })],
        }),
      );
      releases.push(release({ tagName: name, publishedAt: at(pushedAt, index) }));
    }
    return { tags, releases };
  }

  it("each month has its tags by kind, and the median and 90th percentile of its minutes to ship", () => {
    const { tags, releases } = february();
    const rerun = run({ createdAt: "2026-01-20T08:00:00.000Z" });
    const history = historyOf(
      snapshot({
        tags: [
          ...tags.reverse(),
          tag({
            name: "v1.0.1",
            taggedAt: "2026-01-20T08:00:00Z",
            commitDate: "2026-01-20T08:00:00Z",
            runs: [rerun],
          }),
          tag({
            name: "v1.0.0",
            taggedAt: "2026-01-10T08:00:00Z",
            commitDate: "2026-01-10T08:00:00Z",
            runs: [run({ createdAt: "2026-01-10T08:00:00Z", conclusion: "failure" })],
          }),
        ],
        releases: [
          ...releases.reverse(),
          release({ tagName: "v1.0.1", publishedAt: "2026-01-22T08:00:00Z" }),
        ],
      }),
      { attempts: attempts([[rerun.id, { attempt: 2, startedAt: "2026-01-22T07:50:00Z" }]]) },
    );
    const byMonth = Object.fromEntries(history.months.map((month) => [month.month, month]));
    expect(byMonth["2026-02"]).toEqual({
      month: "2026-02",
      tags: 10,
      shippedItself: 10,
      neededHelp: 0,
      notShipped: 0,
      medianMinutesToShip: 5.5,
      p90MinutesToShip: 9,
    });
    expect(byMonth["2026-01"]).toEqual({
      month: "2026-01",
      tags: 2,
      shippedItself: 0,
      neededHelp: 1,
      notShipped: 1,
      medianMinutesToShip: 2 * 24 * 60,
      p90MinutesToShip: 2 * 24 * 60,
    });
    expect(byMonth["2026-03"]).toMatchObject({
      tags: 0,
      medianMinutesToShip: null,
      p90MinutesToShip: null,
    });
    // 11 shipped: 1..10 minutes and 2880; the median is the 6th, the 90th percentile the 10th.
    expect(history.summary.medianMinutesToShip).toBe(6);
    expect(history.summary.p90MinutesToShip).toBe(10);
    expect(history.summary.shippedItselfShare).toBe(Math.round((10 / 12) * 10_000) / 10_000);
  });

  it("time to recover runs from a tag that did not ship on its own to when it, or a later tag, shipped", () => {
    const broken = pushedTag("v1.0.0", 30, "failure"); // never fixed; v1.1.0 ships 5 days later
    const next = pushedTag("v1.1.0", 25);
    const rerun = pushedTag("v1.2.0", 20); // re-run: ships after 60 minutes
    const history = historyOf(
      snapshot({
        tags: [rerun.tag, next.tag, broken.tag, BASELINE.tag],
        releases: [
          release({ tagName: "v1.2.0", publishedAt: at(rerun.pushedAt, 60) }),
          release({ tagName: "v1.1.0", publishedAt: at(next.pushedAt, 4) }),
          BASELINE.release,
        ],
      }),
      {
        attempts: attempts([[rerun.pushRun.id, { attempt: 2, startedAt: at(rerun.pushedAt, 50) }]]),
      },
    );
    expect(tagIn(history, "v1.0.0").shippedBy).toBeNull();
    // v1.0.0: 5 days + 4 minutes; v1.2.0: 60 minutes; the median of two is their mean.
    expect(history.summary.medianMinutesToRecover).toBe((5 * 24 * 60 + 4 + 60) / 2);
  });

  it("a repository without tags has empty months and no numbers", () => {
    const history = historyOf(snapshot({ tags: [] }));
    expect(history.tags).toEqual([]);
    expect(history.months).toHaveLength(12);
    expect(history.months.every((month) => month.tags === 0)).toBe(true);
    expect(history.summary).toEqual({
      medianMinutesToShip: null,
      p90MinutesToShip: null,
      shippedItselfShare: null,
      medianMinutesToRecover: null,
    });
  });
});

describe("which runs REST is asked about", () => {
  it("the workflow that ran most successful release runs, dispatches included", () => {
    const one = pushedTag("v1.1.0", 10);
    const two = pushedTag("v1.0.0", 20, "failure");
    const dispatch = run({ event: "workflow_dispatch", createdAt: ago(19) });
    const other = run({
      workflowId: 99,
      workflowPath: ".github/workflows/publish.yml",
      createdAt: ago(10),
    });
    const judged = judgeHistory(
      snapshot({
        tags: [
          { ...one.tag, runs: [other, one.pushRun] },
          { ...two.tag, runs: [dispatch, two.pushRun] },
        ],
        releases: [release({ tagName: "v1.1.0" }), release({ tagName: "v1.0.0" })],
      }),
      NOW,
    );
    expect(getRunsToAsk(judged.judgement.repository)).toEqual({
      workflowId: 11,
      runIds: [one.pushRun.id, dispatch.id],
    });
  });

  it("nothing when no tag has a successful run", () => {
    const judged = judgeHistory(snapshot({ tags: [pushedTag("v1.0.0", 3, "failure").tag] }), NOW);
    expect(getRunsToAsk(judged.judgement.repository)).toBeNull();
  });
});
