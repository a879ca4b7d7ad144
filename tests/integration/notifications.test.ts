import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import {
  APP_SETTINGS,
  INSTALLATION_ID,
  MAINTAINER_TOKEN,
  OWNER,
  READER_TOKEN,
  useGitHub,
} from "./github";
import { type Caller, nextHeadersOf, type RequestScope, sessionCookie } from "./session";

// Notifications against the simulator: the API as the settings page calls it (admins only, URLs
// never shown back, the secret once), and watch rounds posting to the simulator's message sink,
// which answers as Slack does, limits and deletions included.

const scope = vi.hoisted((): RequestScope => ({ request: null }));
vi.mock("next/headers", () => nextHeadersOf(scope));

const MAINTAINER: Caller = { login: OWNER, token: MAINTAINER_TOKEN };
const READER: Caller = { login: "octo-reader", token: READER_TOKEN };
const APP_URL = "http://localhost:3000";
const REPO = "healthy-lib"; // watch: { redispatch: true }

type Context = { params: Promise<{ owner: string; id?: string }> };
type Handler = (request: Request, context: Context) => Promise<Response>;

let sim: RunningSimulator;
let routes: { GET: Handler; POST: Handler; DELETE: Handler; TEST: Handler };
let watch: typeof import("@/lib/watch/round");
let app: typeof import("@/lib/github/app");
let transport: typeof import("@/lib/notify/transport");
const { control } = simulatorClient(() => sim.url);
const sinkUrl = (name: string) => `${sim.url}/_simulator/sink/${name}`;

beforeAll(async () => {
  // Runs move on quickly: a dispatched run ships within a few seconds.
  sim = await startSimulator({ port: 0, runStepMs: 300 });
  useGitHub(sim.url, {
    ...APP_SETTINGS,
    NEXTAUTH_URL: APP_URL,
    TAGWATCH_CACHE_SECONDS: "0",
    TAGWATCH_ALLOW_LOCAL_WEBHOOKS: "1",
  });
  const list = await import("@/app/api/owners/[owner]/notifications/route");
  const one = await import("@/app/api/owners/[owner]/notifications/[id]/route");
  const test = await import("@/app/api/owners/[owner]/notifications/[id]/test/route");
  routes = { GET: list.GET, POST: list.POST, DELETE: one.DELETE, TEST: test.POST };
  watch = await import("@/lib/watch/round");
  app = await import("@/lib/github/app");
  transport = await import("@/lib/notify/transport");
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  await control("POST", "reset");
});

