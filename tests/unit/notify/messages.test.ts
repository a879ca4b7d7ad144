import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { eventContent, testContent } from "@/lib/notify/messages/content";
import { DISCORD_EMBED_LIMIT, discordPayload } from "@/lib/notify/messages/discord";
import { buildMessage } from "@/lib/notify/messages/index";
import { SLACK_SECTION_LIMIT, slackPayload } from "@/lib/notify/messages/slack";
import { teamsPayload } from "@/lib/notify/messages/teams";
import { webhookPayload } from "@/lib/notify/messages/webhook";
import type { NotifyEvent } from "@/lib/notify/types";

// Each platform's message for one event, field by field as the platform reads it (golden
// payloads), the platforms' size limits with an outsized cause, and the signed webhook checked
// with the standardwebhooks package's own verifier.

const UNSHIPPED: NotifyEvent = {
  type: "tag.unshipped",
  repository: "acme/rocket",
  tag: "v1.2.0",
  status: "Not triggered",
  sentence:
    "v1.2.0 was pushed by github-actions[bot] with GITHUB_TOKEN, so no workflow started for it.",
  since: "2026-12-01T08:30:00.000Z",
  at: "2026-12-01T08:31:00.000Z",
  links: {
    dashboard: "https://tagwatch.example/acme/rocket",
    run: null,
    issue: "https://github.com/acme/rocket/issues/7",
  },
};

function withSentence(sentence: string): NotifyEvent {
  return { ...UNSHIPPED, sentence };
}

describe("Slack", () => {
  it("posts a text fallback, a section with the title and cause, and a context line with links", () => {
    expect(slackPayload(eventContent(UNSHIPPED))).toEqual({
      text: "acme/rocket v1.2.0 did not ship: v1.2.0 was pushed by github-actions[bot] with GITHUB_TOKEN, so no workflow started for it.",
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*acme/rocket v1.2.0 did not ship*\nv1.2.0 was pushed by github-actions[bot] with GITHUB_TOKEN, so no workflow started for it.",
          },
        },
        {
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: "Repository: *acme/rocket*  ·  Tag: *v1.2.0*  ·  Status: *Not triggered*  ·  <https://tagwatch.example/acme/rocket|Open in tagwatch>  ·  <https://github.com/acme/rocket/issues/7|Tracking issue>",
            },
          ],
        },
      ],
    });
  });

  it("escapes Slack's control characters, so a cause cannot make a link or a mention", () => {
    const payload = slackPayload(eventContent(withSentence("a <!channel> & <https://evil|x>")));
    const section = (payload.blocks as { text?: { text: string } }[])[0]?.text?.text ?? "";
    expect(section).toContain("a &lt;!channel&gt; &amp; &lt;https://evil|x&gt;");
    expect(section).not.toContain("<!channel>");
  });

  it("keeps the section within 3,000 characters however long the cause", () => {
    const payload = slackPayload(eventContent(withSentence("x".repeat(10_000))));
    const section = (payload.blocks as { text?: { text: string } }[])[0]?.text?.text ?? "";
    expect(section.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
    expect(section.endsWith("…")).toBe(true);
    expect((payload.text as string).length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
  });
});

