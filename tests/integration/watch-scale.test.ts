import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SweepSummary } from "@/lib/watch/sweep";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { APP_SETTINGS, useGitHub } from "./github";

// Watch mode's sweep on a generated organisation (the simulator's `scale` scenario, the App on
// all of its repositories, no webhooks at all): the first sweep reads everything, an unchanged one
// reads nothing in full, a changed one reads exactly what changed (a tag pushed without any
// webhook included), a used-up rate limit stops it cleanly and the next sweep resumes, and a
// sweep with too small a budget resumes until every repository was read.

const ORG = "scale-org";
const INSTALLATION = 61104;
const COUNT = 150;

let sim: RunningSimulator;
let sweeps: typeof import("@/lib/watch/sweep");
const { control } = simulatorClient(() => sim.url);

beforeAll(async () => {
  // Runs end within a sweep or two: a pushed tag is pending, then shipped.
  sim = await startSimulator({ port: 0, scenario: "scale", runStepMs: 200 });
  useGitHub(sim.url, APP_SETTINGS);
  sweeps = await import("@/lib/watch/sweep");
});

afterAll(async () => {
  await sim?.close();
});

async function requests(): Promise<Json[]> {
  return (await control("GET", "requests")).body.requests;
}

/** A sweep and the GitHub requests it made. */
async function sweep(options: Parameters<typeof sweeps.sweepInstallations>[0] = {}) {
  await control("DELETE", "requests");
  const summary: SweepSummary = await sweeps.sweepInstallations(options);
  return { summary, requests: await requests() };
}

function readNames(summary: SweepSummary): string[] {
  return summary.repositories.map((result) => result.repository).sort();
}

async function trackingIssues(): Promise<Json[]> {
  const { body } = await control("GET", `issues?owner=${ORG}`);
  return body.issues.filter((issue: Json) =>
    issue.labels.some((label: Json) => label.name === "tagwatch"),
  );
}

// Sweeps of 150 repositories take seconds on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

