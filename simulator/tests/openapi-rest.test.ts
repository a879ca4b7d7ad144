import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { signAppJwt } from "../src/state/app-auth";
import { ghesFile, type RestAnswer, restDescription } from "./openapi/validator";
import { type Json, MAINTAINER, READER, simulatorClient } from "./test-client";

// Every REST answer the simulator gives on the operations tagwatch calls, success and refusal,
// checked against GitHub's OpenAPI description (simulator/openapi/). Both the api.github.com
// paths and the GHES ones (/api/v3, checked against the newest GHES description where it differs).

const dotcom = restDescription("api.github.com.json");
const enterprise = restDescription(ghesFile());
const KEY = readFileSync(
  path.join(import.meta.dirname, "../fixtures/tagwatch-app.test-key.pem"),
  "utf8",
);
const APP_ID = 1104;
const INSTALLATION = 51104;

let sim: { url: string; port: number; close(): Promise<void> };
const { control } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

/** Statuses checked per operation, over both flavours. */
const checked = new Map<string, Set<number>>();

type Flavour = { name: string; prefix: string; ghes: boolean };
const FLAVOURS: Flavour[] = [
  { name: "api.github.com", prefix: "", ghes: false },
  { name: "GitHub Enterprise Server (/api/v3)", prefix: "/api/v3", ghes: true },
];

type Call = {
  status: number;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
};