describe("Discord", () => {
  it("posts one embed with fields and links, and mentions switched off", () => {
    expect(discordPayload(eventContent(UNSHIPPED))).toEqual({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: "acme/rocket v1.2.0 did not ship",
          // Markdown characters escaped: the bot's name and the token's are shown as written.
          description:
            "v1.2.0 was pushed by github-actions\\[bot\\] with GITHUB\\_TOKEN, so no workflow started for it.",
          url: "https://tagwatch.example/acme/rocket",
          color: 0xcf222e,
          fields: [
            { name: "Repository", value: "acme/rocket", inline: true },
            { name: "Tag", value: "v1.2.0", inline: true },
            { name: "Status", value: "Not triggered", inline: true },
            {
              name: "Links",
              value:
                "[Open in tagwatch](https://tagwatch.example/acme/rocket) · [Tracking issue](https://github.com/acme/rocket/issues/7)",
              inline: false,
            },
          ],
          footer: { text: "tagwatch" },
          timestamp: "2026-12-01T08:31:00.000Z",
        },
      ],
    });
  });

  it("keeps the embed within 6,000 characters and each part within its own limit", () => {
    const payload = discordPayload(eventContent(withSentence("y".repeat(20_000))));
    const [embed] = payload.embeds as {
      title: string;
      description: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    }[];
    if (!embed) throw new Error("no embed");
    const total =
      embed.title.length +
      embed.description.length +
      embed.footer.text.length +
      embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_EMBED_LIMIT);
    expect(embed.description.length).toBeLessThanOrEqual(4_096);
  });
});

describe("Microsoft Teams", () => {
  it("posts an Adaptive Card 1.4 in attachments, as Workflows webhooks take it", () => {
    expect(teamsPayload(eventContent(UNSHIPPED))).toEqual({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              {
                type: "TextBlock",
                text: "acme/rocket v1.2.0 did not ship",
                weight: "Bolder",
                size: "Medium",
                color: "Attention",
                wrap: true,
              },
              { type: "TextBlock", text: UNSHIPPED.sentence, wrap: true },
              {
                type: "FactSet",
                facts: [
                  { title: "Repository", value: "acme/rocket" },
                  { title: "Tag", value: "v1.2.0" },
                  { title: "Status", value: "Not triggered" },
                ],
              },
            ],
            actions: [
              {
                type: "Action.OpenUrl",
                title: "Open in tagwatch",
                url: "https://tagwatch.example/acme/rocket",
              },
              {
                type: "Action.OpenUrl",
                title: "Tracking issue",
                url: "https://github.com/acme/rocket/issues/7",
              },
            ],
          },
        },
      ],
    });
  });
});

describe("signed webhook (Standard Webhooks)", () => {
  const secret = `whsec_${Buffer.from("a 32-byte secret for the tests!!").toString("base64")}`;

  it("posts { type, timestamp, data } with the event's facts", () => {
    expect(webhookPayload(eventContent(UNSHIPPED))).toEqual({
      type: "tag.unshipped",
      timestamp: "2026-12-01T08:31:00.000Z",
      data: {
        title: "acme/rocket v1.2.0 did not ship",
        repository: "acme/rocket",
        tag: "v1.2.0",
        status: "Not triggered",
        summary: UNSHIPPED.sentence,
        since: "2026-12-01T08:30:00.000Z",
        links: UNSHIPPED.links,
      },
    });
    expect(webhookPayload(testContent("acme", UNSHIPPED.at, null))).toMatchObject({
      type: "tagwatch.test",
    });
  });

  it("is signed so that standardwebhooks' verifier accepts it, and nothing altered", () => {
    const at = new Date();
    const message = buildMessage("webhook", eventContent(UNSHIPPED), {
      secret,
      id: "msg_2fj3Xr8",
      at,
    });
    expect(message.headers["webhook-id"]).toBe("msg_2fj3Xr8");
    expect(message.headers["webhook-timestamp"]).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(message.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verifier = new Webhook(secret);
    expect(verifier.verify(message.body, message.headers)).toEqual(JSON.parse(message.body));
    expect(() => verifier.verify(`${message.body} `, message.headers)).toThrow();
    expect(() =>
      verifier.verify(message.body, { ...message.headers, "webhook-id": "msg_other" }),
    ).toThrow();
    const otherSecret = `whsec_${Buffer.from("another secret of 32 bytes long!").toString("base64")}`;
    expect(() => new Webhook(otherSecret).verify(message.body, message.headers)).toThrow();
  });

  it("adds no signature headers to chat platforms' messages", () => {
    const message = buildMessage("slack", eventContent(UNSHIPPED), null);
    expect(message.headers).toEqual({ "content-type": "application/json" });
  });
});
