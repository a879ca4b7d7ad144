import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { demoClient, READER, until } from "./test-client";

let sim: { url: string; port: number; close(): Promise<void> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

const { gql, rest, control } = demoClient(() => sim.url);

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
    // A real run of the release workflow on the tag: queued, then on its way (50 ms steps here,
    // so a busy machine may read it at any step).
    expect(run.body).toMatchObject({
      event: "push",
      head_branch: "v9.1.0",
      path: ".github/workflows/release.yml",
    });
    expect(["queued", "in_progress", "completed"]).toContain(run.body.status);
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
    const skipped = push.body.skipped as { ref: string; reason: string }[];
    expect([...new Set(skipped.map((skip) => skip.ref))].sort()).toEqual([
      "v5.0.0",
      "v5.0.1",
      "v5.0.2",
      "v5.0.3",
    ]);
    expect([...new Set(skipped.map((skip) => skip.reason))]).toEqual(["too-many-tags"]);
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

  // The run's states on the way (queued, in_progress) are webhooks.test.ts's: here, where it ends.
  it("a dispatched run completes on the tag as workflow_dispatch and publishes the release", async () => {
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
    const run = await until(async () => {
      const answer = await rest("GET", `/repos/octo-maintainer/classic-cli/actions/runs/${runId}`);
      return answer.body.status === "completed" ? answer : null;
    });
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
    try {
      const ghes = await rest("POST", url("octo-maintainer/classic-cli"), {
        body: { ref: "v0.1.2", return_run_details: true },
      });
      expect(ghes.status).toBe(422);
    } finally {
      await control("DELETE", "faults");
    }
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
