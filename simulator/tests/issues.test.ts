import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { signAppJwt } from "../src/state/app-auth";
import { type Json, simulatorClient } from "./test-client";

const MAINTAINER = "sim_token_octo-maintainer";
const READER = "sim_token_octo-reader";
const KEY = readFileSync(path.join(__dirname, "../fixtures/tagwatch-app.test-key.pem"), "utf8");
const REPO = "/repos/octo-maintainer/classic-cli";

let sim: { url: string; port: number; close(): Promise<void> };
const { rest } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await fetch(`${sim.url}/_simulator/reset`, { method: "POST" });
});

async function gql(query: string, variables: Record<string, unknown>, token = MAINTAINER) {
  const response = await fetch(`${sim.url}/api/graphql`, {
    method: "POST",
    headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Json;
}

async function appToken(body?: unknown): Promise<string> {
  const response = await fetch(`${sim.url}/api/v3/app/installations/51104/access_tokens`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${signAppJwt(1104, KEY)}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return ((await response.json()) as Json).token;
}

const TRACKING = /* GraphQL */ `
  query Tracking($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      issues(states: [OPEN], labels: ["tagwatch"], first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
        totalCount
        nodes {
          number
          title
          body
          state
          url
          author { login __typename }
          labels(first: 10) { nodes { name color } }
          comments(first: 1) { totalCount }
        }
      }
      issue(number: 1) { number title state stateReason closed }
    }
  }
`;

describe("issues REST", () => {
  it("a maintainer opens a labelled issue (the label is created), edits, comments and closes it", async () => {
    const created = await rest("POST", `${REPO}/issues`, MAINTAINER, {
      title: "Tags that did not ship",
      body: "<!-- tagwatch -->\n- v0.1.2",
      labels: ["tagwatch"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: 1,
      state: "open",
      state_reason: null,
      title: "Tags that did not ship",
      labels: [{ name: "tagwatch", color: "ededed", default: false }],
      user: { login: "octo-maintainer" },
      comments: 0,
      author_association: "OWNER",
    });
    expect(created.body.html_url).toBe(`${sim.url}/octo-maintainer/classic-cli/issues/1`);
    const label = await rest("GET", `${REPO}/labels/tagwatch`, MAINTAINER);
    expect(label.status).toBe(200);

    const edited = await rest("PATCH", `${REPO}/issues/1`, MAINTAINER, {
      body: "<!-- tagwatch -->\n- v0.1.2\n- v0.1.3",
    });
    expect(edited.body.body).toContain("v0.1.3");
    const comment = await rest("POST", `${REPO}/issues/1/comments`, MAINTAINER, {
      body: "v0.1.3 joined",
    });
    expect(comment.status).toBe(201);
    expect((await rest("GET", `${REPO}/issues/1/comments`, MAINTAINER)).body).toHaveLength(1);

    const listed = await rest("GET", `${REPO}/issues?labels=tagwatch&state=open`, MAINTAINER);
    expect(listed.body.map((issue: Json) => issue.number)).toEqual([1]);
    expect(listed.body[0].comments).toBe(1);

    const closed = await rest("PATCH", `${REPO}/issues/1`, MAINTAINER, {
      state: "closed",
      state_reason: "completed",
    });
    expect(closed.body).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(closed.body.closed_at).not.toBeNull();
    expect((await rest("GET", `${REPO}/issues?labels=tagwatch`, MAINTAINER)).body).toEqual([]);
    expect(
      (await rest("GET", `${REPO}/issues?labels=tagwatch&state=closed`, MAINTAINER)).body,
    ).toHaveLength(1);
    const reopened = await rest("PATCH", `${REPO}/issues/1`, MAINTAINER, { state: "open" });
    expect(reopened.body).toMatchObject({ state: "open", state_reason: "reopened" });
  });

  it("validates like GitHub", async () => {
    const missing = await rest("POST", `${REPO}/issues`, MAINTAINER, { body: "no title" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toMatchObject({ code: "missing_field", field: "title" });
    await rest("POST", `${REPO}/labels`, MAINTAINER, { name: "tagwatch", color: "d93f0b" });
    const again = await rest("POST", `${REPO}/labels`, MAINTAINER, { name: "tagwatch" });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].code).toBe("already_exists");
    expect((await rest("GET", `${REPO}/issues/99`, MAINTAINER)).status).toBe(404);
  });

  it("a read-only user opens issues but cannot label, edit others' issues or create labels", async () => {
    await rest("POST", `${REPO}/issues`, MAINTAINER, { title: "Maintainer's" });
    const created = await rest("POST", `${REPO}/issues`, READER, {
      title: "Reader's",
      labels: ["bug"],
    });
    expect(created.status).toBe(201);
    expect(created.body.labels).toEqual([]);
    expect((await rest("PATCH", `${REPO}/issues/1`, READER, { title: "x" })).status).toBe(403);
    expect((await rest("PATCH", `${REPO}/issues/2`, READER, { title: "Mine" })).status).toBe(200);
    expect((await rest("POST", `${REPO}/labels`, READER, { name: "mine" })).status).toBe(403);
  });

  it("pages with a Link header", async () => {
    for (let index = 0; index < 3; index++)
      await rest("POST", `${REPO}/issues`, MAINTAINER, { title: `Issue ${index}` });
    const first = await rest("GET", `${REPO}/issues?per_page=2`, MAINTAINER);
    expect(first.body).toHaveLength(2);
    expect(first.headers.get("link")).toContain('rel="next"');
  });

  it("an installation token writes issues as tagwatch[bot] only where installed", async () => {
    const token = await appToken();
    const created = await rest("POST", `${REPO}/issues`, token, {
      title: "tagwatch: 1 tag did not ship",
      labels: ["tagwatch"],
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ login: "tagwatch[bot]", type: "Bot" });
    expect(created.body.labels.map((label: Json) => label.name)).toEqual(["tagwatch"]);
    const elsewhere = await rest("POST", "/repos/octo-maintainer/slow-pipeline/issues", token, {
      title: "no",
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.message).toBe("Resource not accessible by integration");
    const readOnly = await appToken({ permissions: { contents: "read" } });
    const denied = await rest("POST", `${REPO}/issues`, readOnly, { title: "no" });
    expect(denied.status).toBe(403);
  });

  it("the control API lists issues", async () => {
    await rest("POST", `${REPO}/issues`, MAINTAINER, { title: "One", labels: ["tagwatch"] });
    const response = await fetch(
      `${sim.url}/_simulator/issues?owner=octo-maintainer&repo=classic-cli`,
    );
    const body = (await response.json()) as Json;
    expect(body.issues).toHaveLength(1);
    expect(body.issues[0]).toMatchObject({ repository: "octo-maintainer/classic-cli", number: 1 });
  });
});

describe("issues GraphQL", () => {
  it("finds the open tracking issue by label, with labels and comment count", async () => {
    const token = await appToken();
    await rest("POST", `${REPO}/issues`, token, {
      title: "tagwatch",
      body: "<!-- tagwatch -->",
      labels: ["tagwatch"],
    });
    await rest("POST", `${REPO}/issues`, MAINTAINER, { title: "Unrelated" });
    await rest("POST", `${REPO}/issues/1/comments`, token, { body: "v0.1.3 joined" });
    const answer = await gql(TRACKING, { owner: "octo-maintainer", name: "classic-cli" }, token);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.repository.issues.totalCount).toBe(1);
    expect(answer.data.repository.issues.nodes[0]).toEqual({
      number: 1,
      title: "tagwatch",
      body: "<!-- tagwatch -->",
      state: "OPEN",
      url: `${sim.url}/octo-maintainer/classic-cli/issues/1`,
      author: { login: "tagwatch", __typename: "Bot" },
      labels: { nodes: [{ name: "tagwatch", color: "ededed" }] },
      comments: { totalCount: 1 },
    });
    expect(answer.data.repository.issue).toEqual({
      number: 1,
      title: "tagwatch",
      state: "OPEN",
      stateReason: null,
      closed: false,
    });
  });

  it("requires pagination boundaries on issue connections", async () => {
    const answer = await gql(
      `query { repository(owner: "octo-maintainer", name: "classic-cli") { issues(states: [OPEN]) { totalCount } } }`,
      {},
    );
    expect(answer.errors?.[0]?.type).toBe("MISSING_PAGINATION_BOUNDARIES");
  });
});
