import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { matchesFilters, parseTriggers, pushStarts } from "../src/state/workflow-rules";

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers
type Json = any;

const MAINTAINER = "sim_token_octo-maintainer";
const READER = "sim_token_octo-reader";

let sim: { url: string; port: number; close(): Promise<void> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}, token = MAINTAINER) {
  const response = await fetch(`${sim.url}/api/graphql`, {
    method: "POST",
    headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Json,
  };
}

async function rest(
  method: string,
  pathname: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const token = options.token === undefined ? MAINTAINER : options.token;
  const response = await fetch(`${sim.url}/api/v3${pathname}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as Json,
  };
}

async function control(method: string, pathname: string, body?: unknown) {
  const response = await fetch(`${sim.url}/_simulator/${pathname}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// A superset of the app's repository query (app, creator, workflow state, rateLimit): it checks the
// simulator serves every field GITHUB-FACTS.md names, beyond what tagwatch asks for today.
const HEALTH_QUERY = readFileSync(
  path.join(__dirname, "..", "fixtures", "repository-health.graphql"),
  "utf8",
);

describe("workflow rules", () => {
  it("matches GitHub filter patterns, negations included", () => {
    expect(matchesFilters(["v*"], "v1.0.0")).toBe(true);
    expect(matchesFilters(["v*"], "1.1.0")).toBe(false);
    expect(matchesFilters(["v[0-9]+.[0-9]+.[0-9]+"], "v10.2.3")).toBe(true);
    expect(matchesFilters(["v*", "!v*-rc*"], "v2.0.0-rc.1")).toBe(false);
    expect(matchesFilters(["releases/**"], "releases/a/b")).toBe(true);
    expect(matchesFilters(["releases/*"], "releases/a/b")).toBe(false);
  });

  it("starts tag workflows only for tag filters, branch workflows only for branch filters", () => {
    const release = parseTriggers('on:\n  push:\n    tags: ["v*"]\n  workflow_dispatch:\n');
    const ci = parseTriggers("on:\n  push:\n    branches: [main]\n  pull_request:\n");
    expect(release.workflowDispatch).toBe(true);
    expect(pushStarts(release, { type: "tag", name: "v1.0.0" })).toBe(true);
    expect(pushStarts(release, { type: "branch", name: "main" })).toBe(false);
    expect(pushStarts(ci, { type: "tag", name: "v1.0.0" })).toBe(false);
    expect(pushStarts(ci, { type: "branch", name: "main" })).toBe(true);
    expect(pushStarts(parseTriggers("on: push"), { type: "tag", name: "x" })).toBe(true);
    expect(
      pushStarts(parseTriggers('on:\n  push:\n    tags-ignore: ["v*"]\n'), {
        type: "tag",
        name: "v1",
      }),
    ).toBe(false);
  });
});

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
      tags: ["light"],
      annotated: false,
    });
    const query = `query($after: String) { repository(owner: "octo-maintainer", name: "no-tags") {
      refs(refPrefix: "refs/tags/", first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name target { __typename oid } } } } }`;
    const { body } = await gql(query);
    expect(body.data.repository.refs.nodes[0]).toMatchObject({
      name: "light",
      target: { __typename: "Commit" },
    });
    await control("POST", "reset");
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
    expect(plain.body.data.viewer.repositories.totalCount).toBe(8);
    // 8 own + 6 release-lab + 9 pipeline-zoo (both organisations have Mona as admin).
    expect(all.body.data.viewer.repositories.totalCount).toBe(24);
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

describe("REST", () => {
  it("requires a token", async () => {
    expect((await rest("GET", "/user", { token: null })).body.message).toBe(
      "Requires authentication",
    );
    expect((await rest("GET", "/user", { token: "gho_wrong" })).status).toBe(401);
  });

  it("serves the user, their e-mails and repositories", async () => {
    const user = await rest("GET", "/user");
    expect(user.body).toMatchObject({
      login: "octo-maintainer",
      name: "Mona Maintainer",
      type: "User",
      avatar_url: `${sim.url}/avatars/octo-maintainer.svg`,
    });
    expect(user.headers.get("x-ratelimit-limit")).toBe("5000");
    expect((await rest("GET", "/user/emails")).body[0]).toMatchObject({ primary: true });
    const repos = await rest("GET", "/user/repos?per_page=100", { token: READER });
    expect(repos.body.map((repo: { full_name: string }) => repo.full_name).sort()).toEqual([
      "octo-maintainer/classic-cli",
      "release-lab/partial-assets",
    ]);
    const svg = await fetch(`${sim.url}/avatars/octo-maintainer.svg`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("serves a repository with permissions, and 404 for hidden ones", async () => {
    const repo = await rest("GET", "/repos/octo-maintainer/classic-cli", { token: READER });
    expect(repo.body.permissions).toEqual({
      admin: false,
      maintain: false,
      push: false,
      triage: false,
      pull: true,
    });
    expect(
      (await rest("GET", "/repos/octo-maintainer/private-service", { token: READER })).status,
    ).toBe(404);
  });

  it("answers 304 to a matching If-None-Match without counting it", async () => {
    const first = await rest("GET", "/repos/octo-maintainer/healthy-lib/tags");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const used = Number(first.headers.get("x-ratelimit-used"));
    const second = await rest("GET", "/repos/octo-maintainer/healthy-lib/tags", {
      headers: { "if-none-match": etag },
    });
    expect(second.status).toBe(304);
    expect(Number(second.headers.get("x-ratelimit-used"))).toBe(used);
    const otherToken = await rest("GET", "/repos/octo-maintainer/healthy-lib/tags", {
      token: READER,
      headers: { "if-none-match": etag },
    });
    expect(otherToken.status).toBe(200);
  });

  it("lists tags, releases, assets, workflows, runs, contents and events", async () => {
    const tags = await rest("GET", "/repos/octo-maintainer/healthy-lib/tags");
    expect(tags.body.map((tag: { name: string }) => tag.name)).toEqual([
      "v2.0.0-rc.1",
      "v1.1.0",
      "v1.0.0",
    ]);
    const releases = await rest("GET", "/repos/octo-maintainer/healthy-lib/releases");
    expect(releases.body).toHaveLength(3);
    const byTag = await rest("GET", "/repos/octo-maintainer/healthy-lib/releases/tags/v1.1.0");
    expect(byTag.body).toMatchObject({ tag_name: "v1.1.0", draft: false });
    const assets = await rest(
      "GET",
      `/repos/octo-maintainer/healthy-lib/releases/${byTag.body.id}/assets`,
    );
    expect(assets.body).toHaveLength(6);
    expect(assets.body[0]).toMatchObject({
      state: "uploaded",
      browser_download_url: expect.stringContaining("/releases/download/v1.1.0/"),
    });
    const workflows = await rest("GET", "/repos/release-lab/disabled-workflow/actions/workflows");
    expect(workflows.body.total_count).toBe(2);
    expect(
      workflows.body.workflows.find((workflow: { path: string }) =>
        workflow.path.endsWith("release.yml"),
      ),
    ).toMatchObject({ state: "disabled_manually", name: "Release" });
    const runs = await rest(
      "GET",
      "/repos/octo-maintainer/failed-build/actions/runs?event=push&branch=v2.1.0",
    );
    expect(runs.body.total_count).toBe(1);
    const run = runs.body.workflow_runs[0];
    expect(run).toMatchObject({
      status: "completed",
      conclusion: "failure",
      head_branch: "v2.1.0",
      event: "push",
      run_attempt: 1,
      path: ".github/workflows/release.yml",
      actor: { login: "octo-maintainer" },
    });
    expect(run.html_url).toBe(`${sim.url}/octo-maintainer/failed-build/actions/runs/${run.id}`);
    expect(
      (await rest("GET", `/repos/octo-maintainer/failed-build/actions/runs/${run.id}`)).body.id,
    ).toBe(run.id);
    const byWorkflow = await rest(
      "GET",
      "/repos/octo-maintainer/failed-build/actions/workflows/release.yml/runs?status=failure",
    );
    expect(byWorkflow.body.total_count).toBe(2);
    const contents = await rest(
      "GET",
      "/repos/octo-maintainer/pattern-mismatch/contents/.github/workflows/release.yml?ref=v1.0.0",
    );
    expect(contents.body.encoding).toBe("base64");
    expect(Buffer.from(contents.body.content, "base64").toString()).toContain("tags: ['v*']");
    const events = await rest("GET", "/repos/octo-maintainer/classic-cli/events");
    expect(
      events.body.some(
        (event: { type: string; actor: { login: string } }) =>
          event.type === "CreateEvent" && event.actor.login === "github-actions[bot]",
      ),
    ).toBe(true);
    const bulk = await rest("GET", "/repos/release-lab/bulk-tags/events");
    const created = bulk.body
      .filter((event: { type: string }) => event.type === "CreateEvent")
      .map((event: { payload: { ref: string } }) => event.payload.ref);
    expect(created).toEqual(["v1.0.0"]);
    const limits = await rest("GET", "/rate_limit");
    expect(limits.body.resources.graphql.limit).toBe(5000);
  });
});

describe("pushes", () => {
  beforeEach(async () => {
    await control("POST", "reset");
  });

  it("a tag pushed with GITHUB_TOKEN starts no run; a personal push does", async () => {
    const bot = await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      by: "octo-maintainer",
      withGithubToken: true,
      tags: ["v9.0.0"],
    });
    expect(bot.body.runs).toEqual([]);
    expect(bot.body.skipped).toContainEqual({ ref: "v9.0.0", reason: "github-token" });
    const person = await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      by: "octo-maintainer",
      withGithubToken: false,
      tags: ["v9.1.0"],
    });
    // The new commit's branch push runs CI; the tag push runs the release workflow.
    expect(
      person.body.runs.map(
        (run: { workflow: string; ref: string }) => `${run.ref} ${run.workflow}`,
      ),
    ).toEqual(["main .github/workflows/ci.yml", "v9.1.0 .github/workflows/release.yml"]);
    const run = await rest(
      "GET",
      `/repos/octo-maintainer/healthy-lib/actions/runs/${person.body.runs[1].id}`,
    );
    expect(run.body.status).toBe("queued");
  });

  it("more than three tags in one push start nothing", async () => {
    const push = await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      by: "octo-maintainer",
      withGithubToken: false,
      tags: ["v5.0.0", "v5.0.1", "v5.0.2", "v5.0.3"],
    });
    expect(push.body.runs.filter((run: { ref: string }) => run.ref !== "main")).toEqual([]);
    expect(
      push.body.skipped.every((skip: { reason: string }) => skip.reason === "too-many-tags"),
    ).toBe(true);
  });

  it("a disabled workflow runs nothing", async () => {
    const push = await control("POST", "push", {
      owner: "release-lab",
      repo: "disabled-workflow",
      by: "octo-maintainer",
      withGithubToken: false,
      tags: ["v1.2.0"],
    });
    expect(push.body.runs.filter((run: { ref: string }) => run.ref !== "main")).toEqual([]);
    expect(push.body.skipped).toContainEqual({
      ref: "v1.2.0",
      reason: "workflow-disabled",
      workflow: ".github/workflows/release.yml",
    });
  });
});

