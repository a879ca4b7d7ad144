import { describe, expect, it } from "vitest";
import { TAG_STATUSES, type TagStatus } from "@/lib/health/types";
import type { RepositoryHistory } from "@/lib/history/types";
import type { RepositoryOverviewItem } from "@/lib/overview/rank";
import type { HealthJson } from "@/lib/repository/json";
import { DEMO_REPOSITORIES, EXPECTED } from "../../e2e/demo-expectations";
import { runTagwatch } from "./tagwatch";

// tagwatch's JSON API (docs/api.md) through its production server, signed in as the demo's users.

const tagwatch = runTagwatch();

/** The demo's pipeline-zoo organisation: one repository per kind of release pipeline (issue 10). */
const isPipelineZoo = (name: string) => name.startsWith("pipeline-zoo/");
const NOT_FLAGGED = new Set<TagStatus>(["healthy", "run-pending"]);

type OverviewJson = {
  viewer: string;
  repositories: RepositoryOverviewItem[];
  missing: { repository: string; reason: string }[];
};

describe("GET /api/repos/{owner}/{repo}/health: the demo scenario", () => {
  // First in the file: nothing has dispatched or re-run anything yet, and nothing is cached.
  it("every demo tag has the status and cause it was built to produce, each finding explained", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    for (const repository of DEMO_REPOSITORIES) {
      const response = await session.get(`/api/repos/${repository}/health`);
      expect(response.status, repository).toBe(200);
      const health = (await response.json()) as HealthJson;
      expect(health.repository).toBe(repository);
      for (const expected of EXPECTED.filter((candidate) => candidate.repo === repository)) {
        const where = `${repository} ${expected.tag}`;
        const tag = health.tags.find((candidate) => candidate.name === expected.tag);
        expect(tag, where).toBeDefined();
        expect(tag?.status, where).toBe(expected.status);
        if (expected.cause) {
          expect(
            tag?.findings.map((finding) => finding.cause),
            where,
          ).toContain(expected.cause);
        }
        for (const finding of tag?.findings ?? []) {
          expect(finding.message.length, where).toBeGreaterThan(10);
          expect(finding.hint.length, where).toBeGreaterThan(10);
        }
      }
    }
  });
});

describe("GET /api/repos", () => {
  it("the overview never disagrees with a repository's page over its 10 newest tags", async () => {
    // A fresh sign-in that has loaded no page: nothing of it is cached yet.
    const session = await tagwatch().signIn("octo-maintainer");
    await tagwatch().simulator.clearRequests();
    const response = await session.get("/api/repos");
    expect(response.status).toBe(200);
    const overview = (await response.json()) as OverviewJson;
    expect(overview.missing).toEqual([]);
    expect(overview.repositories[0]?.repository).toBe("octo-maintainer/classic-cli");
    // One list query and one aliased batch for all the demo's tagged repositories: no query per repository.
    const graphql = (await tagwatch().simulator.requests()).filter(
      (request) => request.kind === "graphql",
    );
    const operations = graphql.map(
      (request) => (request as { operationName?: string }).operationName,
    );
    expect(operations).toEqual(["ViewerRepositories", "RepositoryOverviewBatch"]);

    // Every repository is compared below, the pipeline-zoo ones included.
    expect(
      overview.repositories
        .map((item) => item.repository)
        .filter((name) => !isPipelineZoo(name))
        .sort(),
    ).toEqual([...DEMO_REPOSITORIES].sort());
    for (const item of overview.repositories) {
      const health = (await (
        await session.get(`/api/repos/${item.repository}/health`)
      ).json()) as HealthJson;
      const newest = health.tags.slice(0, 10);
      const counts = Object.fromEntries(
        TAG_STATUSES.map((status) => [
          status,
          newest.filter((tag) => tag.status === status).length,
        ]),
      );
      expect(item.counts, item.repository).toEqual(counts);
      expect(item.flagged, item.repository).toBe(
        newest.filter((tag) => !NOT_FLAGGED.has(tag.status)).length,
      );
      expect(item.latestTag, item.repository).toBe(health.tags[0]?.name ?? null);
    }
  });

  it("?fields=names answers the whole list's names in the overview's order; a bad query is a 400", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const names = (await (await session.get("/api/repos?fields=names")).json()) as {
      total: number;
      names: string[];
    };
    const window = (await (await session.get("/api/repos")).json()) as OverviewJson;
    expect(names.total).toBe(names.names.length);
    expect([...names.names].sort()).toEqual(
      window.repositories.map((item) => item.repository).sort(),
    );
    for (const query of ["fields=everything", "offset=-1", "limit=101", "names=not-a-name"]) {
      const bad = await session.get(`/api/repos?${query}`);
      expect(bad.status, query).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code, query).toBe(
        "invalid-input",
      );
    }
  });
});