describe.each(FLAVOURS)("REST answers agree with GitHub's description: $name", (flavour) => {
  const description = flavour.ghes
    ? (operation: string) => (enterprise.operations().includes(operation) ? enterprise : dotcom)
    : () => dotcom;

  async function send(method: string, pathname: string, call: Omit<Call, "status">) {
    const token = call.token === undefined ? MAINTAINER : call.token;
    const response = await fetch(`${sim.url}${flavour.prefix}${pathname}`, {
      method,
      redirect: "manual",
      headers: {
        accept: "application/vnd.github+json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
        ...call.headers,
      },
      body:
        call.body === undefined
          ? undefined
          : typeof call.body === "string"
            ? call.body
            : JSON.stringify(call.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  }

  /** One request on `operation`: it must answer `status`, and agree with the description. */
  async function answer(
    operation: string,
    pathname: string,
    call: Call,
  ): Promise<RestAnswer & { body: Json }> {
    const method = operation.split(" ")[0] ?? "GET";
    const reply = await send(method, pathname, call);
    expect(reply.status, `${operation} ${pathname}: ${JSON.stringify(reply.body)}`).toBe(
      call.status,
    );
    expect(description(operation).check(operation, reply)).toEqual([]);
    const statuses = checked.get(operation) ?? new Set<number>();
    statuses.add(reply.status);
    checked.set(operation, statuses);
    return reply;
  }

  const jwt = () => signAppJwt(APP_ID, KEY);
  async function installationToken(body: unknown = {}): Promise<string> {
    const reply = await send("POST", `/app/installations/${INSTALLATION}/access_tokens`, {
      token: jwt(),
      body,
    });
    return reply.body.token;
  }

  beforeAll(async () => {
    await control("POST", "reset");
  });

  it("the signed-in user", async () => {
    const op = "GET /user";
    const user = await answer(op, "/user", { status: 200 });
    await answer(op, "/user", {
      status: 304,
      headers: { "if-none-match": user.headers.get("etag") ?? "" },
    });
    await answer(op, "/user", { status: 401, token: null });
    await answer(op, "/user", { status: 401, token: "gho_revoked" });
    await answer(op, "/user", { status: 403, token: await installationToken() });
  });

  it("repositories: owner, reader, private, archived, organisation, hidden", async () => {
    const op = "GET /repos/{owner}/{repo}";
    await answer(op, "/repos/octo-maintainer/classic-cli", { status: 200 });
    await answer(op, "/repos/octo-maintainer/classic-cli", { status: 200, token: READER });
    await answer(op, "/repos/octo-maintainer/private-service", { status: 200 });
    await answer(op, "/repos/octo-maintainer/old-archived", { status: 200 });
    await answer(op, "/repos/release-lab/draft-app", { status: 200 });
    await answer(op, "/repos/octo-maintainer/private-service", { status: 404, token: READER });
    await answer(op, "/repos/octo-maintainer/no-such-repo", { status: 404 });
  });

  it("workflows and runs", async () => {
    const workflows = "GET /repos/{owner}/{repo}/actions/workflows";
    await answer(workflows, "/repos/octo-maintainer/classic-cli/actions/workflows", {
      status: 200,
    });
    await answer(workflows, "/repos/release-lab/disabled-workflow/actions/workflows", {
      status: 200,
    });
    await answer(workflows, "/repos/octo-maintainer/private-service/actions/workflows", {
      status: 404,
      token: READER,
    });
    const contentsOnly = await installationToken({ permissions: { contents: "read" } });
    await answer(workflows, "/repos/octo-maintainer/classic-cli/actions/workflows", {
      status: 403,
      token: contentsOnly,
    });
    const runs = "GET /repos/{owner}/{repo}/actions/runs";
    for (const repo of ["classic-cli", "failed-build", "slow-pipeline"])
      await answer(runs, `/repos/octo-maintainer/${repo}/actions/runs?per_page=100`, {
        status: 200,
      });
    await answer(runs, "/repos/pipeline-zoo/workflow-run-chain/actions/runs", { status: 200 });
    await answer(runs, "/repos/octo-maintainer/classic-cli/actions/runs?event=push&branch=v0.1.0", {
      status: 200,
    });
    await answer(runs, "/repos/octo-maintainer/private-service/actions/runs", {
      status: 404,
      token: READER,
    });
    // The release history's read: one workflow's runs.
    const workflowRuns = "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
    await answer(
      workflowRuns,
      "/repos/octo-maintainer/cloud-sync/actions/workflows/release.yml/runs?per_page=100",
      {
        status: 200,
      },
    );
    await answer(
      workflowRuns,
      "/repos/octo-maintainer/classic-cli/actions/workflows/no-such.yml/runs",
      {
        status: 404,
      },
    );
  });

  it("dispatches: accepted, with run details, and GitHub's refusals", async () => {
    const op = "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches";
    const at = (repo: string, workflow = "release.yml") =>
      `/repos/${repo}/actions/workflows/${workflow}/dispatches`;
    await answer(op, at("octo-maintainer/classic-cli"), { status: 204, body: { ref: "v0.1.1" } });
    const details = { ref: "v0.1.2", return_run_details: true };
    if (flavour.ghes) {
      // GHES does not know return_run_details (its description has no 200): it refuses the
      // field, and the client asks again without it.
      await control("POST", "faults", { rejectReturnRunDetails: true });
      await answer(op, at("octo-maintainer/classic-cli"), { status: 422, body: details });
      await control("DELETE", "faults");
    } else {
      await answer(op, at("octo-maintainer/classic-cli"), { status: 200, body: details });
    }
    await answer(op, at("octo-maintainer/pattern-mismatch"), {
      status: 422,
      body: { ref: "1.1.0" },
    });
    await answer(op, at("octo-maintainer/classic-cli"), { status: 422, body: { ref: "v9.9.9" } });
    await answer(op, at("pipeline-zoo/required-input"), { status: 422, body: { ref: "v1.1.0" } });
    await answer(op, at("octo-maintainer/classic-cli", "nope.yml"), {
      status: 404,
      body: { ref: "v0.1.1" },
    });
    await answer(op, at("octo-maintainer/classic-cli"), {
      status: 403,
      token: READER,
      body: { ref: "v0.1.1" },
    });
    await answer(op, at("octo-maintainer/classic-cli"), { status: 400, body: "{" });
  });

  it("re-runs: accepted, too old, running, not allowed, unknown", async () => {
    const runs = async (repo: string) =>
      (await send("GET", `/repos/${repo}/actions/runs?per_page=100`, {})).body
        .workflow_runs as Json[];
    const failed = (await runs("octo-maintainer/failed-build")).filter(
      (run: Json) => run.conclusion === "failure",
    );
    const recent = failed.find((run: Json) => run.head_branch === "v2.1.0");
    const old = failed.find((run: Json) => run.head_branch === "v1.9.0");
    const rerun = "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun";
    const failedJobs = "POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs";
    const at = (id: number, what: string) =>
      `/repos/octo-maintainer/failed-build/actions/runs/${id}/${what}`;
    await answer(failedJobs, at(recent.id, "rerun-failed-jobs"), { status: 201 });
    await answer(failedJobs, at(recent.id, "rerun-failed-jobs"), { status: 403 });
    await answer(rerun, at(recent.id, "rerun"), { status: 403 });
    await answer(rerun, at(old.id, "rerun"), { status: 403 });
    await answer(failedJobs, at(old.id, "rerun-failed-jobs"), { status: 403 });
    await answer(rerun, at(999_999_999, "rerun"), { status: 404 });
    await answer(failedJobs, at(999_999_999, "rerun-failed-jobs"), { status: 404 });
    const classic = (await runs("octo-maintainer/classic-cli")).find(
      (run: Json) => run.status === "completed",
    );
    const path = `/repos/octo-maintainer/classic-cli/actions/runs/${classic.id}`;
    await answer(rerun, `${path}/rerun`, { status: 403, token: READER });
    await answer(rerun, `${path}/rerun`, { status: 201 });
  });

  it("enabling a workflow", async () => {
    const op = "PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable";
    await answer(op, "/repos/release-lab/disabled-workflow/actions/workflows/release.yml/enable", {
      status: 204,
    });
    await answer(op, "/repos/octo-maintainer/classic-cli/actions/workflows/release.yml/enable", {
      status: 403,
      token: READER,
    });
    await answer(op, "/repos/octo-maintainer/classic-cli/actions/workflows/nope.yml/enable", {
      status: 404,
    });
  });

  it("contents: files, folders and the missing", async () => {
    const op = "GET /repos/{owner}/{repo}/contents/{path}";
    const at = (rest: string) => `/repos/octo-maintainer/classic-cli/contents/${rest}`;
    await answer(op, at(".github/workflows/release.yml"), { status: 200 });
    await answer(op, at(".github/workflows/release.yml?ref=v0.1.0"), { status: 200 });
    await answer(op, at(".github/workflows"), { status: 200 });
    await answer(op, at(".github"), { status: 200 });
    await answer(op, at(".github/workflows/nope.yml"), { status: 404 });
    await answer(op, at("README.md?ref=no-such-ref"), { status: 404 });
  });

  it("branches, files and pull requests: what Fix the pipeline does", async () => {
    const repo = "/repos/octo-maintainer/classic-cli";
    const main = await answer(
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      `${repo}/git/ref/heads/main`,
      {
        status: 200,
      },
    );
    await answer("GET /repos/{owner}/{repo}/git/ref/{ref}", `${repo}/git/ref/heads/nope`, {
      status: 404,
    });
    const sha = main.body.object.sha;
    const create = "POST /repos/{owner}/{repo}/git/refs";
    await answer(create, `${repo}/git/refs`, {
      status: 201,
      body: { ref: "refs/heads/tagwatch/fix", sha },
    });
    await answer(create, `${repo}/git/refs`, {
      status: 422,
      body: { ref: "refs/heads/tagwatch/fix", sha },
    });
    const move = "PATCH /repos/{owner}/{repo}/git/refs/{ref}";
    await answer(move, `${repo}/git/refs/heads/tagwatch/fix`, {
      status: 200,
      body: { sha, force: true },
    });
    await answer(move, `${repo}/git/refs/heads/nope`, { status: 422, body: { sha, force: true } });

    const put = "PUT /repos/{owner}/{repo}/contents/{path}";
    const file = (content: string, extra: Json = {}) => ({
      message: "tagwatch: dispatch the release",
      content: Buffer.from(content).toString("base64"),
      branch: "tagwatch/fix",
      ...extra,
    });
    await answer(put, `${repo}/contents/NOTES.md`, { status: 201, body: file("one\n") });
    await answer(put, `${repo}/contents/NOTES.md`, { status: 422, body: file("two\n") });
    await answer(put, `${repo}/contents/NOTES.md`, {
      status: 409,
      body: file("two\n", { sha: "0".repeat(40) }),
    });
    const current = await send("GET", `${repo}/contents/NOTES.md?ref=tagwatch/fix`, {});
    await answer(put, `${repo}/contents/NOTES.md`, {
      status: 200,
      body: file("two\n", { sha: current.body.sha }),
    });
    // Without the `workflow` scope GitHub's contents API refuses workflow files with a 404.
    await answer(put, `${repo}/contents/.github/workflows/extra.yml`, {
      status: 404,
      body: file("on: push\n"),
    });

    const list = "GET /repos/{owner}/{repo}/pulls";
    await answer(list, `${repo}/pulls?state=open&head=octo-maintainer:tagwatch/fix`, {
      status: 200,
    });
    const open = "POST /repos/{owner}/{repo}/pulls";
    const pull = { title: "Dispatch the release", head: "tagwatch/fix", base: "main", body: "Why" };
    await answer(open, `${repo}/pulls`, { status: 201, body: pull });
    await answer(open, `${repo}/pulls`, { status: 422, body: pull });
    await answer(list, `${repo}/pulls?state=open&head=octo-maintainer:tagwatch/fix`, {
      status: 200,
    });
    await answer(list, `${repo}/pulls?state=all`, { status: 200 });
    await answer(create, `${repo}/git/refs`, {
      status: 201,
      body: { ref: "refs/heads/tagwatch/empty", sha },
    });
    await answer(open, `${repo}/pulls`, {
      status: 422,
      body: { ...pull, head: "tagwatch/empty" },
    });
  });

  it("tracking issues and their comments", async () => {
    const repo = "/repos/octo-maintainer/classic-cli";
    const create = "POST /repos/{owner}/{repo}/issues";
    const issue = await answer(create, `${repo}/issues`, {
      status: 201,
      body: { title: "Tags that did not ship", body: "<!-- tagwatch -->", labels: ["tagwatch"] },
    });
    await answer(create, `${repo}/issues`, { status: 422, body: { body: "no title" } });
    await answer(create, `${repo}/issues`, { status: 400, body: "{" });
    await answer(create, "/repos/octo-maintainer/private-service/issues", {
      status: 404,
      token: READER,
      body: { title: "x" },
    });
    const edit = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
    const number = issue.body.number;
    await answer(edit, `${repo}/issues/${number}`, { status: 200, body: { body: "updated" } });
    await answer(edit, `${repo}/issues/${number}`, {
      status: 200,
      body: { state: "closed", state_reason: "completed" },
    });
    await answer(edit, `${repo}/issues/${number}`, { status: 422, body: { state: "gone" } });
    await answer(edit, `${repo}/issues/${number}`, {
      status: 403,
      token: READER,
      body: { body: "x" },
    });
    await answer(edit, `${repo}/issues/99999`, { status: 404, body: { body: "x" } });
    const comment = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
    await answer(comment, `${repo}/issues/${number}/comments`, {
      status: 201,
      body: { body: "Shipped" },
    });
    await answer(comment, `${repo}/issues/${number}/comments`, { status: 422, body: {} });
    await answer(comment, `${repo}/issues/99999/comments`, { status: 404, body: { body: "x" } });
  });

  it("the App: installations, tokens, its repositories", async () => {
    const list = "GET /app/installations";
    await answer(list, "/app/installations", { status: 200, token: jwt() });
    await answer(list, "/app/installations", { status: 401, token: MAINTAINER });
    await answer(list, "/app/installations", { status: 401, token: null });
    const one = "GET /app/installations/{installation_id}";
    await answer(one, `/app/installations/${INSTALLATION}`, { status: 200, token: jwt() });
    await answer(one, "/app/installations/1", { status: 404, token: jwt() });
    const byRepo = "GET /repos/{owner}/{repo}/installation";
    await answer(byRepo, "/repos/octo-maintainer/classic-cli/installation", {
      status: 200,
      token: jwt(),
    });
    await answer(byRepo, "/repos/octo-maintainer/no-tags/installation", {
      status: 404,
      token: jwt(),
    });
    const tokens = "POST /app/installations/{installation_id}/access_tokens";
    const at = `/app/installations/${INSTALLATION}/access_tokens`;
    await answer(tokens, at, { status: 201, token: jwt() });
    await answer(tokens, at, {
      status: 201,
      token: jwt(),
      body: { repositories: ["classic-cli"], permissions: { issues: "write" } },
    });
    await answer(tokens, at, {
      status: 422,
      token: jwt(),
      body: { permissions: { administration: "write" } },
    });
    await answer(tokens, at, { status: 422, token: jwt(), body: { repositories: ["no-tags"] } });
    await answer(tokens, "/app/installations/1/access_tokens", { status: 404, token: jwt() });
    const expired = signAppJwt(APP_ID, KEY, {
      iat: Math.floor(Date.now() / 1000) - 1200,
      exp: Math.floor(Date.now() / 1000) - 600,
    });
    await answer(tokens, at, { status: 401, token: expired });
    const repos = "GET /installation/repositories";
    await answer(repos, "/installation/repositories?per_page=100", {
      status: 200,
      token: await installationToken(),
    });
    await answer(repos, "/installation/repositories", {
      status: 200,
      token: await installationToken({ repositories: ["healthy-lib"] }),
    });
    await answer(repos, "/installation/repositories", { status: 403 });
    await answer(repos, "/installation/repositories", { status: 401, token: "ghs_revoked" });
  });

  it("the App Manifest conversion", async () => {
    const op = "POST /app-manifests/{code}/conversions";
    const code = await manifestCode(flavour.name);
    await answer(op, `/app-manifests/${code}/conversions`, { status: 201, token: null });
    await answer(op, `/app-manifests/${code}/conversions`, { status: 404, token: null });
    await answer(op, "/app-manifests/never-issued/conversions", { status: 404, token: null });
  });
});

/** Creates an App through the manifest flow on the simulator's web pages: the code it hands back. */
async function manifestCode(name: string): Promise<string> {
  const manifest = JSON.stringify({
    name: `tagwatch ${name}`.slice(0, 34),
    url: "http://localhost:3000",
    hook_attributes: { url: "http://127.0.0.1:1/api/github/webhooks" },
    redirect_url: "http://localhost:3000/setup/callback",
    default_permissions: { contents: "read", actions: "write", issues: "write" },
    default_events: ["push", "create", "workflow_run", "release"],
  });
  const response = await fetch(`${sim.url}/settings/apps/new/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ manifest, state: "s", login: "octo-maintainer" }).toString(),
    redirect: "manual",
  });
  const code = new URL(response.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`No code: ${response.status} ${await response.text()}`);
  return code;
}

describe("coverage", () => {
  it("every operation tagwatch calls was answered with a success and checked", () => {
    const unchecked = dotcom
      .operations()
      .filter((operation) => ![...(checked.get(operation) ?? [])].some((status) => status < 300));
    expect(unchecked).toEqual([]);
  });
});
