import { describe, expect, it } from "vitest";
import type { RepositoryHealth } from "@/lib/repository/health";
import { DEFAULT_WATCH_CONFIG, parseDuration, parseWatchConfig } from "@/lib/watch/config";
import {
  ISSUE_MARKER,
  isTrackingIssue,
  planIssue,
  readIssueRecord,
  renderIssueBody,
} from "@/lib/watch/issue-text";
import { EMPTY_RECORD, planWatch, type WatchInput, type WatchRecord } from "@/lib/watch/rules";
import { ago, BOT, NOW, run, shipped, snapshot, tag } from "../health/factories";
import { healthOf } from "../health/helpers";

const MINUTE = 60_000;

/** A repository whose v0.2.0 was tagged by github-actions[bot] `minutes` ago, next to a shipped v0.1.0. */
function botTagged(minutes = 1): RepositoryHealth {
  const v010 = shipped("v0.1.0", 20);
  return healthOf(
    snapshot({
      tags: [
        tag({
          name: "v0.2.0",
          tagger: BOT,
          taggedAt: ago(0, minutes),
          commitDate: ago(0, minutes),
        }),
        v010.tag,
      ],
      releases: [v010.release],
    }),
  );
}

/** Four tags of one commit pushed together (no event, no run) `minutes` ago. */
function clustered(minutes: number): RepositoryHealth {
  const v010 = shipped("v0.1.0", 20);
  const names = ["v0.3.0", "v0.3.1", "v0.3.2", "v0.3.3"];
  return healthOf(
    snapshot({
      tags: [
        ...names.map((name) =>
          tag({
            name,
            commitOid: "sha-same",
            taggedAt: ago(0, minutes),
            commitDate: ago(0, minutes),
          }),
        ),
        v010.tag,
      ],
      releases: [v010.release],
    }),
  );
}

function input(health: RepositoryHealth, partial: Partial<WatchInput> = {}): WatchInput {
  return {
    health,
    config: DEFAULT_WATCH_CONFIG,
    now: NOW,
    watchingSince: new Date(ago(30)),
    seenAt: {},
    record: EMPTY_RECORD,
    ...partial,
  };
}

const redispatch = { ...DEFAULT_WATCH_CONFIG, redispatch: true };

describe("watch config", () => {
  it("defaults to a 10 minute grace, an issue and no dispatch", () => {
    expect(parseWatchConfig(null).watch).toEqual({
      graceMs: 10 * MINUTE,
      issue: true,
      redispatch: false,
    });
  });

  it("reads the watch section next to other settings", () => {
    const { watch, notes } = parseWatchConfig(
      "expected-assets: [checksums.txt]\nwatch:\n  grace: 30s\n  issue: false\n  redispatch: true\n",
    );
    expect(watch).toEqual({ graceMs: 30_000, issue: false, redispatch: true });
    expect(notes).toEqual([]);
  });

  it("reads durations in seconds, minutes and hours", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("10m")).toBe(600_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration(45)).toBe(45_000);
    expect(parseDuration("soon")).toBeNull();
  });

  it("keeps the default and says so when a value is wrong", () => {
    const { watch, notes } = parseWatchConfig("watch:\n  grace: soon\n  redispatch: yes please\n");
    expect(watch).toEqual(DEFAULT_WATCH_CONFIG);
    expect(notes.join(" ")).toMatch(/watch.grace.*10m/);
    expect(notes.join(" ")).toMatch(/watch.redispatch in .* must be true or false/);
  });
});

describe("which tags are problems", () => {
  it("a tag pushed by github-actions[bot] is a problem at once: no run will ever start", () => {
    const plan = planWatch(input(botTagged(0)));
    expect(plan.problems.map((problem) => problem.tag.name)).toEqual(["v0.2.0"]);
    expect(plan.problems[0]?.cause).toBe("github-token");
  });

  it("other tags without a release run wait for the grace period", () => {
    const early = planWatch(input(clustered(3)));
    expect(early.problems).toEqual([]);
    expect(Object.keys(early.waiting)).toEqual(["v0.3.0", "v0.3.1", "v0.3.2", "v0.3.3"]);
    const late = planWatch(input(clustered(11)));
    expect(late.problems.map((problem) => problem.cause)).toEqual([
      "too-many-tags",
      "too-many-tags",
      "too-many-tags",
      "too-many-tags",
    ]);
  });

  it("counts the grace from when the push webhook arrived, not the older commit date", () => {
    const health = clustered(60);
    const plan = planWatch(
      input(health, { seenAt: { "v0.3.0": new Date(NOW.getTime() - 2 * MINUTE).toISOString() } }),
    );
    expect(Object.keys(plan.waiting)).toEqual(["v0.3.0"]);
  });

  it("a running release and a shipped tag are not problems", () => {
    const v010 = shipped("v0.1.0", 20);
    const health = healthOf(
      snapshot({
        tags: [
          tag({
            name: "v0.2.0",
            taggedAt: ago(1),
            runs: [run({ status: "in_progress", conclusion: null })],
          }),
          v010.tag,
        ],
        releases: [v010.release],
      }),
    );
    expect(planWatch(input(health)).problems).toEqual([]);
  });
});

