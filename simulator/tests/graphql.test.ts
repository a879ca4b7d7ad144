import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { demoClient, READER } from "./test-client";

let sim: { url: string; port: number; close(): Promise<void> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

const { gql, control } = demoClient(() => sim.url);

// A superset of the app's repository query (app, creator, workflow state, rateLimit): it checks the
// simulator serves every field GITHUB-FACTS.md names, beyond what tagwatch asks for today.
const HEALTH_QUERY = readFileSync(
  path.join(__dirname, "..", "fixtures", "repository-health.graphql"),
  "utf8",
);

describe("GraphQL", () => {
  it("answers tagwatch's repository query with the demo data", async () => {
    const { status, body } = await gql(HEALTH_QUERY, {
      owner: "octo-maintainer",
      name: "classic-cli",
      tagCount: 25,
      tagCursor: null,
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const repository = body.data.repository;
    expect(repository.viewerPermission).toBe("ADMIN");
    expect(repository.refs.nodes.map((node: { name: string }) => node.name)).toEqual([
      "v0.1.2",
      "v0.1.1",
      "v0.1.0",
    ]);
    const [botTag, , personTag] = repository.refs.nodes;
    expect(botTag.target.__typename).toBe("Tag");
    expect(botTag.target.tagger).toMatchObject({ name: "github-actions[bot]", user: null });
    expect(botTag.target.target.checkSuites.nodes).toEqual([]);
    const suites = personTag.target.target.checkSuites.nodes;
    const release = suites.find(
      (suite: { workflowRun: { file: { path: string } } }) =>
        suite.workflowRun.file.path === ".github/workflows/release.yml",
    );
    expect(release).toMatchObject({
      status: "COMPLETED",
      conclusion: "SUCCESS",
      branch: null,
      app: { slug: "github-actions" },
      creator: { login: "octo-maintainer" },
    });
    expect(release.workflowRun.workflow.state).toBe("ACTIVE");
    expect(release.workflowRun.databaseId).toBeLessThan(2 ** 31);
    const ci = suites.find(
      (suite: { workflowRun: { file: { path: string } } }) =>
        suite.workflowRun.file.path === ".github/workflows/ci.yml",
    );
    expect(ci.branch).toEqual({ name: "main" });
    expect(repository.releases.nodes).toHaveLength(1);
    const assets = repository.releases.nodes[0].releaseAssets;
    expect(assets.totalCount).toBe(6);
    expect(assets.nodes[0].downloadUrl).toBe(
      `${sim.url}/octo-maintainer/classic-cli/releases/download/v0.1.0/classic-cli_0.1.0_linux_amd64.tar.gz`,
    );
    expect(repository.headWorkflows.entries.map((entry: { name: string }) => entry.name)).toContain(
      "release.yml",
    );
    expect(body.data.rateLimit.cost).toBeGreaterThanOrEqual(1);
  });

  it("peels lightweight tags to commits and pages with cursors", async () => {
    await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "no-tags",
      by: "octo-maintainer",
      withGithubToken: false,
      tags: ["light-a", "light-b"],
      annotated: false,
    });
    try {
      const query = `query($after: String) { repository(owner: "octo-maintainer", name: "no-tags") {
        refs(refPrefix: "refs/tags/", first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name target { __typename oid } } } } }`;
      const first = (await gql(query)).body.data.repository.refs;
      expect(first.totalCount).toBe(2);
      expect(first.pageInfo.hasNextPage).toBe(true);
      expect(first.nodes).toEqual([
        {
          name: "light-a",
          target: { __typename: "Commit", oid: expect.stringMatching(/^[0-9a-f]{40}$/) },
        },
      ]);
      const second = (await gql(query, { after: first.pageInfo.endCursor })).body.data.repository
        .refs;
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(second.nodes).toEqual([
        { name: "light-b", target: { __typename: "Commit", oid: first.nodes[0].target.oid } },
      ]);
    } finally {
      await control("POST", "reset");
    }
  });

  it("rejects an unknown field with an errors array", async () => {
    const { status, body } = await gql(`{ repository(owner: "a", name: "b") { nope } }`);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/Cannot query field "nope"/);
    expect(body.errors[0].locations).toBeDefined();
  });

  it("rejects a connection without first or last", async () => {
    const { body } = await gql(
      `{ repository(owner: "octo-maintainer", name: "classic-cli") { releases { totalCount } } }`,
    );
    expect(body.errors[0]).toMatchObject({ type: "MISSING_PAGINATION_BOUNDARIES" });
    const tooMany = await gql(
      `{ repository(owner: "octo-maintainer", name: "classic-cli") { releases(first: 101) { totalCount } } }`,
    );
    expect(tooMany.body.errors[0].type).toBe("EXCESSIVE_PAGINATION");
  });

  it("hides a private repository from a user without access, like GitHub", async () => {
    const { body } = await gql(
      `query { repository(owner: "octo-maintainer", name: "private-service") { name } }`,
      {},
      READER,
    );
    expect(body.data).toEqual({ repository: null });
    expect(body.errors[0]).toMatchObject({
      type: "NOT_FOUND",
      path: ["repository"],
      message: "Could not resolve to a Repository with the name 'octo-maintainer/private-service'.",
    });
  });

  it("lists organisation repositories only with ownerAffiliations", async () => {
    const query = (affiliations: string) =>
      `{ viewer { login repositories(first: 100${affiliations}) { totalCount nodes { nameWithOwner } } } }`;
    const plain = await gql(query(""));
    const all = await gql(
      query(
        ", ownerAffiliations: [OWNER, COLLABORATOR, ORGANIZATION_MEMBER], orderBy: {field: PUSHED_AT, direction: DESC}",
      ),
    );
    expect(plain.body.data.viewer.repositories.totalCount).toBe(9);
    // 9 own (cloud-sync: the release history) + 6 release-lab + 10 pipeline-zoo (both organisations have Mona as admin) + 1 more she is a collaborator or member of.
    expect(all.body.data.viewer.repositories.totalCount).toBe(26);
    const reader = await gql(
      query(", ownerAffiliations: [OWNER, COLLABORATOR, ORGANIZATION_MEMBER]"),
      {},
      READER,
    );
    expect(
      reader.body.data.viewer.repositories.nodes
        .map((node: { nameWithOwner: string }) => node.nameWithOwner)
        .sort(),
    ).toEqual(["octo-maintainer/classic-cli", "release-lab/partial-assets"]);
  });

  it("shows drafts only to writers", async () => {
    const query = `{ repository(owner: "release-lab", name: "draft-app") { releases(first: 10) { nodes { tagName isDraft isLatest } } } }`;
    const admin = await gql(query);
    expect(admin.body.data.repository.releases.nodes).toEqual([
      { tagName: "v1.1.0", isDraft: true, isLatest: false },
      { tagName: "v1.0.0", isDraft: false, isLatest: true },
    ]);
    const reader = await gql(
      `{ repository(owner: "release-lab", name: "partial-assets") { viewerPermission } }`,
      {},
      READER,
    );
    expect(reader.body.data.repository.viewerPermission).toBe("READ");
  });

  it("charges GitHub's cost formula", async () => {
    // refs: 1 request + checkSuites: 100 requests; releases: 1 + assets: 100 => 202 / 100 => 2.
    const query = `{ rateLimit { cost used } repository(owner: "octo-maintainer", name: "healthy-lib") {
      refs(refPrefix: "refs/tags/", first: 100) { nodes { target { ... on Commit { checkSuites(first: 10) { totalCount } } } } }
      releases(first: 100) { nodes { releaseAssets(first: 100) { totalCount } } } } }`;
    const { body, headers } = await gql(query);
    expect(body.data.rateLimit.cost).toBe(2);
    expect(headers.get("x-ratelimit-resource")).toBe("graphql");
    const cheap = await gql(
      `{ a: repository(owner: "octo-maintainer", name: "healthy-lib") { name } b: repository(owner: "release-lab", name: "bulk-tags") { name } rateLimit { cost } }`,
    );
    expect(cheap.body.data.rateLimit.cost).toBe(1);
    expect(cheap.body.data.b.name).toBe("bulk-tags");
  });

  it("answers 401 without a valid token", async () => {
    const response = await fetch(`${sim.url}/graphql`, {
      method: "POST",
      headers: { authorization: "bearer nope" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/graphql",
    });
  });

  it("simulates a GraphQL rate limit the way github.com answers it now", async () => {
    await control("POST", "faults", { graphqlRateLimited: 1 });
    const limited = await gql(`{ viewer { login } }`);
    expect(limited.status).toBe(200);
    expect(limited.body.errors[0]).toMatchObject({
      type: "RATE_LIMIT",
      code: "graphql_rate_limit",
      message: expect.stringMatching(/^API rate limit already exceeded for user ID \d+\.$/),
    });
    expect(limited.headers.get("x-ratelimit-remaining")).not.toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    const after = await gql(`{ viewer { login } }`);
    expect(after.body.data.viewer.login).toBe("octo-maintainer");
    await control("DELETE", "faults");
  });

  it("keeps the older RATE_LIMITED answer as an option", async () => {
    await control("POST", "faults", { graphqlRateLimited: 1, graphqlRateLimitShape: "legacy" });
    const limited = await gql(`{ viewer { login } }`);
    expect(limited.status).toBe(200);
    expect(limited.body.errors[0].type).toBe("RATE_LIMITED");
    expect(limited.body.errors[0].code).toBeUndefined();
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    await control("DELETE", "faults");
  });

  it("fails chosen fields like GitHub's partial FORBIDDEN answers: data next to errors", async () => {
    await control("POST", "faults", { graphqlFieldErrors: ["checkSuites"] });
    const { body } = await gql(
      `{ repository(owner: "octo-maintainer", name: "classic-cli") { name object(expression: "main") { ... on Commit { oid checkSuites(first: 5) { totalCount } } } } }`,
    );
    await control("DELETE", "faults");
    expect(body.data.repository.name).toBe("classic-cli");
    expect(body.data.repository.object.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(body.data.repository.object.checkSuites).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        type: "FORBIDDEN",
        path: ["repository", "object", "checkSuites"],
        message: "Resource not accessible by integration",
      }),
    ]);
  });
});