/** Calls a route as the page does: same origin, the caller's session cookie, JSON. */
async function call(
  handler: Handler,
  method: string,
  path: { owner: string; id?: string; test?: boolean },
  caller: Caller,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; text: string }> {
  const url = `${APP_URL}/api/owners/${path.owner}/notifications${path.id ? `/${path.id}` : ""}${path.test ? "/test" : ""}`;
  const request = new Request(url, {
    method,
    headers: {
      "x-forwarded-host": "localhost:3000",
      ...(method === "GET" ? { "sec-fetch-site": "same-origin" } : { origin: APP_URL }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(caller ? { cookie: await sessionCookie(caller.login, caller.token) } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  scope.request = request;
  const response = await handler(request, {
    params: Promise.resolve({ owner: path.owner, id: path.id }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text };
}

async function addSlack(owner: string, sink: string, events: string[]): Promise<string> {
  const added = await call(routes.POST, "POST", { owner }, MAINTAINER, {
    kind: "slack",
    url: sinkUrl(sink),
    events,
  });
  expect(added.status).toBe(201);
  return added.body.id;
}

async function sinkMessages(name: string): Promise<Json[]> {
  return (await control("GET", `sinks/${name}`)).body.messages;
}

describe("the notifications API", () => {
  it("an admin adds a channel, sees it masked, sends a test message and removes it", async () => {
    const id = await addSlack(OWNER, "releases", ["tag.unshipped", "tag.shipped"]);
    const listed = await call(routes.GET, "GET", { owner: OWNER }, MAINTAINER);
    expect(listed.status).toBe(200);
    expect(listed.body.channels).toEqual([
      {
        id,
        kind: "slack",
        url: `${new URL(sim.url).host}/…ases`,
        events: ["tag.unshipped", "tag.shipped"],
        repositories: [],
        createdAt: expect.any(String),
        lastDelivery: null,
        paused: false,
      },
    ]);
    expect(listed.text).not.toContain("/_simulator/sink/releases");

    const tested = await call(routes.TEST, "POST", { owner: OWNER, id, test: true }, MAINTAINER);
    expect(tested.status).toBe(200);
    expect(tested.body.channel.lastDelivery).toMatchObject({
      status: "delivered",
      httpStatus: 200,
    });
    const [message] = await sinkMessages("releases");
    expect(message).toMatchObject({
      status: 200,
      accepted: true,
      headers: { "user-agent": "tagwatch" },
    });
    expect(message.body.text).toBe(
      "tagwatch can post here for octo-maintainer: This is a test message. tagwatch will post here when a tag of octo-maintainer does not ship, is dispatched, ships, or its release run fails (as the channel's events say).",
    );
    expect(JSON.stringify(message.body)).toContain(`${APP_URL}/settings/octo-maintainer`);

    expect(await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER)).toMatchObject({
      status: 204,
      text: "",
    });
    expect((await call(routes.GET, "GET", { owner: OWNER }, MAINTAINER)).body.channels).toEqual([]);
    expect((await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER)).status).toBe(
      404,
    );
  });

  it("adds one channel for an address, even when the form is sent twice at once", async () => {
    const body = { kind: "slack", url: sinkUrl("releases"), events: ["tag.unshipped"] };
    const answers = await Promise.all(
      [1, 2].map(() => call(routes.POST, "POST", { owner: OWNER }, MAINTAINER, body)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = answers.find((answer) => answer.status === 409);
    expect(refused?.body.error.message).toMatch(
      /^That address is already one of octo-maintainer's channels, added by octo-maintainer on \d{4}-\d{2}-\d{2}\. Remove it first/,
    );
    expect(refused?.text).not.toContain(sinkUrl("releases"));
    const listed = await call(routes.GET, "GET", { owner: OWNER }, MAINTAINER);
    expect(listed.body.channels).toHaveLength(1);
    await call(
      routes.DELETE,
      "DELETE",
      { owner: OWNER, id: listed.body.channels[0].id },
      MAINTAINER,
    );
  });

  it("refuses who is not an admin, with the reason, and keeps nothing", async () => {
    const body = { kind: "slack", url: sinkUrl("releases"), events: ["tag.unshipped"] };
    const otherUser = await call(routes.POST, "POST", { owner: OWNER }, READER, body);
    expect(otherUser.status).toBe(403);
    expect(otherUser.body.error.message).toBe(
      "octo-maintainer is another user's account: only octo-maintainer can set where its notifications go.",
    );
    const notAdmin = await call(routes.POST, "POST", { owner: "release-lab" }, READER, body);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error.message).toMatch(
      /^You \(octo-reader\) are not an administrator of the release-lab organisation/,
    );
    expect((await call(routes.GET, "GET", { owner: "release-lab" }, READER)).status).toBe(403);
    expect(
      (await call(routes.GET, "GET", { owner: "release-lab" }, MAINTAINER)).body.channels,
    ).toEqual([]);
    expect((await call(routes.POST, "POST", { owner: OWNER }, null, body)).status).toBe(401);
    const crossSite = await call(routes.POST, "POST", { owner: OWNER }, MAINTAINER, body, {
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    expect(
      (await call(routes.GET, "GET", { owner: "no-such-owner-anywhere" }, MAINTAINER)).status,
    ).toBe(404);
    expect((await call(routes.GET, "GET", { owner: OWNER }, MAINTAINER)).body.channels).toEqual([]);
  });

  it("answers bad input with a 400 that names the field", async () => {
    const bad = async (body: unknown) =>
      (await call(routes.POST, "POST", { owner: OWNER }, MAINTAINER, body)).body.error?.message;
    expect(await bad({ kind: "irc", url: sinkUrl("x"), events: ["tag.shipped"] })).toBe(
      "kind: one of slack, discord, teams, webhook",
    );
    expect(await bad({ kind: "slack", url: sinkUrl("x"), events: [] })).toBe(
      "events: choose at least one event",
    );
    expect(await bad({ kind: "slack", url: sinkUrl("x"), events: ["tag.lost"] })).toMatch(
      /^events\.0: one of tag\.unshipped, tag\.dispatched/,
    );
    expect(
      await bad({ kind: "slack", url: "https://34.120.44.9/x", events: ["tag.shipped"] }),
    ).toMatch(/url: 34\.120\.44\.9 is not a Slack webhook host/);
    expect(
      await bad({
        kind: "slack",
        url: sinkUrl("x"),
        events: ["tag.shipped"],
        repositories: ["other/*"],
      }),
    ).toMatch(/names another owner/);
    expect(
      await bad({ kind: "slack", url: sinkUrl("x"), events: ["tag.shipped"], extra: 1 }),
    ).toMatch(/extra/);
  });

  it("hands a signed webhook's secret over once, and its messages verify with it", async () => {
    const added = await call(routes.POST, "POST", { owner: OWNER }, MAINTAINER, {
      kind: "webhook",
      url: sinkUrl("pager"),
      events: ["tag.unshipped"],
    });
    expect(added.status).toBe(201);
    const secret: string = added.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await call(routes.GET, "GET", { owner: OWNER }, MAINTAINER);
    expect(listed.text).not.toContain(secret.slice(6));
    // The receiver checks signatures with the secret it was given.
    await control("PUT", "sinks/pager", { platform: "webhook", secret });
    await call(routes.TEST, "POST", { owner: OWNER, id: added.body.id, test: true }, MAINTAINER);
    const [message] = await sinkMessages("pager");
    expect(message).toMatchObject({ status: 204, accepted: true, body: { type: "tagwatch.test" } });
    expect(message.headers["webhook-signature"]).toMatch(/^v1,/);
    await call(routes.DELETE, "DELETE", { owner: OWNER, id: added.body.id }, MAINTAINER);
  });
});

describe("delivery to the sink", () => {
  it("a 429 is waited out as Retry-After says, and the message arrives once", async () => {
    const id = await addSlack(OWNER, "releases", ["tag.unshipped"]);
    await control("POST", "sinks/releases/faults", { rateLimited: 1, retryAfter: 1 });
    const tested = await call(routes.TEST, "POST", { owner: OWNER, id, test: true }, MAINTAINER);
    expect(tested.body.channel.lastDelivery).toMatchObject({ status: "delivered" });
    const messages = await sinkMessages("releases");
    expect(messages.map((message: Json) => message.status)).toEqual([429, 200]);
    expect(Date.parse(messages[1].at) - Date.parse(messages[0].at)).toBeGreaterThanOrEqual(1_000);
    await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER);
  });

  it("a 410 pauses the channel; a test message that arrives resumes it", async () => {
    const id = await addSlack(OWNER, "releases", ["tag.unshipped"]);
    await control("POST", "sinks/releases/gone", { how: "archived" });
    const refused = await call(routes.TEST, "POST", { owner: OWNER, id, test: true }, MAINTAINER);
    expect(refused.body.channel).toMatchObject({
      paused: true,
      lastDelivery: {
        status: "refused",
        httpStatus: 410,
        detail: "410 Gone (channel_is_archived)",
      },
    });
    await control("POST", "sinks/releases/gone", { how: null });
    const resumed = await call(routes.TEST, "POST", { owner: OWNER, id, test: true }, MAINTAINER);
    expect(resumed.body.channel).toMatchObject({
      paused: false,
      lastDelivery: { status: "delivered" },
    });
    await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER);
  });

  it("posts nowhere private without TAGWATCH_ALLOW_LOCAL_WEBHOOKS, before a byte is sent", async () => {
    const send = transport.createTransport({ allowLocal: false });
    for (const url of [
      sinkUrl("releases"),
      sinkUrl("releases").replace("127.0.0.1", "localhost"),
    ]) {
      await expect(send({ url, body: "{}", headers: {} })).rejects.toMatchObject({
        name: "TransportError",
        sent: false,
        message: expect.stringMatching(/private, loopback or link-local/),
      });
    }
    expect(await sinkMessages("releases")).toEqual([]);
  });
});

describe("watch rounds", () => {
  it("a bot-pushed tag is one tag.unshipped and one tag.dispatched message; once it ships, one tag.shipped", async () => {
    const id = await addSlack(OWNER, "releases", [
      "tag.unshipped",
      "tag.dispatched",
      "tag.shipped",
    ]);
    const access = await app.getInstallationClient(await app.getInstallation(INSTALLATION_ID));
    const pushed = await control("POST", "push", {
      owner: OWNER,
      repo: REPO,
      withGithubToken: true,
      tags: ["v2.1.0"],
    });
    expect(pushed.body.runs).toEqual([]);

    const first = await watch.watchRepository(access, `${OWNER}/${REPO}`);
    expect(first.dispatched).toEqual(["v2.1.0"]);
    const titles = async () =>
      (await sinkMessages("releases")).map(
        (message: Json) => message.body.blocks[0].text.text.split("\n")[0],
      );
    expect(await titles()).toEqual([
      "*octo-maintainer/healthy-lib v2.1.0 did not ship*",
      "*tagwatch dispatched the release of octo-maintainer/healthy-lib v2.1.0*",
    ]);
    const [unshipped] = await sinkMessages("releases");
    expect(JSON.stringify(unshipped.body)).toContain(`${APP_URL}/octo-maintainer/healthy-lib`);
    expect(JSON.stringify(unshipped.body)).toMatch(/issues\/\d+\|Tracking issue/);

    // Rounds go on until the dispatched run has released the tag; each says nothing new until then.
    await vi.waitFor(
      async () => {
        await watch.watchRepository(access, `${OWNER}/${REPO}`);
        expect((await titles()).length).toBe(3);
      },
      { timeout: 30_000, interval: 500 },
    );
    await watch.watchRepository(access, `${OWNER}/${REPO}`);
    expect(await titles()).toEqual([
      "*octo-maintainer/healthy-lib v2.1.0 did not ship*",
      "*tagwatch dispatched the release of octo-maintainer/healthy-lib v2.1.0*",
      "*octo-maintainer/healthy-lib v2.1.0 shipped*",
    ]);
    await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER);
  });

  it("a channel added after a problem began does not hear of it", async () => {
    const access = await app.getInstallationClient(await app.getInstallation(INSTALLATION_ID));
    // classic-cli's v0.1.1 and v0.1.2 did not ship days ago.
    const id = await addSlack(OWNER, "releases", ["tag.unshipped"]);
    await watch.watchRepository(access, `${OWNER}/classic-cli`);
    expect(await sinkMessages("releases")).toEqual([]);
    await call(routes.DELETE, "DELETE", { owner: OWNER, id }, MAINTAINER);
  });
});
