import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../server";

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers
type Json = any;

let sim: { url: string; port: number; close(): Promise<void> };
const REPO = "/repos/octo-maintainer/classic-cli";

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

/** A token through the OAuth web flow, with the scopes asked for. */
async function signIn(scope: string): Promise<string> {
  const form = new URLSearchParams({
    client_id: "tagwatch-demo",
    redirect_uri: "http://localhost/cb",
    state: "s",
    scope,
    login: "octo-maintainer",
  });
  const authorize = await fetch(`${sim.url}/login/oauth/authorize`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const exchange = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({
      client_id: "tagwatch-demo",
      client_secret: "tagwatch-demo-secret",
      code,
    }),
  });
  return ((await exchange.json()) as Json).access_token;
}

async function rest(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}/api/v3${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/vnd.github+json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
}

async function control(path: string, body: unknown) {
  const response = await fetch(`${sim.url}/_simulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const DISPATCH_STEP = `      - name: Dispatch the release workflow for the new tag
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          for tag in $(git tag --points-at HEAD); do
            gh workflow run release.yml --ref "$tag" -R "$GITHUB_REPOSITORY"
          done
`;

describe("pull requests, branches and the workflow scope", () => {
  it("refuses a workflow file change from a token without the workflow scope", async () => {
    const token = await signIn("read:user repo");
    const file = await rest(token, "GET", `${REPO}/contents/.github/workflows/auto-release.yml`);
    const put = await rest(token, "PUT", `${REPO}/contents/.github/workflows/auto-release.yml`, {
      message: "x",
      content: Buffer.from("x").toString("base64"),
      sha: file.body.sha,
    });
    expect(put.status).toBe(404);
    expect(put.body.message).toMatch(/without `workflow` scope/);
    // Other files are fine with repo alone.
    const readme = await rest(token, "GET", `${REPO}/contents/README.md`);
    const ok = await rest(token, "PUT", `${REPO}/contents/README.md`, {
      message: "Readme",
      content: Buffer.from("# classic-cli!\n").toString("base64"),
      sha: readme.body.sha,
      branch: "main",
    });
    expect(ok.status).toBe(200);
  });

  it("branch, commit, pull request, merge: the next bot-pushed tag ships through the dispatch step", async () => {
    const token = await signIn("read:user repo workflow");
    const main = await rest(token, "GET", `${REPO}/git/ref/heads/main`);
    expect(main.status).toBe(200);
    const branch = await rest(token, "POST", `${REPO}/git/refs`, {
      ref: "refs/heads/tagwatch/dispatch-release",
      sha: main.body.object.sha,
    });
    expect(branch.status).toBe(201);
    expect((await rest(token, "GET", `${REPO}/branches`)).body.map((b: Json) => b.name)).toContain(
      "tagwatch/dispatch-release",
    );

    const file = await rest(
      token,
      "GET",
      `${REPO}/contents/.github/workflows/auto-release.yml?ref=tagwatch/dispatch-release`,
    );
    const text = Buffer.from(file.body.content, "base64").toString("utf8");
    const stale = await rest(token, "PUT", `${REPO}/contents/.github/workflows/auto-release.yml`, {
      message: "x",
      content: Buffer.from(text).toString("base64"),
      sha: "0".repeat(40),
      branch: "tagwatch/dispatch-release",
    });
    expect(stale.status).toBe(409);
    const put = await rest(token, "PUT", `${REPO}/contents/.github/workflows/auto-release.yml`, {
      message: "Dispatch the release workflow after tagging",
      content: Buffer.from(`${text}${DISPATCH_STEP}`).toString("base64"),
      sha: file.body.sha,
      branch: "tagwatch/dispatch-release",
    });
    expect(put.status).toBe(200);
    // Not on main yet.
    const onMain = await rest(token, "GET", `${REPO}/contents/.github/workflows/auto-release.yml`);
    expect(onMain.body.sha).toBe(file.body.sha);

    const pull = await rest(token, "POST", `${REPO}/pulls`, {
      title: "Dispatch the release workflow",
      head: "tagwatch/dispatch-release",
      base: "main",
      body: "why",
    });
    expect(pull.status).toBe(201);
    expect(pull.body.html_url).toMatch(/\/octo-maintainer\/classic-cli\/pull\/1$/);
    const again = await rest(token, "POST", `${REPO}/pulls`, {
      title: "again",
      head: "tagwatch/dispatch-release",
      base: "main",
    });
    expect(again.status).toBe(422);
    const open = await rest(
      token,
      "GET",
      `${REPO}/pulls?state=open&head=octo-maintainer:tagwatch/dispatch-release`,
    );
    expect(open.body.map((p: Json) => p.number)).toEqual([pull.body.number]);

    // Before the merge, a bot-pushed tag starts nothing.
    const before = await control("push", {
      owner: "octo-maintainer",
      repo: "classic-cli",
      withGithubToken: true,
      tags: ["v0.1.3"],
    });
    expect(before.body.runs).toEqual([]);

    const merged = await control("pulls/merge", {
      owner: "octo-maintainer",
      repo: "classic-cli",
      number: pull.body.number,
    });
    expect(merged.status).toBe(200);
    expect((await rest(token, "GET", `${REPO}/pulls/${pull.body.number}`)).body.merged).toBe(true);

    const after = await control("push", {
      owner: "octo-maintainer",
      repo: "classic-cli",
      withGithubToken: true,
      tags: ["v0.1.4"],
    });
    expect(after.body.runs).toEqual([
      expect.objectContaining({
        workflow: ".github/workflows/release.yml",
        ref: "v0.1.4",
        event: "workflow_dispatch",
      }),
    ]);
    expect(after.body.skipped).toContainEqual({ ref: "v0.1.4", reason: "github-token" });
  });

  it("enables a disabled workflow", async () => {
    const token = await signIn("read:user repo");
    const workflows = await rest(token, "GET", `${REPO}/actions/workflows`);
    const release = workflows.body.workflows.find((w: Json) => w.path.endsWith("release.yml"));
    const enabled = await rest(token, "PUT", `${REPO}/actions/workflows/${release.id}/enable`);
    expect(enabled.status).toBe(204);
  });
});