describe("demo outcomes", () => {
  const suitesOf = async (owner: string, name: string, tag: string) => {
    const { body } = await gql(
      `query($owner: String!, $name: String!, $expr: String!) { repository(owner: $owner, name: $name) { object(expression: $expr) {
        ... on Commit { ...Suites } ... on Tag { target { ... on Commit { ...Suites } } } } } }
      fragment Suites on Commit { checkSuites(first: 20) { nodes { status conclusion branch { name } workflowRun { event file { path } } } } }`,
      { owner, name, expr: tag },
    );
    const object = body.data.repository.object;
    return ((object?.checkSuites ?? object?.target?.checkSuites)?.nodes ?? []) as {
      status: string;
      conclusion: string | null;
      branch: unknown;
      workflowRun: { event: string; file: { path: string } };
    }[];
  };
  const releaseOf = async (owner: string, name: string, tag: string) => {
    const { body } = await gql(
      `query($owner: String!, $name: String!, $tag: String!) { repository(owner: $owner, name: $name) { release(tagName: $tag) {
        isDraft isPrerelease author { login } releaseAssets(first: 100) { totalCount nodes { name } } } } }`,
      { owner, name, tag },
    );
    return body.data.repository.release;
  };
  const tagRuns = async (owner: string, name: string, tag: string) =>
    (await suitesOf(owner, name, `refs/tags/${tag}`)).filter((suite) => suite.branch === null);

  it("produces the documented causes", async () => {
    expect(await tagRuns("octo-maintainer", "failed-build", "v2.1.0")).toMatchObject([
      { status: "COMPLETED", conclusion: "FAILURE" },
    ]);
    expect(await tagRuns("octo-maintainer", "slow-pipeline", "v3.1.0")).toMatchObject([
      { status: "IN_PROGRESS", conclusion: null },
    ]);
    expect(await tagRuns("octo-maintainer", "pattern-mismatch", "1.1.0")).toEqual([]);
    expect(await tagRuns("release-lab", "bulk-tags", "v0.2.0")).toEqual([]);
    expect(await tagRuns("release-lab", "bulk-tags", "v1.0.0")).toHaveLength(1);
    expect(await tagRuns("release-lab", "disabled-workflow", "v1.1.0")).toEqual([]);
    expect(
      (await releaseOf("release-lab", "partial-assets", "v1.1.0")).releaseAssets.totalCount,
    ).toBe(3);
    expect((await releaseOf("octo-maintainer", "healthy-lib", "v2.0.0-rc.1")).isPrerelease).toBe(
      true,
    );
    const tokenRelease = await releaseOf("release-lab", "token-release", "v1.1.0");
    expect(tokenRelease).toMatchObject({
      author: { login: "github-actions[bot]" },
      releaseAssets: { totalCount: 0 },
    });
    const uploaded = await releaseOf("release-lab", "token-release", "v1.0.0");
    expect(uploaded).toMatchObject({
      author: { login: "octo-maintainer" },
      releaseAssets: { totalCount: 6 },
    });
    const goreleaser = await releaseOf("release-lab", "goreleaser-tool", "v1.0.0");
    expect(goreleaser.releaseAssets.totalCount).toBe(7);
    const checksums = await (
      await fetch(`${sim.url}/release-lab/goreleaser-tool/releases/download/v1.0.0/checksums.txt`)
    ).text();
    const lines = checksums.trim().split("\n");
    expect(lines).toHaveLength(7);
    expect(
      lines.some((line) =>
        /^[0-9a-f]{64} {2}goreleaser-tool_1\.0\.0_freebsd_amd64\.tar\.gz$/.test(line),
      ),
    ).toBe(true);
  });
});
