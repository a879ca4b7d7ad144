import type { MessageContent } from "./content";

// Microsoft Teams Workflows webhook ("When a Teams webhook request is received"): a message whose
// attachment is an Adaptive Card 1.4 (the Office 365 connectors' MessageCard is retired). Teams
// takes up to about 28 KB; a card here is far below that.

const COLORS = { problem: "Attention", success: "Good", info: "Accent" } as const;

/** The webhook's JSON body for one message. */
export function teamsPayload(content: MessageContent): Record<string, unknown> {
  return {
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
              text: content.title,
              weight: "Bolder",
              size: "Medium",
              color: COLORS[content.tone],
              wrap: true,
            },
            { type: "TextBlock", text: content.sentence, wrap: true },
            {
              type: "FactSet",
              facts: content.facts.map((fact) => ({ title: fact.name, value: fact.value })),
            },
          ],
          actions: content.links.map((entry) => ({
            type: "Action.OpenUrl",
            title: entry.label,
            url: entry.url,
          })),
        },
      },
    ],
  };
}