describe("a sweep of a generated organisation", () => {
  beforeAll(async () => {
    await control("POST", "reset");
    const generated = await control("POST", `organizations/${ORG}/repositories`, {
      count: COUNT,
      failedShare: 0.02,
    });
    expect(generated.body.created).toBe(COUNT);
  });

  it("reads every repository in full once, then nothing while nothing changes", async () => {
    const first = await sweep();
    expect(first.summary).toMatchObject({
      installations: 1,
      readInFull: COUNT,
      skippedUnchanged: 0,
      remaining: 0,
      stopped: null,
      errors: [],
    });
    // The three repositories whose newest release failed have one tracking issue each.
    const problems = first.summary.repositories.filter((result) => result.problems.length > 0);
    expect(problems.map((result) => result.repository)).toEqual([
      `${ORG}/service-00050`,
      `${ORG}/service-00100`,
      `${ORG}/service-00150`,
    ]);
    expect(await trackingIssues()).toHaveLength(3);

    const unchanged = await sweep();
    expect(unchanged.summary).toMatchObject({
      readInFull: 0,
      skippedUnchanged: COUNT,
      remaining: 0,
    });
    // The installations, the cheap pass (100 repositories a query); the list of repositories is kept.
    const graphql = unchanged.requests.filter((entry) => entry.kind === "graphql");
    expect(graphql.map((entry) => entry.operationName)).toEqual([
      "RepositoryChanges",
      "RepositoryChanges",
    ]);
    expect(unchanged.requests.length).toBeLessThanOrEqual(2 * Math.ceil(COUNT / 100) + 3);
    expect(unchanged.summary.rateLimit).toMatchObject({ limit: 11_500 });
  });

  it("reads in full exactly the repositories that changed, a tag pushed without a webhook included", async () => {
    const { body } = await control("POST", `organizations/${ORG}/changes`, { count: 2 });
    // A release bump pushed with GITHUB_TOKEN: no run starts and GitHub sends the App nothing.
    const silent = await control("POST", "push", {
      owner: ORG,
      repo: "service-00007",
      withGithubToken: true,
      tags: ["v0.2.1"],
    });
    expect(silent.body.runs).toEqual([]);
    expect((await control("GET", "deliveries")).body.deliveries).toEqual([]);

    const changed = await sweep();
    const expected = [
      ...body.changed.map((entry: Json) => entry.repository),
      `${ORG}/service-00007`,
    ].sort();
    expect(readNames(changed.summary)).toEqual(expected);
    expect(changed.summary).toMatchObject({ readInFull: 3, skippedUnchanged: COUNT - 3 });
    const silentResult = changed.summary.repositories.find(
      (result) => result.repository === `${ORG}/service-00007`,
    );
    expect(silentResult?.problems).toEqual(["v0.2.1"]);
    expect(silentResult?.issue?.change).toBe("open");
    // Each full read is one GraphQL request (plus the workflow states where a tag is flagged).
    const reads = changed.requests.filter((entry) => entry.operationName === "WatchRepository");
    expect(reads).toHaveLength(3);
    expect(changed.requests.length).toBeLessThanOrEqual(2 * Math.ceil(COUNT / 100) + 3 + 5 * 3);

    // Swept again: the pushed tags' runs are still queued (runs stay queued here), so those two
    // are looked at again; the silent one is not. Still one issue per repository, no dispatch.
    const again = await sweep();
    expect(readNames(again.summary)).toEqual(
      body.changed.map((entry: Json) => entry.repository).sort(),
    );
    expect(await trackingIssues()).toHaveLength(4);
    expect((await control("GET", "dispatches")).body.dispatches).toEqual([]);
    // Once their runs shipped them, a sweep reads them once more and then nothing.
    await vi.waitFor(async () => expect((await sweep()).summary.readInFull).toBe(0), {
      timeout: 15_000,
      interval: 300,
    });
  });

  it("stops cleanly with 20 % of the rate limit left, and the next sweep resumes where it stopped", async () => {
    // Thirty release bumps pushed with GITHUB_TOKEN: thirty tags that will never ship.
    const { body } = await control("POST", `organizations/${ORG}/changes`, {
      share: 0.2,
      withGithubToken: true,
    });
    const changed: string[] = body.changed.map((entry: Json) => entry.repository).sort();
    expect(changed).toHaveLength(30);
    // 2,310 GraphQL points left of 11,500: a few reads take it under the 20 % headroom (2,300).
    await control("POST", "rate-limits", {
      installation: INSTALLATION,
      resource: "graphql",
      remaining: 2_310,
    });
    const stopped = await sweep();
    expect(stopped.summary.stopped).toBe("rate-limit");
    expect(stopped.summary.readInFull).toBeGreaterThan(0);
    expect(stopped.summary.readInFull).toBeLessThan(30);
    expect(stopped.summary.remaining).toBe(30 - stopped.summary.readInFull);
    expect(stopped.summary.rateLimit?.remaining).toBeLessThan(2_300);
    for (const result of stopped.summary.repositories) {
      expect(result.problems).toContain("v0.2.1");
      expect(result.issue).not.toBeNull();
    }

    // An hour later the limit is fresh: the next sweep starts where this one stopped.
    await control("DELETE", "rate-limits");
    const resumed = await sweep();
    expect(resumed.summary).toMatchObject({ stopped: null, remaining: 0 });
    expect(resumed.summary.resumedFrom).toBe(changed[stopped.summary.readInFull]);
    expect([...readNames(stopped.summary), ...readNames(resumed.summary)].sort()).toEqual(changed);
    // Nothing half-written and nothing twice: one issue per repository with a problem (the
    // thirty, and the four from before, three of which are among the thirty).
    const issues = await trackingIssues();
    expect(issues).toHaveLength(31);
    expect(new Set(issues.map((issue: Json) => issue.repository)).size).toBe(31);
  });

  it("waits as long as GitHub says once the limit is used up, then goes on", async () => {
    await control("POST", `organizations/${ORG}/changes`, { count: 5 });
    await control("POST", "rate-limits", {
      installation: INSTALLATION,
      resource: "graphql",
      remaining: 0,
      resetInSeconds: 3,
    });
    const refused = await sweep();
    expect(refused.summary).toMatchObject({ stopped: "rate-limit", readInFull: 0 });
    expect(refused.summary.remaining).toBeGreaterThan(0);

    // Before the reset the next sweep does not ask GitHub at all.
    const waiting = await sweep();
    expect(waiting.summary.stopped).toBe("rate-limit");
    expect(waiting.summary.errors[0]).toMatch(/asked to wait until/);
    expect(waiting.requests.filter((entry) => entry.kind !== "oauth")).toHaveLength(
      waiting.requests.filter((entry) => entry.path.startsWith("/api/v3/app/installations")).length,
    );

    // Once GitHub's reset time has passed, the next sweep reads the five.
    await vi.waitFor(
      async () => {
        const later = await sweep();
        expect(later.summary).toMatchObject({ stopped: null, readInFull: 5, remaining: 0 });
      },
      { timeout: 20_000, interval: 500 },
    );
  });
});

describe("a sweep with too small a budget", () => {
  beforeEach(async () => {
    await control("POST", "reset");
    await control("POST", `organizations/${ORG}/repositories`, { count: COUNT });
  });

  it("reads what it can, keeps its place, and covers every repository in the sweeps that follow", async () => {
    const read: string[] = [];
    let sweepsNeeded = 0;
    for (; sweepsNeeded < COUNT; ) {
      sweepsNeeded += 1;
      const { summary } = await sweep({ budgetMs: 500 });
      if (sweepsNeeded > 1 && summary.readInFull > 0) expect(summary.resumedFrom).not.toBeNull();
      read.push(...readNames(summary));
      if (summary.remaining === 0) break;
      expect(summary.stopped).toBe("budget");
    }
    expect(sweepsNeeded).toBeGreaterThan(1);
    // Every repository once: none twice before all were read.
    expect(read).toHaveLength(COUNT);
    expect(new Set(read).size).toBe(COUNT);
  });
});
