import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { type Json, simulatorClient } from "./test-client";

// The demo's pipeline-zoo organisation over HTTP: what the REST dispatch endpoint accepts and
// refuses, what each dispatch ships, the dispatch log, and live release bots and chains.

const TOKEN = "sim_token_octo-maintainer";
let sim: { url: string; close(): Promise<void> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 40 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control("POST", "reset");
});

const client = simulatorClient(() => sim.url);
const { control } = client;
const rest = (method: string, pathname: string, body?: unknown) =>
  client.rest(method, pathname, TOKEN, body);

async function until<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
  // Room for a busy machine: runs take a few steps of runStepMs each.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const dispatch = (repo: string, file: string, body: unknown) =>
  rest("POST", `/repos/pipeline-zoo/${repo}/actions/workflows/${file}/dispatches`, body);

/** The release of `tag` once a run has published it (assets uploaded), else null. */
const shipped = (repo: string, tag: string) =>
  until(async () => {
    const answer = await rest("GET", `/repos/pipeline-zoo/${repo}/releases/tags/${tag}`);
    return answer.status === 200 && answer.body.assets.length > 0 ? answer.body : null;
  });

async function runCompleted(repo: string, id: number) {
  return until(async () => {
    const run = await rest("GET", `/repos/pipeline-zoo/${repo}/actions/runs/${id}`);
    return run.body.status === "completed" ? run.body : null;
  });
}

describe("dispatch inputs over REST", () => {
  it("refuses a missing required input, an undeclared one or a bad boolean", async () => {
    const missing = await dispatch("required-input", "release.yml", { ref: "v1.1.0" });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("Required input 'tag' not provided");
    const unexpected = await dispatch("required-input", "release.yml", {
      ref: "v1.1.0",
      inputs: { tag: "v1.1.0", version: "1.1.0" },
    });
    expect(unexpected.status).toBe(422);
    expect(unexpected.body.message).toBe('Unexpected inputs provided: ["version"]');
    const boolean = await dispatch("manual-deploy", "deployment.yml", {
      ref: "main",
      inputs: { tag_name: "v1.2.0", release: "maybe" },
    });
    expect(boolean.status).toBe(422);
    // Refused dispatches start nothing and are not logged.
    expect((await control("GET", "dispatches")).body.dispatches).toEqual([]);
  });

  it("a dispatch with the tag filled in ships that tag and is logged with its inputs", async () => {
    const answer = await dispatch("required-input", "release.yml", {
      ref: "v1.1.0",
      inputs: { tag: "v1.1.0" },
      return_run_details: true,
    });
    expect(answer.status).toBe(200);
    const release = await shipped("required-input", "v1.1.0");
    expect(release.assets).toHaveLength(6);
    const log = (await control("GET", "dispatches")).body.dispatches;
    expect(log).toEqual([
      {
        owner: "pipeline-zoo",
        repo: "required-input",
        workflow: ".github/workflows/release.yml",
        ref: "v1.1.0",
        inputs: { tag: "v1.1.0" },
        by: "octo-maintainer",
        at: expect.any(String),
        runId: answer.body.workflow_run_id,
      },
    ]);
    await control("POST", "reset");
    expect((await control("GET", "dispatches")).body.dispatches).toEqual([]);
  });

  it("the dry-run default builds and publishes nothing; the version publishes it", async () => {
    const rehearsal = await dispatch("dry-run-default", "release.yml", {
      ref: "0.5.0",
      return_run_details: true,
    });
    expect(rehearsal.status).toBe(200);
    const run = await runCompleted("dry-run-default", rehearsal.body.workflow_run_id);
    expect(run.conclusion).toBe("success");
    expect(
      (await rest("GET", "/repos/pipeline-zoo/dry-run-default/releases/tags/0.5.0")).status,
    ).toBe(404);
    expect((await control("GET", "dispatches")).body.dispatches[0].inputs).toEqual({
      tag: "dry-run",
    });
    await dispatch("dry-run-default", "release.yml", { ref: "0.5.0", inputs: { tag: "0.5.0" } });
    expect((await shipped("dry-run-default", "0.5.0")).assets).toHaveLength(6);
  });

  it("deployment.yml: release=false (a JSON boolean) ships nothing; a tag_name ships that tag", async () => {
    const off = await dispatch("manual-deploy", "deployment.yml", {
      ref: "main",
      inputs: { tag_name: "v1.2.0", release: false },
      return_run_details: true,
    });
    expect(off.status).toBe(200);
    await runCompleted("manual-deploy", off.body.workflow_run_id);
    expect(
      (await rest("GET", "/repos/pipeline-zoo/manual-deploy/releases/tags/v1.2.0")).status,
    ).toBe(404);
    expect((await control("GET", "dispatches")).body.dispatches[0].inputs).toEqual({
      tag_name: "v1.2.0",
      environment: "production",
      release: "false",
    });
    await dispatch("manual-deploy", "deployment.yml", {
      ref: "main",
      inputs: { tag_name: "1.2.0" },
    });
    expect((await shipped("manual-deploy", "v1.2.0")).assets).toHaveLength(6);
  });
});

