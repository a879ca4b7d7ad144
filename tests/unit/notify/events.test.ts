import { describe, expect, it } from "vitest";
import type { Finding, TagStatus, WorkflowRunInfo } from "@/lib/health/types";
import { eventsOfRound, type NotifyMemory, type RoundFacts } from "@/lib/notify/events";
import type { TagHealth } from "@/lib/repository/health";

// The events of watch rounds, one round after another on the same memory: a tag that becomes a
// problem is news once, a dispatch is news, a run failing is news, a tag that ships is news once.

const AT = "2026-12-01T08:31:00.000Z";

function tag(name: string, status: TagStatus, runUrl?: string): TagHealth {
  const runs = runUrl ? [{ url: runUrl } as WorkflowRunInfo] : [];
  return { name, status, runs, findings: [] } as unknown as TagHealth;
}

const finding = (message: string): Finding => ({ code: "not-triggered", message, hint: "" });

function round(partial: Partial<RoundFacts>): RoundFacts {
  return {
    repository: "acme/rocket",
    at: AT,
    problems: [],
    tags: [],
    dispatchedNow: [],
    dispatches: {},
    dashboardUrl: "https://tagwatch.example/acme/rocket",
    issueUrl: "https://github.com/acme/rocket/issues/7",
    ...partial,
  };
}

describe("eventsOfRound", () => {
  it("tells of a new problem once, of its dispatch, and of its shipping once", () => {
    const pushed = tag("v1.2.0", "not-triggered");
    const first = eventsOfRound(
      round({
        problems: [
          {
            tag: pushed,
            finding: finding("v1.2.0 was pushed with GITHUB_TOKEN."),
            since: "2026-12-01T08:30:00.000Z",
          },
        ],
        tags: [pushed],
        dispatchedNow: ["v1.2.0"],
        dispatches: {
          "v1.2.0": {
            workflow: "release.yml",
            runUrl: "https://github.com/acme/rocket/actions/runs/9",
          },
        },
      }),
      {},
    );
    expect(first.events.map((event) => [event.type, event.tag, event.since])).toEqual([
      ["tag.unshipped", "v1.2.0", "2026-12-01T08:30:00.000Z"],
      ["tag.dispatched", "v1.2.0", "2026-12-01T08:30:00.000Z"],
    ]);
    expect(first.events[0]).toMatchObject({
      repository: "acme/rocket",
      status: "Not triggered",
      sentence: "v1.2.0 was pushed with GITHUB_TOKEN.",
      links: {
        dashboard: "https://tagwatch.example/acme/rocket",
        run: null,
        issue: "https://github.com/acme/rocket/issues/7",
      },
    });
    expect(first.events[1]?.links.run).toBe("https://github.com/acme/rocket/actions/runs/9");

    // The dispatched run is on its way: nothing to say, the tag stays remembered.
    const running = tag("v1.2.0", "run-pending", "https://github.com/acme/rocket/actions/runs/9");
    const second = eventsOfRound(round({ tags: [running] }), first.memory);
    expect(second.events).toEqual([]);
    expect(second.memory).toEqual({
      "v1.2.0": { since: "2026-12-01T08:30:00.000Z", status: "run-pending" },
    });

    const shipped = tag("v1.2.0", "healthy", "https://github.com/acme/rocket/actions/runs/9");
    const dispatches = {
      "v1.2.0": {
        workflow: "release.yml",
        runUrl: "https://github.com/acme/rocket/actions/runs/9",
      },
    };
    const third = eventsOfRound(round({ tags: [shipped], dispatches }), second.memory);
    expect(third.events).toMatchObject([
      {
        type: "tag.shipped",
        tag: "v1.2.0",
        status: "Shipped",
        since: "2026-12-01T08:30:00.000Z",
        sentence:
          "v1.2.0 has a published release with every expected asset, after tagwatch dispatched release.yml.",
      },
    ]);
    expect(third.memory).toEqual({});
    expect(eventsOfRound(round({ tags: [shipped], dispatches }), third.memory).events).toEqual([]);
  });

  it("a problem already remembered is not news again, whatever its since says now", () => {
    const memory: NotifyMemory = {
      "v1.2.0": { since: "2026-11-30T00:00:00.000Z", status: "not-triggered" },
    };
    const still = tag("v1.2.0", "not-triggered");
    const result = eventsOfRound(
      round({
        problems: [{ tag: still, finding: finding("x"), since: "2026-12-01T00:00:00.000Z" }],
        tags: [still],
      }),
      memory,
    );
    expect(result.events).toEqual([]);
    expect(result.memory).toEqual(memory);
  });

  it("a run failing on a new tag is both events; failing later on a known tag is run.failed alone", () => {
    const failed = tag("v2.0.0", "run-failed", "https://github.com/acme/rocket/actions/runs/4");
    const problem = {
      tag: failed,
      finding: finding("The release run of v2.0.0 failed."),
      since: AT,
    };
    const fresh = eventsOfRound(round({ problems: [problem], tags: [failed] }), {});
    expect(fresh.events.map((event) => event.type)).toEqual(["tag.unshipped", "run.failed"]);
    expect(fresh.events[1]?.links.run).toBe("https://github.com/acme/rocket/actions/runs/4");
    // The same failure in the next round is not news.
    expect(
      eventsOfRound(round({ problems: [problem], tags: [failed] }), fresh.memory).events,
    ).toEqual([]);

    const known: NotifyMemory = {
      "v2.0.0": { since: "2026-11-30T00:00:00.000Z", status: "not-triggered" },
    };
    const later = eventsOfRound(round({ problems: [problem], tags: [failed] }), known);
    expect(later.events.map((event) => [event.type, event.since])).toEqual([
      ["run.failed", "2026-11-30T00:00:00.000Z"],
    ]);
  });

  it("a dispatched run that fails is run.failed, with the failed run's link", () => {
    const memory: NotifyMemory = { "v1.2.0": { since: AT, status: "run-pending" } };
    const failed = tag("v1.2.0", "run-failed", "https://github.com/acme/rocket/actions/runs/9");
    const problem = {
      tag: failed,
      finding: finding("The release run of v1.2.0 failed."),
      since: AT,
    };
    const result = eventsOfRound(round({ problems: [problem], tags: [failed] }), memory);
    expect(result.events).toMatchObject([
      {
        type: "run.failed",
        tag: "v1.2.0",
        links: { run: "https://github.com/acme/rocket/actions/runs/9" },
      },
    ]);
  });

  it("forgets a remembered tag that was deleted, without a word", () => {
    const memory: NotifyMemory = { "v0.9.0": { since: AT, status: "not-triggered" } };
    expect(eventsOfRound(round({ tags: [] }), memory)).toEqual({ events: [], memory: {} });
  });
});
