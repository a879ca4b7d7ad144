import { type MessageContent, truncate } from "./content";

// Slack incoming webhook: `text` (the notification's and screen readers' fallback) and Block Kit
// `blocks`: a section (mrkdwn, at most 3,000 characters) and a context line with the links.

export const SLACK_SECTION_LIMIT = 3_000;

/** Slack's mrkdwn control characters, escaped as its docs ask. */
export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function link(url: string, label: string): string {
  // Inside <url|label> a "|" or ">" in the URL would end it early.
  const safeUrl = escapeSlack(url).replaceAll("|", "%7C");
  return `<${safeUrl}|${escapeSlack(label)}>`;
}

/** The incoming webhook's JSON body for one message. */
export function slackPayload(content: MessageContent): Record<string, unknown> {
  const heading = `*${escapeSlack(content.title)}*`;
  const room = SLACK_SECTION_LIMIT - heading.length - 1;
  const sentence = truncate(escapeSlack(content.sentence), room);
  const facts = content.facts.map((fact) => `${fact.name}: *${escapeSlack(fact.value)}*`);
  const links = content.links.map((entry) => link(entry.url, entry.label));
  return {
    text: truncate(`${content.title}: ${content.sentence}`, SLACK_SECTION_LIMIT),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${heading}\n${sentence}` } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: truncate([...facts, ...links].join("  ·  "), SLACK_SECTION_LIMIT),
          },
        ],
      },
    ],
  };
}