describe("live pipelines", () => {
  it("re-running release-please's failed branch run ships the tag it had pushed", async () => {
    const runs = await rest(
      "GET",
      "/repos/pipeline-zoo/release-please-bot/actions/runs?branch=main&status=failure",
    );
    const [failed] = runs.body.workflow_runs;
    expect(failed).toMatchObject({ event: "push", path: ".github/workflows/release-please.yml" });
    const tags = await rest("GET", "/repos/pipeline-zoo/release-please-bot/tags");
    expect(tags.body.find((tag: Json) => tag.name === "v1.2.0").commit.sha).toBe(failed.head_sha);
    const rerun = await rest(
      "POST",
      `/repos/pipeline-zoo/release-please-bot/actions/runs/${failed.id}/rerun`,
    );
    expect(rerun.status).toBe(201);
    expect((await shipped("release-please-bot", "v1.2.0")).assets).toHaveLength(6);
  });

  it("a push to main runs the release bot, which tags the pushed commit and releases it", async () => {
    const push = await control("POST", "push", {
      owner: "pipeline-zoo",
      repo: "release-please-bot",
      by: "octo-maintainer",
      tags: [],
      message: "chore(main): release 1.3.0",
      botTags: { "release-please.yml": "v1.3.0" },
    });
    expect(push.status).toBe(200);
    const botRun = push.body.runs.find((run: Json) => run.workflow.endsWith("release-please.yml"));
    expect(botRun).toMatchObject({ ref: "main", event: "push" });
    const release = await shipped("release-please-bot", "v1.3.0");
    expect(release.author.login).toBe("github-actions[bot]");
    const tag = await rest("GET", "/repos/pipeline-zoo/release-please-bot/tags");
    expect(tag.body.find((entry: Json) => entry.name === "v1.3.0").commit.sha).toBe(
      push.body.commit,
    );
  });

  it("a tag pushed to the chain runs CI, then Release on workflow_run, which ships the tag", async () => {
    const push = await control("POST", "push", {
      owner: "pipeline-zoo",
      repo: "workflow-run-chain",
      tags: ["v1.3.0"],
    });
    expect(push.body.runs.map((run: Json) => run.event)).toEqual(["push"]);
    await shipped("workflow-run-chain", "v1.3.0");
    const runs = await rest(
      "GET",
      "/repos/pipeline-zoo/workflow-run-chain/actions/runs?event=workflow_run",
    );
    expect(runs.body.workflow_runs[0]).toMatchObject({
      path: ".github/workflows/release.yml",
      head_branch: "main",
      head_sha: push.body.commit,
    });
  });

  it("the chained Release run's check suite is on the tag's commit (tagged at the head)", async () => {
    const answer = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ repository(owner: "pipeline-zoo", name: "workflow-run-chain") {
          ref(qualifiedName: "refs/tags/v1.2.0") { target { ... on Tag { target { ... on Commit {
            checkSuites(first: 10) { nodes { conclusion branch { name }
              workflowRun { event workflow { name } } } } } } } } } } }`,
      }),
    });
    const body = (await answer.json()) as Json;
    const suites = body.data.repository.ref.target.target.checkSuites.nodes;
    expect(
      suites.map((suite: Json) => [
        suite.workflowRun.workflow.name,
        suite.workflowRun.event,
        suite.branch?.name ?? null,
      ]),
    ).toEqual([
      ["Tests", "push", null],
      ["Release", "workflow_run", "main"],
    ]);
  });
});