describe("which tags tagwatch dispatches", () => {
  it("nothing without redispatch: true", () => {
    expect(planWatch(input(botTagged())).dispatch).toEqual([]);
  });

  it("a bot-pushed tag with a dispatchable release workflow, once", () => {
    const plan = planWatch(input(botTagged(), { config: redispatch }));
    expect(plan.dispatch).toEqual([{ tag: "v0.2.0", workflow: "release.yml", inputs: {} }]);
    const record: WatchRecord = {
      listed: [],
      dispatched: {
        "v0.2.0": { at: NOW.toISOString(), workflow: "release.yml", runUrl: null, error: null },
      },
    };
    expect(planWatch(input(botTagged(), { config: redispatch, record })).dispatch).toEqual([]);
  });

  it("tags pushed together, after the grace period", () => {
    const plan = planWatch(input(clustered(11), { config: redispatch }));
    expect(plan.dispatch.map((entry) => entry.tag)).toEqual([
      "v0.3.0",
      "v0.3.1",
      "v0.3.2",
      "v0.3.3",
    ]);
  });

  it("never an old tag that was there before the App was installed", () => {
    const v010 = shipped("v0.1.0", 40);
    const health = healthOf(
      snapshot({
        tags: [tag({ name: "v0.2.0", tagger: BOT, taggedAt: ago(20) }), v010.tag],
        releases: [v010.release],
      }),
    );
    const plan = planWatch(
      input(health, { config: redispatch, watchingSince: new Date(ago(0, 5)) }),
    );
    expect(plan.problems.map((problem) => problem.tag.name)).toEqual(["v0.2.0"]);
    expect(plan.dispatch).toEqual([]);
    expect(plan.notDispatched["v0.2.0"]).toMatch(/before tagwatch watched/);
  });

  it("an old tag pushed after the App was installed is still dispatched", () => {
    const v010 = shipped("v0.1.0", 40);
    const health = healthOf(
      snapshot({
        tags: [tag({ name: "v0.2.0", tagger: BOT, taggedAt: ago(20) }), v010.tag],
        releases: [v010.release],
      }),
    );
    const plan = planWatch(
      input(health, {
        config: redispatch,
        watchingSince: new Date(ago(30)),
        seenAt: { "v0.2.0": ago(0, 1) },
      }),
    );
    expect(plan.dispatch.map((entry) => entry.tag)).toEqual(["v0.2.0"]);
  });

  it("not when the dispatch inputs need a person's review", () => {
    const health = botTagged();
    const action = health.tags[0]?.action;
    if (action?.kind !== "dispatch") throw new Error("expected a dispatch action");
    action.needsReview = true;
    action.reviewReasons = ["input version has no default"];
    const plan = planWatch(input(health, { config: redispatch }));
    expect(plan.dispatch).toEqual([]);
    expect(plan.notDispatched["v0.2.0"]).toMatch(/review: input version has no default/);
  });

  it("not when the App may not dispatch (the action is unavailable)", () => {
    const v010 = shipped("v0.1.0", 20);
    const health = healthOf(
      snapshot({
        viewerPermission: "READ",
        tags: [tag({ name: "v0.2.0", tagger: BOT, taggedAt: ago(0, 1) }), v010.tag],
        releases: [v010.release],
      }),
    );
    const plan = planWatch(input(health, { config: redispatch }));
    expect(plan.dispatch).toEqual([]);
    expect(plan.notDispatched["v0.2.0"]).toMatch(/read access/);
  });
});

