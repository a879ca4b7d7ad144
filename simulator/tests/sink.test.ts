import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { demoClient, READER } from "./test-client";

// The message sink answers as each platform's incoming webhook does, keeps what it received,
// and can be told to limit, fail or be gone. Also: Organization.viewerCanAdminister, which
// tagwatch asks before anyone changes where an organisation's notifications go.

let sim: { url: string; close(): Promise<void> };
const { gql, control } = demoClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control("POST", "reset");
});

async function post(
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
  search = "",
) {
  const response = await fetch(`${sim.url}/_simulator/sink/${name}${search}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    text: await response.text(),
  };
}

const SLACK_MESSAGE = {
  text: "acme/rocket v1.2.0 did not ship",
  blocks: [
    { type: "section", text: { type: "mrkdwn", text: "*acme/rocket v1.2.0 did not ship*" } },
  ],
};

describe("message sink", () => {
  it("the demo's Slack-like hook answers ok and keeps the message", async () => {
    expect(await post("releases", SLACK_MESSAGE)).toMatchObject({ status: 200, text: "ok" });
    const { body } = await control("GET", "sinks/releases");
    expect(body).toMatchObject({ name: "releases", platform: "slack", gone: null });
    expect(body.messages).toMatchObject([
      {
        status: 200,
        accepted: true,
        shown: "*acme/rocket v1.2.0 did not ship*",
        body: SLACK_MESSAGE,
      },
    ]);
    const page = await fetch(`${sim.url}/_simulator/sink`);
    expect(await page.text()).toContain("acme/rocket v1.2.0 did not ship");
  });

  it("answers as Slack does: no_text, invalid_blocks beyond 3,000 characters, 429 with Retry-After, 404/410 when gone", async () => {
    expect(await post("releases", { blocks: [] })).toMatchObject({ status: 400, text: "no_text" });
    expect(await post("releases", "{")).toMatchObject({ status: 400, text: "invalid_payload" });
    const long = {
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3_001) } }],
    };
    expect(await post("releases", long)).toMatchObject({ status: 400, text: "invalid_blocks" });

    await control("POST", "sinks/releases/faults", { rateLimited: 1, retryAfter: 2 });
    expect(await post("releases", SLACK_MESSAGE)).toMatchObject({
      status: 429,
      retryAfter: "2",
      text: "rate_limited",
    });
    expect(await post("releases", SLACK_MESSAGE)).toMatchObject({ status: 200 });

    await control("POST", "sinks/releases/gone", { how: "deleted" });
    expect(await post("releases", SLACK_MESSAGE)).toMatchObject({
      status: 404,
      text: "no_service",
    });
    await control("POST", "sinks/releases/gone", { how: "archived" });
    expect(await post("releases", SLACK_MESSAGE)).toMatchObject({
      status: 410,
      text: "channel_is_archived",
    });
    expect(await post("never-made", SLACK_MESSAGE)).toMatchObject({
      status: 404,
      text: "no_service",
    });
  });

  it("answers as Discord does: 204, the message with ?wait=true, 50035 beyond an embed's limits, 10015 when deleted", async () => {
    await control("PUT", "sinks/team-discord", { platform: "discord" });
    const embed = { title: "v1.2.0 did not ship", description: "pushed with GITHUB_TOKEN" };
    expect(await post("team-discord", { embeds: [embed] })).toMatchObject({
      status: 204,
      text: "",
    });
    const waited = await post("team-discord", { embeds: [embed] }, {}, "?wait=true");
    expect(waited.status).toBe(200);
    expect(JSON.parse(waited.text)).toMatchObject({ embeds: [embed] });
    expect(JSON.parse((await post("team-discord", {})).text)).toEqual({
      code: 50006,
      message: "Cannot send an empty message",
    });
    const outsized = await post("team-discord", {
      embeds: [{ title: "t", description: "d".repeat(4_000) }, { description: "d".repeat(2_500) }],
    });
    expect(outsized.status).toBe(400);
    expect(JSON.parse(outsized.text)).toMatchObject({ code: 50035, message: "Invalid Form Body" });
    await control("POST", "sinks/team-discord/faults", { rateLimited: 1, retryAfter: 1.5 });
    const limited = await post("team-discord", { embeds: [embed] });
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.text)).toMatchObject({ retry_after: 1.5, global: false });
    await control("POST", "sinks/team-discord/gone", { how: "deleted" });
    expect(JSON.parse((await post("team-discord", { embeds: [embed] })).text)).toEqual({
      message: "Unknown Webhook",
      code: 10015,
    });
  });

  it("answers as a Teams Workflows webhook does: 202 for any JSON, posting only an Adaptive Card", async () => {
    await control("PUT", "sinks/team-teams", { platform: "teams" });
    const card = {
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: {
            type: "AdaptiveCard",
            version: "1.4",
            body: [{ type: "TextBlock", text: "v1.2.0 shipped" }],
          },
        },
      ],
    };
    expect((await post("team-teams", card)).status).toBe(202);
    expect((await post("team-teams", { text: "an old MessageCard" })).status).toBe(202);
    const { body } = await control("GET", "sinks/team-teams");
    expect(
      body.messages.map((message: { accepted: boolean; shown: string }) => [
        message.accepted,
        message.shown,
      ]),
    ).toEqual([
      [true, "v1.2.0 shipped"],
      [false, "(accepted, but the flow posts nothing: no Adaptive Card attachment)"],
    ]);
  });

  it("a signed-webhook receiver that knows the secret takes only what is signed with it", async () => {
    const secret = `whsec_${Buffer.from("sink test secret of 32 bytes ok!").toString("base64")}`;
    await control("PUT", "sinks/pager", { platform: "webhook", secret });
    const payload = JSON.stringify({
      type: "tag.unshipped",
      timestamp: new Date().toISOString(),
      data: {},
    });
    const at = new Date();
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign("msg_1", at, payload),
    };
    expect((await post("pager", payload, headers)).status).toBe(204);
    expect((await post("pager", `${payload} `, headers)).status).toBe(401);
    const { body } = await control("GET", "sinks/pager");
    expect(body).not.toHaveProperty("secret");
    expect(body.messages[0].headers).toMatchObject({ "webhook-id": "msg_1" });
  });

  it("a reset forgets messages and faults, and keeps the scenario's sinks", async () => {
    await control("PUT", "sinks/extra", { platform: "slack" });
    await post("releases", SLACK_MESSAGE);
    await control("POST", "reset");
    const { body } = await control("GET", "sinks");
    expect(body.sinks).toEqual([{ name: "releases", platform: "slack", gone: null, messages: 0 }]);
  });
});

describe("Organization.viewerCanAdminister", () => {
  const query = /* GraphQL */ `
    query ($login: String!) {
      repositoryOwner(login: $login) { __typename ... on Organization { viewerCanAdminister } }
    }
  `;

  it("is true for the organisation's admins only", async () => {
    const admin = await gql(query, { login: "release-lab" });
    expect(admin.body.data.repositoryOwner).toEqual({
      __typename: "Organization",
      viewerCanAdminister: true,
    });
    const reader = await gql(query, { login: "release-lab" }, READER);
    expect(reader.body.data.repositoryOwner).toEqual({
      __typename: "Organization",
      viewerCanAdminister: false,
    });
    const user = await gql(query, { login: "octo-maintainer" });
    expect(user.body.data.repositoryOwner).toEqual({ __typename: "User" });
  });
});
