import { describe, expect, it } from "vitest";
import { TAG_STATUSES } from "@/lib/health/types";
import { ago, BOT, release, run, shipped, snapshot, tag } from "./factories";
import { healthOf } from "./helpers";

describe("a repository's health", () => {
  it("summarises every status, counting run-pending as not flagged", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [
        tag({ name: "v1.3.0", runs: [run({ status: "in_progress", conclusion: null })] }),
        tag({ name: "v1.2.0", tagger: BOT }),
        tag({ name: "v1.1.0", runs: [run({ conclusion: "failure", createdAt: ago(1) })] }),
        v100.tag,
      ],
      releases: [
        release({ tagName: "v1.4.0-draft", isDraft: true, tagCommitOid: null }),
        v100.release,
      ],
    });
    const { summary, pending, tags } = healthOf(input);
    expect(Object.keys(summary.counts)).toEqual([...TAG_STATUSES]);
    expect(summary.counts).toMatchObject({
      "not-triggered": 1,
      "run-failed": 1,
      "run-pending": 1,
      healthy: 1,
      "missing-release": 0,
    });
    expect(summary.total).toBe(4);
    expect(summary.flagged).toBe(2);
    expect(summary.worst).toBe("not-triggered");
    expect(summary.latestTag).toBe("v1.3.0");
    expect(summary.latestRelease).toBe("v1.0.0");
    expect(pending).toBe(true);
    expect(tags.map((row) => row.name)).toEqual(["v1.3.0", "v1.2.0", "v1.1.0", "v1.0.0"]);
  });

  it("is worst healthy and not pending when there are no tags", () => {
    const health = healthOf(snapshot({ tags: [] }));
    expect(health.summary.worst).toBe("healthy");
    expect(health.summary.latestTag).toBeNull();
    expect(health.pending).toBe(false);
    expect(health.notes).toContain("octo-maintainer/classic-cli has no tags yet.");
  });

  it("dates an annotated tag by its tagger and a lightweight tag by its commit", () => {
    const annotated = tag({
      name: "v2.0.0",
      taggedAt: "2026-02-01T00:00:00Z",
      commitDate: "2026-01-01T00:00:00Z",
    });
    const lightweight = tag({
      name: "v1.0.0",
      annotated: false,
      tagger: null,
      taggedAt: null,
      commitDate: "2026-01-01T00:00:00Z",
      commitCommitter: { name: "Someone", email: "s@example.com", login: null },
    });
    const health = healthOf(snapshot({ tags: [annotated, lightweight] }));
    expect(health.tags[0]?.date).toBe("2026-02-01T00:00:00Z");
    expect(health.tags[1]?.date).toBe("2026-01-01T00:00:00Z");
    expect(health.tags[1]?.pushedBy).toBe("Someone");
  });

  it("notes a release whose tag was deleted, without inventing a tag row", () => {
    const v100 = shipped("v1.0.0", 20);
    const orphan = release({ tagName: "v0.5.0", tagCommitOid: null, createdAt: ago(30) });
    const health = healthOf(snapshot({ tags: [v100.tag], releases: [v100.release, orphan] }));
    expect(health.tags.map((row) => row.name)).toEqual(["v1.0.0"]);
    expect(
      health.notes.some((note) => note.includes("v0.5.0") && note.includes("no longer exists")),
    ).toBe(true);
  });

  it("notes an archived repository", () => {
    const health = healthOf(snapshot({ isArchived: true }));
    expect(health.isArchived).toBe(true);
    expect(health.notes.some((note) => note.includes("archived: nothing can be dispatched"))).toBe(
      true,
    );
  });

  it("judges tags by their releases alone when the repository has no workflows", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" }), { ...v100.tag, runs: [] }],
      releases: [v100.release],
      headWorkflowFiles: [],
      workflows: [],
    });
    const health = healthOf(input);
    expect(health.notes.some((note) => note.includes("has no GitHub Actions workflows"))).toBe(
      true,
    );
    expect(health.tags[0]?.status).toBe("missing-release");
    expect(health.tags[0]?.action).toBeNull();
    expect(health.tags[1]?.status).toBe("healthy");
  });
});
