import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Client, Receiver } from "@upstash/qstash";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { installationLimit } from "../src/http/rate-limits";
import { signAppJwt } from "../src/state/app-auth";
import { type Json, simulatorClient } from "./test-client";

// An organisation at scale (scenario `scale`): generated repositories, the installation's rate
// limit (GitHub's formula, headers, GraphQL's rateLimit, 403 once used up), the secondary limit on
// content creation, `nodes(ids:)`, and the QStash stand-in next to it.

const INSTALLATION = 61104;
const KEY = readFileSync(path.join(__dirname, "../fixtures/tagwatch-app.test-key.pem"), "utf8");
const ADMIN = "sim_token_scale-admin";

let sim: { url: string; port: number; close(): Promise<void> };
const { control, rest } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: "scale", runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control("POST", "reset");
});

async function gql(query: string, token: string, variables: Record<string, unknown> = {}) {
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

async function installationToken(): Promise<string> {
  const answer = await rest(
    "POST",
    `/app/installations/${INSTALLATION}/access_tokens`,
    signAppJwt(1104, KEY),
  );
  expect(answer.status).toBe(201);
  return answer.body.token as string;
}

/** The installation's repositories (REST), oldest first. */
async function repositories(): Promise<Json[]> {
  const answer = await rest(
    "GET",
    "/installation/repositories?per_page=100",
    await installationToken(),
  );
  return answer.body.repositories;
}

async function generate(count: number, extra: Record<string, unknown> = {}) {
  const answer = await control("POST", "organizations/scale-org/repositories", { count, ...extra });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("a generated organisation", () => {
  it("has the repositories asked for, each with shipped tags, a chosen share with a failed release", async () => {
    expect(await generate(50, { failedShare: 0.1 })).toMatchObject({
      created: 50,
      first: "scale-org/service-00001",
    });
    const listed = await repositories();
    expect(listed).toHaveLength(50);
    const failed: string[] = [];
    for (const repo of listed) {
      const runs = await rest(
        "GET",
        `/repos/scale-org/${repo.name}/actions/runs?event=push`,
        ADMIN,
      );
      const tagRuns = runs.body.workflow_runs.filter((run: Json) =>
        run.head_branch.startsWith("v"),
      );
      expect(tagRuns).toHaveLength(2);
      if (tagRuns.some((run: Json) => run.conclusion === "failure")) failed.push(repo.name);
    }
    expect(failed).toHaveLength(5);
  });

  it("changes an evenly spread share of its repositories: a new tag each, nothing else", async () => {
    await generate(200);
    const { body } = await control("POST", "organizations/scale-org/changes", { share: 0.02 });
    expect(body.changed).toEqual([
      { repository: "scale-org/service-00050", tag: "v0.2.1" },
      { repository: "scale-org/service-00100", tag: "v0.2.1" },
      { repository: "scale-org/service-00150", tag: "v0.2.1" },
      { repository: "scale-org/service-00200", tag: "v0.2.1" },
    ]);
    const tags = await rest("GET", "/repos/scale-org/service-00050/tags", ADMIN);
    expect(tags.body.map((tag: Json) => tag.name)).toContain("v0.2.1");
    expect((await control("POST", "organizations/nobody/changes", { share: 0.1 })).status).toBe(
      404,
    );
    expect((await control("POST", "organizations/scale-org/changes", { share: 2 })).status).toBe(
      400,
    );
  });
});

describe("an installation's rate limit", () => {
  it("grows with its repositories as GitHub's formula says, up to 12,500", () => {
    expect(installationLimit(10, 2)).toBe(5000);
    expect(installationLimit(100, 2)).toBe(9000);
    expect(installationLimit(100, 30)).toBe(9500);
    expect(installationLimit(5000, 2)).toBe(12_500);
  });

  it("is shared by the installation's tokens, in the headers and in GraphQL's rateLimit", async () => {
    await generate(120);
    const first = await installationToken();
    const second = await installationToken();
    const answer = await rest("GET", "/installation/repositories?per_page=1", first);
    expect(answer.headers.get("x-ratelimit-limit")).toBe("10000");
    expect(answer.headers.get("x-ratelimit-used")).toBe("1");
    const again = await rest("GET", "/installation/repositories?per_page=1", second);
    expect(again.headers.get("x-ratelimit-used")).toBe("2");
    const query = await gql("query { rateLimit { limit cost remaining used } }", second);
    expect(query.body.data.rateLimit).toEqual({ limit: 10000, cost: 1, remaining: 9999, used: 1 });
    expect(query.headers.get("x-ratelimit-resource")).toBe("graphql");
  });

  it("once used up, answers 403 with x-ratelimit-remaining 0 and its reset, until a new hour", async () => {
    await generate(30);
    const token = await installationToken();
    const set = await control("POST", "rate-limits", {
      installation: INSTALLATION,
      resource: "core",
      remaining: 1,
    });
    expect(set.body).toMatchObject({ resource: "core", limit: 5500 });
    expect((await rest("GET", "/repos/scale-org/service-00001", token)).status).toBe(200);
    const refused = await rest("GET", "/repos/scale-org/service-00001", token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded/);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    await control("POST", "rate-limits", {
      installation: INSTALLATION,
      resource: "graphql",
      remaining: 0,
    });
    const query = await gql("query { viewer { login } }", token);
    expect(query.status).toBe(200);
    expect(query.body.errors[0]).toMatchObject({ type: "RATE_LIMIT" });
    await control("DELETE", "rate-limits");
    expect((await rest("GET", "/repos/scale-org/service-00001", token)).status).toBe(200);
  });
});

describe("the secondary limit on content creation", () => {
  it("refuses the 81st issue in a minute with 403 and retry-after, and creates nothing", async () => {
    await generate(1);
    const token = await installationToken();
    for (let index = 0; index < 80; index++) {
      const created = await rest("POST", "/repos/scale-org/service-00001/issues", token, {
        title: `Issue ${index}`,
      });
      expect(created.status).toBe(201);
    }
    const refused = await rest("POST", "/repos/scale-org/service-00001/issues", token, {
      title: "One too many",
    });
    expect(refused.status).toBe(403);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/secondary rate limit/);
    const issues = await control("GET", "issues?owner=scale-org&repo=service-00001");
    expect(issues.body.issues).toHaveLength(80);
    // Reading is not content creation.
    expect((await rest("GET", "/repos/scale-org/service-00001/issues", token)).status).toBe(200);
  });
});

describe("nodes(ids:)", () => {
  const QUERY = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Repository { nameWithOwner } } }";

  it("answers each id's repository in order, and null with NOT_FOUND for one it cannot see", async () => {
    await generate(3);
    const ids = (await repositories()).map((repo) => repo.node_id);
    const { body } = await gql(QUERY, ADMIN, { ids: [ids[2], "MDEwOlJlcG9zaXRvcnk5OTk5", ids[0]] });
    expect(body.data.nodes).toEqual([
      { nameWithOwner: "scale-org/service-00003" },
      null,
      { nameWithOwner: "scale-org/service-00001" },
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        path: ["nodes", 1],
        message: "Could not resolve to a node with the global id of 'MDEwOlJlcG9zaXRvcnk5OTk5'",
      }),
    ]);
  });

  it("refuses more than 100 ids", async () => {
    const ids = Array.from({ length: 101 }, (_, index) => `id${index}`);
    const { body } = await gql(QUERY, ADMIN, { ids });
    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({
      type: "ARGUMENT_LIMIT",
      message: "You may not provide more than 100 node ids; you provided 101.",
    });
  });
});