describe("the tracking issue", () => {
  const dashboardUrl = "https://tagwatch.example/octo-maintainer/classic-cli";

  function issueInput(health: RepositoryHealth, record: WatchRecord = EMPTY_RECORD) {
    const plan = planWatch(input(health, { record }));
    return { health, plan, record, dashboardUrl, redispatch: false };
  }

  it("opens with every problem tag, its cause and its fix", () => {
    const change = planIssue(issueInput(botTagged()), null, true);
    expect(change.kind).toBe("open");
    if (change.kind !== "open") return;
    expect(change.body.startsWith(ISSUE_MARKER)).toBe(true);
    expect(change.body).toContain("| `v0.2.0` | Not triggered | pushed with GITHUB_TOKEN |");
    expect(change.body).toContain(dashboardUrl);
    expect(change.body).toContain(
      "`gh workflow run release.yml --ref v0.2.0 -R octo-maintainer/classic-cli`",
    );
    expect(readIssueRecord(change.body).listed).toEqual(["v0.2.0"]);
    expect(isTrackingIssue(change.body)).toBe(true);
  });

  it("opens nothing when issues are off or nothing is wrong", () => {
    expect(planIssue(issueInput(botTagged()), null, false)).toEqual({ kind: "none" });
    expect(planIssue(issueInput(clustered(1)), null, true)).toEqual({ kind: "none" });
  });

  it("does not touch an issue that already says everything (repeated sweeps)", () => {
    const first = planIssue(issueInput(botTagged()), null, true);
    if (first.kind !== "open") throw new Error("expected an issue");
    const record = readIssueRecord(first.body);
    expect(planIssue(issueInput(botTagged(), record), { body: first.body }, true)).toEqual({
      kind: "none",
    });
  });

  it("comments only when a new tag joins", () => {
    const first = planIssue(issueInput(botTagged()), null, true);
    if (first.kind !== "open") throw new Error("expected an issue");
    const v010 = shipped("v0.1.0", 20);
    const more = healthOf(
      snapshot({
        tags: [
          tag({ name: "v0.2.1", tagger: BOT, taggedAt: ago(0, 1) }),
          tag({ name: "v0.2.0", tagger: BOT, taggedAt: ago(0, 2) }),
          v010.tag,
        ],
        releases: [v010.release],
      }),
    );
    const change = planIssue(
      issueInput(more, readIssueRecord(first.body)),
      { body: first.body },
      true,
    );
    expect(change.kind).toBe("update");
    if (change.kind !== "update") return;
    expect(change.comment).toBe("`v0.2.1` (not triggered) joined the list above.");
    expect(readIssueRecord(change.body).listed).toEqual(["v0.2.1", "v0.2.0"]);
  });

  it("closes with a short comment when every listed tag has shipped", () => {
    const first = planIssue(issueInput(botTagged()), null, true);
    if (first.kind !== "open") throw new Error("expected an issue");
    const healed = shipped("v0.2.0", 0);
    const v010 = shipped("v0.1.0", 20);
    const health = healthOf(
      snapshot({ tags: [healed.tag, v010.tag], releases: [healed.release, v010.release] }),
    );
    const change = planIssue(
      issueInput(health, readIssueRecord(first.body)),
      { body: first.body },
      true,
    );
    expect(change.kind).toBe("close");
    if (change.kind !== "close") return;
    expect(change.comment).toContain("`v0.2.0` shipped");
  });

  it("stays open while a listed tag's dispatched run is still running", () => {
    const record: WatchRecord = {
      listed: ["v0.2.0"],
      dispatched: {
        "v0.2.0": {
          at: NOW.toISOString(),
          workflow: "release.yml",
          runUrl: "https://github.com/o/r/actions/runs/9",
          error: null,
        },
      },
    };
    const v010 = shipped("v0.1.0", 20);
    const health = healthOf(
      snapshot({
        tags: [
          tag({
            name: "v0.2.0",
            tagger: BOT,
            taggedAt: ago(0, 3),
            runs: [run({ event: "workflow_dispatch", status: "in_progress", conclusion: null })],
          }),
          v010.tag,
        ],
        releases: [v010.release],
      }),
    );
    const body = renderIssueBody({ ...issueInput(health, record), redispatch: true });
    expect(body).toContain("| `v0.2.0` | Running |");
    expect(body).toMatch(/dispatched release.yml at 2026-03-01 12:00 UTC \(\[run\]/);
    expect(planIssue(issueInput(health, record), { body }, true).kind).toBe("none");
  });

  it("says when a dispatched run failed and that tagwatch does not dispatch twice", () => {
    const record: WatchRecord = {
      listed: ["v0.2.0"],
      dispatched: {
        "v0.2.0": { at: NOW.toISOString(), workflow: "release.yml", runUrl: null, error: null },
      },
    };
    const v010 = shipped("v0.1.0", 20);
    const health = healthOf(
      snapshot({
        tags: [
          tag({
            name: "v0.2.0",
            tagger: BOT,
            taggedAt: ago(0, 3),
            runs: [run({ event: "workflow_dispatch", conclusion: "failure" })],
          }),
          v010.tag,
        ],
        releases: [v010.release],
      }),
    );
    const body = renderIssueBody({ ...issueInput(health, record), redispatch: true });
    expect(body).toContain("| `v0.2.0` | Run failed |");
    expect(body).toContain("tagwatch does not dispatch twice");
  });

  it("reads back what it wrote, and nothing from a body without its record", () => {
    expect(readIssueRecord("a person's issue")).toEqual({ listed: [], dispatched: {} });
    expect(readIssueRecord("<!-- tagwatch:state {broken -->")).toEqual({
      listed: [],
      dispatched: {},
    });
  });
});
