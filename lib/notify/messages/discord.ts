import { type MessageContent, truncate } from "./content";

// Discord webhook: one embed (title at most 256 characters, description 4,096, a field's value
// 1,024, every embed together 6,000), no `content`, and mentions switched off so a tag name such
// as "@everyone" pings nobody.

export const DISCORD_EMBED_LIMIT = 6_000;

const COLORS = { problem: 0xcf222e, success: 0x1a7f37, info: 0x0969da } as const;

/** Discord's markdown characters, escaped so a name renders as written. */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>#[\]]/g, (char) => `\\${char}`);
}

/** The webhook's JSON body for one message. */
export function discordPayload(content: MessageContent): Record<string, unknown> {
  const title = truncate(content.title, 256);
  const footer = "tagwatch";
  const fields = content.facts.map((fact) => ({
    name: fact.name,
    value: truncate(escapeDiscord(fact.value), 1_024),
    inline: true,
  }));
  if (content.links.length > 0) {
    fields.push({
      name: "Links",
      value: truncate(
        content.links.map((entry) => `[${escapeDiscord(entry.label)}](${entry.url})`).join(" · "),
        1_024,
      ),
      inline: false,
    });
  }
  const used =
    title.length +
    footer.length +
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const description = truncate(
    escapeDiscord(content.sentence),
    Math.min(4_096, DISCORD_EMBED_LIMIT - used),
  );
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        description,
        ...(content.links[0] ? { url: content.links[0].url } : {}),
        color: COLORS[content.tone],
        fields,
        footer: { text: footer },
        timestamp: content.at,
      },
    ],
  };
}