describe("the QStash stand-in", () => {
  let receiver: Server;
  let received: { headers: Record<string, string>; body: string; url: string }[] = [];
  let status = 200;
  let receiverUrl = "";

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          url: request.url ?? "",
          headers: request.headers as Record<string, string>,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/watch/due`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received = [];
    status = 200;
  });

  async function client() {
    const { body } = await control("GET", "qstash");
    return {
      credentials: body,
      qstash: new Client({ baseUrl: body.url, token: body.token, retry: false }),
    };
  }

  it("takes a delayed message from @upstash/qstash and delivers it signed, verifiable by its Receiver", async () => {
    const { credentials, qstash } = await client();
    const published = await qstash.publishJSON({
      url: receiverUrl,
      body: { repository: "scale-org/service-00001" },
      delay: 600,
      deduplicationId: "due-1",
    });
    expect(published.messageId).toMatch(/^msg_/);
    const waiting = await control("GET", "qstash");
    expect(waiting.body.messages).toEqual([
      expect.objectContaining({ url: receiverUrl, state: "CREATED", deduplicationId: "due-1" }),
    ]);
    expect(Date.parse(waiting.body.messages[0].notBefore) - Date.now()).toBeGreaterThan(590_000);
    // Published again with the same deduplication id: accepted, not queued twice.
    const again = await qstash.publishJSON({
      url: receiverUrl,
      body: {},
      deduplicationId: "due-1",
    });
    expect(again.messageId).toBe(published.messageId);
    expect(received).toEqual([]);

    await control("POST", "qstash/deliver");
    expect(received).toHaveLength(1);
    const delivery = received[0] as (typeof received)[number];
    expect(JSON.parse(delivery.body)).toEqual({ repository: "scale-org/service-00001" });
    expect(delivery.headers["content-type"]).toBe("application/json");
    const verifier = new Receiver({
      currentSigningKey: credentials.currentSigningKey,
      nextSigningKey: credentials.nextSigningKey,
    });
    const signature = delivery.headers["upstash-signature"] as string;
    await expect(
      verifier.verify({ signature, body: delivery.body, url: receiverUrl }),
    ).resolves.toBe(true);
    await expect(
      verifier.verify({ signature, body: `${delivery.body} `, url: receiverUrl }),
    ).rejects.toThrow(/body hash/);
    const wrongKeys = new Receiver({ currentSigningKey: "a", nextSigningKey: "b" });
    await expect(wrongKeys.verify({ signature, body: delivery.body })).rejects.toThrow();
  });

  it("retries a delivery the destination refused, and refuses a wrong token or delay", async () => {
    const { qstash } = await client();
    status = 500;
    await qstash.publishJSON({ url: receiverUrl, body: { n: 1 }, retries: 1, delay: 60 });
    await control("POST", "qstash/deliver");
    status = 200;
    await control("POST", "qstash/deliver");
    const { body } = await control("GET", "qstash");
    expect(body.messages[0]).toMatchObject({ state: "DELIVERED", retried: 1 });
    expect(received.map((delivery) => delivery.headers["upstash-retried"])).toEqual(["0", "1"]);

    const wrong = new Client({ baseUrl: body.url, token: "nope", retry: false });
    await expect(wrong.publishJSON({ url: receiverUrl, body: {} })).rejects.toThrow(
      /invalid token/,
    );
    await expect(
      qstash.publishJSON({ url: receiverUrl, body: {}, delay: "soon" as never }),
    ).rejects.toThrow(/Upstash-Delay/);
  });
});
