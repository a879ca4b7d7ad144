import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SweepSummary } from "@/lib/watch/sweep";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { APP_SETTINGS, useGitHub } from "./github";

// A release day across an organisation: ninety repositories get a tag that will never ship, all
// at once. The tracking issues open over time, under GitHub's content-creation limit (80 a
// minute): the sweep opens what fits and puts the rest off, so GitHub never has to refuse one,
// and the ones put off are read first by the next sweep. Its own file: the pacing windows are
// kept in the (in-process) store.

const ORG = "scale-org";
const COUNT = 100;

let sim: RunningSimulator;
let sweeps: typeof import("@/lib/watch/sweep");
const { control } = simulatorClient(() => sim.url);

vi.setConfig({ testTimeout: 90_000 });

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: "scale", runStepMs: 600_000 });
  useGitHub(sim.url, APP_SETTINGS);
  sweeps = await import("@/lib/watch/sweep");
  await control("POST", `organizations/${ORG}/repositories`, { count: COUNT });
});

afterAll(async () => {
  await sim?.close();
});

async function trackingIssues(): Promise<Json[]> {
  const { body } = await control("GET", `issues?owner=${ORG}`);
  return body.issues.filter((issue: Json) =>
    issue.labels.some((label: Json) => label.name === "tagwatch"),
  );
}

describe("tracking issues on a release day", () => {
  it("open at most GitHub's 80 a minute, none refused; the rest are put off and read first next time", async () => {
    const first: SweepSummary = await sweeps.sweepInstallations();
    expect(first).toMatchObject({ readInFull: COUNT, errors: [] });
    expect(await trackingIssues()).toEqual([]);

    const { body } = await control("POST", `organizations/${ORG}/changes`, {
      share: 0.9,
      withGithubToken: true,
    });
    expect(body.changed).toHaveLength(90);
    await control("DELETE", "requests");
    const releaseDay = await sweeps.sweepInstallations();
    expect(releaseDay).toMatchObject({ readInFull: 90, errors: [] });
    const opened = await trackingIssues();
    const putOff = releaseDay.repositories.filter((result) => result.deferred);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThanOrEqual(80);
    expect(putOff.length).toBe(90 - opened.length);
    // Every one of the ninety is known as a problem, opened or not.
    for (const result of releaseDay.repositories) expect(result.problems).toEqual(["v0.2.1"]);
    // GitHub never had to refuse a write.
    const { body: log } = await control("GET", "requests");
    expect(
      log.requests.filter((entry: Json) => entry.status === 403 || entry.status === 429),
    ).toEqual([]);

    // The next sweep reads the repositories whose issue was put off, and only those.
    const next = await sweeps.sweepInstallations();
    expect(next.repositories.map((result) => result.repository).sort()).toEqual(
      putOff.map((result) => result.repository).sort(),
    );
    // One issue per repository, however many sweeps.
    const issues = await trackingIssues();
    expect(new Set(issues.map((issue: Json) => issue.repository)).size).toBe(issues.length);
  });
});
