import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { simulatorClient } from "@/simulator/tests/test-client";
import { type Gate, MAINTAINER_TOKEN, OWNER, startGate, useGitHub } from "./github";

// A repository page must know whether the repository exists before it streams (from then on its
// status is 200). The workflows REST read the load makes anyway says so: no third request, and no
// wait for the GraphQL query either.

let sim: RunningSimulator;
let gate: Gate;
const { control } = simulatorClient(() => sim.url);
type Load = typeof import("@/lib/repository/load");
let startRepositoryLoad: Load["startRepositoryLoad"];
let client: import("@/lib/github/client").GitHubClient;

async function gitHubApiRequests(): Promise<string[]> {
  const { requests } = (await control("GET", "requests")).body as {
    requests: { kind: string; method: string; path: string }[];
  };
  return requests
    .filter((request) => request.kind === "graphql" || request.kind === "rest")
    .map((request) => `${request.method} ${request.path.split("?")[0]}`);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gate = await startGate(sim.url);
  useGitHub(gate.url);
  ({ startRepositoryLoad } = await import("@/lib/repository/load"));
  const { createGitHubClient } = await import("@/lib/github/client");
  client = createGitHubClient(MAINTAINER_TOKEN);
});

afterAll(async () => {
  gate?.release();
  await gate?.close();
  await sim?.close();
});

beforeEach(async () => {
  await control("DELETE", "requests");
});

describe("starting a repository page's load", () => {
  it("cold, asks GitHub twice (one GraphQL query, the workflows read); warm, not at all", async () => {
    const cold = startRepositoryLoad(client, OWNER, "classic-cli");
    expect(await cold.exists).toBe(true);
    expect((await cold.health).repository).toBe(`${OWNER}/classic-cli`);
    expect((await gitHubApiRequests()).sort()).toEqual([
      `GET /api/v3/repos/${OWNER}/classic-cli/actions/workflows`,
      "POST /api/graphql",
    ]);

    await control("DELETE", "requests");
    const warm = startRepositoryLoad(client, OWNER, "classic-cli");
    expect(await warm.exists).toBe(true);
    // Nothing left to stream: the page renders the rows in its first bytes.
    expect(warm.settled()).toBe(true);
    expect(warm.failure()).toBeNull();
    // Judged once per cached snapshot: the warm page reuses the judgement, not only the data.
    expect(await warm.health).toBe(await cold.health);
    expect(await gitHubApiRequests()).toEqual([]);
  });

  it("knows the repository exists while the GraphQL query is still out", async () => {
    gate.hold((request) => request.path.startsWith("/api/graphql"));
    try {
      const load = startRepositoryLoad(client, OWNER, "healthy-lib");
      await gate.arrivals(1);
      expect(await load.exists).toBe(true);
      expect(load.settled()).toBe(false);
      // The page's short wait for the health gives up while GitHub has not answered…
      expect(await load.settledWithin(20)).toBe(false);
      gate.release();
      // …and ends as soon as it has, whatever time was left (a minute here).
      expect(await load.settledWithin(60_000)).toBe(true);
      expect((await load.health).tags.length).toBeGreaterThan(0);
      expect(load.settled()).toBe(true);
    } finally {
      gate.release();
    }
  });

  it("answers not found for a repository GitHub does not show this user", async () => {
    const load = startRepositoryLoad(client, OWNER, "no-such-repository");
    expect(await load.exists).toBe(false);
    await expect(load.health).rejects.toMatchObject({ code: "not-found" });
  });

  it("leaves any other failure to the health, which says what went wrong", async () => {
    // GitHub down: the page is not a 404, it shows the health's error panel.
    await control("POST", "faults", {
      failures: [{ pathPrefix: "/api/", status: 502, count: 100 }],
    });
    try {
      const load = startRepositoryLoad(client, OWNER, "failed-build");
      expect(await load.exists).toBe(true);
      const failure = await load.health.then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).not.toBe("not-found");
      // Known by the time the page learns it may stream, so its other reads can skip GitHub.
      expect(load.failure()).toBe(failure);
      // A failed health has settled too: the page shows its error in the first bytes.
      expect(await load.settledWithin(0)).toBe(true);
    } finally {
      await control("DELETE", "faults");
    }
  });
});