describe("GET /api/repos/{owner}/{repo}/health", () => {
  it("a read-only user cannot see repositories they have no access to", async () => {
    const session = await tagwatch().signIn("octo-reader");
    const hidden = await session.get("/api/repos/octo-maintainer/private-service/health");
    expect(hidden.status).toBe(404);
    await hidden.arrayBuffer();
    const shared = await session.get("/api/repos/octo-maintainer/classic-cli/health");
    expect(shared.status).toBe(200);
    await shared.arrayBuffer();
  });
});

describe("GET /api/repos/{owner}/{repo}/history", () => {
  it("a tag ships when the dashboard calls it Shipped: every demo repository agrees with its tag list", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    for (const repository of DEMO_REPOSITORIES) {
      const [health, history] = await Promise.all([
        session.get(`/api/repos/${repository}/health`).then((r) => r.json() as Promise<HealthJson>),
        session
          .get(`/api/repos/${repository}/history`)
          .then((r) => r.json() as Promise<RepositoryHistory>),
      ]);
      for (const tag of health.tags) {
        const entry = history.tags.find((candidate) => candidate.name === tag.name);
        if (!entry) continue; // older than the period
        expect(entry.shippedAt !== null, `${repository} ${tag.name} (${tag.status})`).toBe(
          tag.status === "healthy",
        );
      }
    }
  });

  it("bad input is a clear 4xx: signed out, a name GitHub would not allow, a repository that does not exist", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const bad = await session.get("/api/repos/octo-maintainer/%F0%9F%92%A9/history");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBeTruthy();
    const missing = await session.get("/api/repos/octo-maintainer/does-not-exist/history");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain("octo-maintainer/does-not-exist");
    const signedOut = await tagwatch().fetch("/api/repos/octo-maintainer/cloud-sync/history");
    expect(signedOut.status).toBe(401);
    expect((await signedOut.json()).error.code).toBe("unauthenticated");
  });
});

describe("POST /api/repos/{owner}/{repo}/dispatch", () => {
  it("still works when the server refuses return_run_details, like GitHub Enterprise Server", async () => {
    await tagwatch().simulator.faults({ rejectReturnRunDetails: true });
    const session = await tagwatch().signIn("octo-maintainer");
    const response = await session.post("/api/repos/octo-maintainer/classic-cli/dispatch", {
      tag: "v0.1.1",
      workflow: "release.yml",
    });
    expect(response.status).toBe(202);
    await response.arrayBuffer();
    const dispatches = (await tagwatch().simulator.requests()).filter((request) =>
      request.path.endsWith("/dispatches"),
    );
    expect(dispatches.map((request) => request.status)).toEqual([422, 204]);
  });
});

describe("POST /api/repos/{owner}/{repo}/pipeline-fix", () => {
  it("pressed three times at once, opens one pull request and leaves its branch alone", async () => {
    const session = await tagwatch().signIn("octo-maintainer", "/", "read:user repo workflow");
    const answers = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await session.post("/api/repos/octo-maintainer/classic-cli/pipeline-fix", {
          tag: "v0.1.2",
        });
        return { status: response.status, body: await response.json() };
      }),
    );
    // One opens it; the others are told it is being opened, or (once it is) get it back.
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    for (const answer of answers.filter(({ status }) => status !== 201)) {
      if (answer.status === 200) expect(answer.body).toMatchObject({ number: 1, existing: true });
      else
        expect(answer).toEqual({
          status: 409,
          body: {
            error: {
              code: "conflict",
              message: "This pull request is being opened right now; it shows here in a moment.",
            },
          },
        });
    }
    const writes = (await tagwatch().simulator.requests())
      .filter((request) => request.method !== "GET" && request.path.startsWith("/api/v3/"))
      .map(
        (request) =>
          `${request.method} ${request.path.replace(/^.*\/classic-cli\//, "")} ${request.status}`,
      );
    expect(writes).toEqual([
      "POST git/refs 201",
      "PUT contents/.github/workflows/auto-release.yml 200",
      "POST pulls 201",
    ]);
  });
});
