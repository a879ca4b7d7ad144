import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RepositoryHistory, TagHistory } from "@/lib/history/types";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { APP_SETTINGS, MAINTAINER_TOKEN, OWNER, useGitHub } from "./github";

// The release history of the demo's cloud-sync (a year of tags, docs/demo-scenario.md) read from
// the simulator the way GitHub answers: how each tag shipped is what its history made happen, for
// at most two GitHub requests, and nothing more until the repository changes.

const REPO = "cloud-sync";

/** What cloud-sync's history did to each tag that did not ship on its own. */
const HELPED: Record<string, Pick<TagHistory, "shippedBy" | "dispatchedBy">> = {
  "v1.2.0": { shippedBy: "rerun", dispatchedBy: null },
  "v1.4.0": { shippedBy: "dispatch", dispatchedBy: "person" },
  "v1.5.0": { shippedBy: null, dispatchedBy: null },
  "v1.7.0": { shippedBy: "rerun", dispatchedBy: null },
  "v1.9.0": { shippedBy: "manual", dispatchedBy: null },
  "v1.10.0": { shippedBy: "dispatch", dispatchedBy: "tagwatch" },
  "v1.12.0": { shippedBy: "rerun", dispatchedBy: null },
  "v1.14.0": { shippedBy: "dispatch", dispatchedBy: "person" },
};

let sim: RunningSimulator;
let history: typeof import("@/lib/history/load");
let repositoryPage: typeof import("@/lib/repository/load");
let client: import("@/lib/github/client").GitHubClient;
let invalidate: typeof import("@/lib/store/cache-policy").invalidateRepository;
const { control } = simulatorClient(() => sim.url);

async function gitHubRequests(): Promise<Json[]> {
  return (await control("GET", "requests")).body.requests;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 600_000 });
  useGitHub(sim.url, { ...APP_SETTINGS, GITHUB_APP_SLUG: "tagwatch" });
  history = await import("@/lib/history/load");
  repositoryPage = await import("@/lib/repository/load");
  const { createGitHubClient } = await import("@/lib/github/client");
  client = createGitHubClient(MAINTAINER_TOKEN);
  ({ invalidateRepository: invalidate } = await import("@/lib/store/cache-policy"));
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  // A new generation: every test reads GitHub afresh.
  await invalidate(OWNER, REPO);
  await control("DELETE", "faults");
  await control("DELETE", "requests");
});

describe("cloud-sync's release history", () => {
  it("tells each way of shipping apart, for one GraphQL and one REST request", async () => {
    const result: RepositoryHistory = await history.loadRepositoryHistory(client, OWNER, REPO);
    expect(result.tags).toHaveLength(26);
    for (const tag of result.tags) {
      const expected = HELPED[tag.name] ?? { shippedBy: "itself", dispatchedBy: null };
      expect({ shippedBy: tag.shippedBy, dispatchedBy: tag.dispatchedBy }, tag.name).toEqual(
        expected,
      );
      expect(tag.shippedAt === null, tag.name).toBe(tag.shippedBy === null);
    }
    // Re-run twice: pushed 238 days ago, shipped by the attempt a day and a half later.
    const twice = result.tags.find((tag) => tag.name === "v1.7.0");
    expect((twice?.minutesToShip ?? 0) / 60).toBeGreaterThan(36);
    expect((twice?.minutesToShip ?? 0) / 60).toBeLessThan(37);
    expect(result.notes).toEqual([]);

    const requests = await gitHubRequests();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /api/graphql",
      expect.stringMatching(
        /^GET \/api\/v3\/repos\/octo-maintainer\/cloud-sync\/actions\/workflows\/\d+\/runs\?per_page=100&exclude_pull_requests=true$/,
      ),
    ]);
    expect(requests[0]?.operationName).toBe("RepositoryHistory");
  });

  it("is read from the cache until the repository changes (a dispatch, a re-run, a webhook)", async () => {
    const first = await history.loadRepositoryHistory(client, OWNER, REPO);
    await control("DELETE", "requests");
    expect(await history.loadRepositoryHistory(client, OWNER, REPO)).toEqual(first);
    expect(await gitHubRequests()).toEqual([]);
    await invalidate(OWNER, REPO);
    await history.loadRepositoryHistory(client, OWNER, REPO);
    expect((await gitHubRequests()).length).toBe(2);
  });

  it("says so when GitHub does not list the release runs, and counts re-runs as shipped on their own", async () => {
    await control("POST", "faults", {
      failures: [{ pathPattern: "/actions/workflows/\\d+/runs", method: "GET", status: 404 }],
    });
    const result = await history.loadRepositoryHistory(client, OWNER, REPO);
    expect(result.notes).toEqual([
      "GitHub did not list the release workflow's runs: tags shipped after a re-run count as shipped on their own.",
    ]);
    expect(result.tags.find((tag) => tag.name === "v1.7.0")?.shippedBy).toBe("itself");
    expect(result.tags.find((tag) => tag.name === "v1.4.0")?.shippedBy).toBe("dispatch");
  });

  it("judges expected assets like the dashboard: checksums.txt listing an archive never uploaded is not shipped", async () => {
    const result = await history.loadRepositoryHistory(client, "release-lab", "goreleaser-tool");
    const shippedBy = Object.fromEntries(result.tags.map((tag) => [tag.name, tag.shippedBy]));
    expect(shippedBy).toEqual({ "v1.0.0": null, "v0.9.0": "itself" });
    // The manifests are the page's downloads (shared cache), not API requests.
    const requests = await gitHubRequests();
    expect(requests.filter((request) => request.path.startsWith("/api/")).length).toBe(2);
  });

  it("a repository GitHub does not show is not found, in words", async () => {
    await expect(
      history.loadRepositoryHistory(client, OWNER, "no-such-repo"),
    ).rejects.toMatchObject({
      code: "not-found",
      message: expect.stringContaining("octo-maintainer/no-such-repo"),
    });
  });

  it("asks for the release runs beside the 100 tags when the repository page was just read, with the same result", async () => {
    const now = new Date();
    const alone = await history.loadRepositoryHistory(client, OWNER, REPO, { now });
    await invalidate(OWNER, REPO);
    // The page first (the browser asks for the history once the page is up), then the history
    // with its GraphQL answer a second late: the runs' request no longer waits for it.
    await repositoryPage.loadRepositoryHealth(client, OWNER, REPO, { now });
    await control("DELETE", "requests");
    await control("POST", "faults", {
      slowdowns: [{ pathPrefix: "/api/graphql", bodyPattern: "RepositoryHistory", delayMs: 1000 }],
    });
    const beside = await history.loadRepositoryHistory(client, OWNER, REPO, { now });
    const requests = await gitHubRequests();
    expect(requests.map((request) => `${request.method} ${request.path.split("?")[0]}`)).toEqual([
      expect.stringMatching(
        /^GET \/api\/v3\/repos\/octo-maintainer\/cloud-sync\/actions\/workflows\/\d+\/runs$/,
      ),
      "POST /api/graphql",
    ]);
    expect(beside).toEqual(alone);
  });

  // Last: tagwatch then never sends this token to GitHub again (lib/github/refused-tokens.ts).
  it("passes on GitHub's 401 for the release runs (the session ends) instead of noting a gap", async () => {
    await control("POST", "faults", {
      failures: [{ pathPattern: "/actions/workflows/\\d+/runs", method: "GET", status: 401 }],
    });
    await expect(history.loadRepositoryHistory(client, OWNER, REPO)).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });
});