describe("dispatch and re-run", () => {
  beforeEach(async () => {
    await control("POST", "reset");
  });

  it("a dispatched run goes queued -> in_progress -> completed and publishes the release", async () => {
    const dispatch = await rest(
      "POST",
      "/repos/octo-maintainer/classic-cli/actions/workflows/release.yml/dispatches",
      {
        body: { ref: "v0.1.2", return_run_details: true },
      },
    );
    expect(dispatch.status).toBe(200);
    const runId = dispatch.body.workflow_run_id;
    expect(dispatch.body.html_url).toBe(
      `${sim.url}/octo-maintainer/classic-cli/actions/runs/${runId}`,
    );
    const seen = new Set<string>();
    await until(async () => {
      const run = await rest("GET", `/repos/octo-maintainer/classic-cli/actions/runs/${runId}`);
      seen.add(run.body.status);
      return run.body.status === "completed" ? run : null;
    });
    expect(seen.has("completed")).toBe(true);
    const run = await rest("GET", `/repos/octo-maintainer/classic-cli/actions/runs/${runId}`);
    expect(run.body).toMatchObject({
      event: "workflow_dispatch",
      head_branch: "v0.1.2",
      conclusion: "success",
      actor: { login: "octo-maintainer" },
    });
    const release = await rest("GET", "/repos/octo-maintainer/classic-cli/releases/tags/v0.1.2");
    expect(release.body.assets).toHaveLength(6);
    const suites =
      await gql(`{ repository(owner: "octo-maintainer", name: "classic-cli") { ref(qualifiedName: "refs/tags/v0.1.2") {
      target { ... on Tag { target { ... on Commit { checkSuites(first: 5) { nodes { branch { name } workflowRun { event } } } } } } } } } }`);
    expect(suites.body.data.repository.ref.target.target.checkSuites.nodes).toEqual([
      { branch: null, workflowRun: { event: "workflow_dispatch" } },
    ]);
  });

  it("a plain dispatch answers 204 and publishes a draft", async () => {
    const dispatch = await rest(
      "POST",
      "/repos/release-lab/draft-app/actions/workflows/release.yml/dispatches",
      { body: { ref: "v1.1.0" } },
    );
    expect(dispatch.status).toBe(204);
    const release = await until(async () => {
      const answer = await rest("GET", "/repos/release-lab/draft-app/releases/tags/v1.1.0");
      return answer.status === 200 ? answer : null;
    });
    expect(release.body.draft).toBe(false);
  });

  it("rejects dispatches GitHub would reject", async () => {
    const url = (repo: string, workflow = "release.yml") =>
      `/repos/${repo}/actions/workflows/${workflow}/dispatches`;
    const noTrigger = await rest("POST", url("octo-maintainer/pattern-mismatch"), {
      body: { ref: "1.1.0" },
    });
    expect(noTrigger).toMatchObject({
      status: 422,
      body: { message: "Workflow does not have 'workflow_dispatch' trigger" },
    });
    const noRef = await rest("POST", url("octo-maintainer/classic-cli"), { body: { ref: "v404" } });
    expect(noRef).toMatchObject({ status: 422, body: { message: "No ref found for: v404" } });
    expect(
      (await rest("POST", url("release-lab/disabled-workflow"), { body: { ref: "v1.1.0" } }))
        .status,
    ).toBe(422);
    expect(
      (
        await rest("POST", url("octo-maintainer/classic-cli"), {
          body: { ref: "v0.1.2" },
          token: READER,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rest("POST", url("octo-maintainer/private-service"), {
          body: { ref: "v1.0.1" },
          token: READER,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await rest("POST", url("octo-maintainer/classic-cli", "nope.yml"), {
          body: { ref: "v0.1.2" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await rest("POST", url("octo-maintainer/classic-cli"), { body: "{not json" })).status,
    ).toBe(400);
    await control("POST", "faults", { rejectReturnRunDetails: true });
    const ghes = await rest("POST", url("octo-maintainer/classic-cli"), {
      body: { ref: "v0.1.2", return_run_details: true },
    });
    expect(ghes.status).toBe(422);
    await control("DELETE", "faults");
  });

  it("re-runs the failed run and ships the release; refuses runs over a month old", async () => {
    const runs = await rest(
      "GET",
      "/repos/octo-maintainer/failed-build/actions/runs?event=push&branch=v2.1.0",
    );
    const runId = runs.body.workflow_runs[0].id;
    expect(
      (
        await rest("POST", `/repos/octo-maintainer/failed-build/actions/runs/${runId}/rerun`, {
          token: READER,
        })
      ).status,
    ).toBe(403);
    const rerun = await rest(
      "POST",
      `/repos/octo-maintainer/failed-build/actions/runs/${runId}/rerun`,
    );
    expect(rerun).toMatchObject({ status: 201, body: {} });
    const again = await rest(
      "POST",
      `/repos/octo-maintainer/failed-build/actions/runs/${runId}/rerun-failed-jobs`,
    );
    expect(again.status).toBe(403);
    const done = await until(async () => {
      const run = await rest("GET", `/repos/octo-maintainer/failed-build/actions/runs/${runId}`);
      return run.body.status === "completed" ? run : null;
    });
    expect(done.body).toMatchObject({ run_attempt: 2, conclusion: "success" });
    const release = await until(async () => {
      const answer = await rest("GET", "/repos/octo-maintainer/failed-build/releases/tags/v2.1.0");
      return answer.status === 200 ? answer : null;
    });
    expect(release.body.assets).toHaveLength(6);
    const old = await rest(
      "GET",
      "/repos/octo-maintainer/failed-build/actions/runs?event=push&branch=v1.9.0",
    );
    const tooOld = await rest(
      "POST",
      `/repos/octo-maintainer/failed-build/actions/runs/${old.body.workflow_runs[0].id}/rerun`,
    );
    expect(tooOld).toMatchObject({
      status: 403,
      body: {
        message: "Unable to re-run this workflow run because it was created over a month ago",
      },
    });
  });
});

describe("OAuth", () => {
  const redirectUri = "http://localhost:3999/api/auth/callback/github";

  async function authorize(login: string) {
    const page = await fetch(
      `${sim.url}/login/oauth/authorize?client_id=tagwatch-demo&redirect_uri=${encodeURIComponent(redirectUri)}&scope=read:user%20repo&state=xyz&response_type=code`,
    );
    const html = await page.text();
    expect(html).toContain("Authorize tagwatch");
    expect(html).toMatch(/<button type="submit">Authorize<\/button>/);
    expect(html).toContain('value="octo-maintainer" checked');
    expect(html).not.toContain("tagwatch-bot");
    const form = new URLSearchParams({
      client_id: "tagwatch-demo",
      redirect_uri: redirectUri,
      state: "xyz",
      scope: "read:user repo",
      login,
    });
    const submitted = await fetch(`${sim.url}/login/oauth/authorize`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    expect(submitted.status).toBe(302);
    const location = new URL(submitted.headers.get("location") as string);
    expect(location.searchParams.get("state")).toBe("xyz");
    return location.searchParams.get("code") as string;
  }

  it("issues a token for a code, with client credentials in HTTP Basic", async () => {
    const code = await authorize("octo-reader");
    const response = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: {
        accept: "application/json",
        authorization: `Basic ${Buffer.from("tagwatch-demo:tagwatch-demo-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        code,
        redirect_uri: redirectUri,
        grant_type: "authorization_code",
      }),
    });
    const token = await response.json();
    expect(token).toMatchObject({ token_type: "bearer", scope: "read:user repo" });
    expect(token.access_token).toMatch(/^gho_[A-Za-z0-9]{36}$/);
    expect((await rest("GET", "/user", { token: token.access_token })).body.login).toBe(
      "octo-reader",
    );
    const tokens = await control("GET", "tokens");
    expect(tokens.body.tokens.map((entry: { token: string }) => entry.token)).toContain(
      token.access_token,
    );
    // Codes are single use.
    const reuse = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({
        client_id: "tagwatch-demo",
        client_secret: "tagwatch-demo-secret",
        code,
      }),
    });
    expect(await reuse.json()).toMatchObject({
      error: "bad_verification_code",
      error_description: "The code passed is incorrect or expired.",
    });
  });

  it("answers form-encoded without Accept: application/json, and 400 for an unknown client", async () => {
    const code = await authorize("octo-maintainer");
    const response = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: "tagwatch-demo",
        client_secret: "tagwatch-demo-secret",
        code,
      }),
    });
    const params = new URLSearchParams(await response.text());
    expect(params.get("access_token")).toMatch(/^gho_/);
    expect((await fetch(`${sim.url}/login/oauth/authorize?client_id=nope`)).status).toBe(400);
  });
});

describe("control API", () => {
  it("logs requests with kind, cost and user, and injects failures", async () => {
    await control("DELETE", "requests");
    await control("POST", "faults", {
      failures: [{ pathPrefix: "/api/v3/user", status: 502, count: 1 }],
    });
    const edge = await fetch(`${sim.url}/api/v3/user`, {
      headers: { authorization: `Bearer ${MAINTAINER}` },
    });
    expect(edge.status).toBe(502);
    expect(edge.headers.get("content-type")).toContain("text/html");
    expect((await rest("GET", "/user")).status).toBe(200);
    await gql(`query Who { viewer { login } }`);
    const { body } = await control("GET", "requests");
    expect(body.requests.map((request: { status: number }) => request.status)).toEqual([
      502, 200, 200,
    ]);
    expect(body.requests[2]).toMatchObject({
      kind: "graphql",
      graphqlCost: 1,
      operationName: "Who",
      user: "octo-maintainer",
    });
    await control("POST", "faults", {
      failures: [{ pathPrefix: "/api/graphql", status: 429, count: 1 }],
    });
    const limited = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${MAINTAINER}` },
      body: "{}",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    await control("DELETE", "faults");
    expect((await control("GET", "health")).body.ok).toBe(true);
  });
});
