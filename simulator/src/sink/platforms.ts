import { Webhook } from "standardwebhooks";
import { json, type Reply } from "../http/reply";
// A JSON object body, {} when empty, null otherwise: as GitHub reads one.
import { parseBody as parseJson } from "../rest/context";

// How each platform answers a POST to one of its incoming webhooks, modelled on their documented
// behaviour: Slack answers "ok" or a plain-text error word (invalid_payload, no_text,
// invalid_blocks, no_service for a deleted hook, channel_is_archived with 410, rate_limited with
// Retry-After); Discord 204 (200 and the message with ?wait=true) or JSON errors with codes
// (50006 empty message, 50035 invalid form body, 10015 unknown webhook, 429 with retry_after);
// Teams' Workflows 202 for any JSON (a 2xx is no proof the card was posted: the flow posts it
// later, or fails); a Standard Webhooks receiver checks the signature when it knows the secret.

export type Platform = "slack" | "discord" | "teams" | "webhook";

/** What the sink is told to do instead of taking the next messages. */
export type SinkFaults = { rateLimited: number; retryAfter: number; serverErrors: number };

export type PlatformAnswer = {
  reply: Reply;
  accepted: boolean;
  /** What the platform would show: the message's text, or why it would not post. */
  shown: string;
};

type Incoming = { body: string; headers: Record<string, string>; search: URLSearchParams };

const SLACK_SECTION_LIMIT = 3_000;

function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "text/html", ...headers }, body };
}

// biome-ignore lint/suspicious/noExplicitAny: payloads are free-form JSON, checked field by field
type Loose = any;

function slack(incoming: Incoming): PlatformAnswer {
  // JSON, or a form with the JSON in `payload` (the older way Slack still takes).
  const form = new URLSearchParams(incoming.body).get("payload");
  const payload = parseJson(incoming.body) ?? (form ? parseJson(form) : null);
  const refuse = (word: string) => ({ reply: text(400, word), accepted: false, shown: word });
  if (!payload) return refuse("invalid_payload");
  const blocks = payload.blocks as Loose;
  const hasText = typeof payload.text === "string" && payload.text.trim() !== "";
  if (!hasText && (!Array.isArray(blocks) || blocks.length === 0)) return refuse("no_text");
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length > 50) return refuse("invalid_blocks");
    for (const block of blocks) {
      const sectionText = block?.type === "section" ? block.text?.text : undefined;
      if (typeof sectionText === "string" && sectionText.length > SLACK_SECTION_LIMIT)
        return refuse("invalid_blocks");
    }
  }
  const shown = Array.isArray(blocks)
    ? blocks
        .flatMap((block: Loose) =>
          block?.type === "section"
            ? [block.text?.text]
            : (block?.elements ?? []).map((element: Loose) => element?.text),
        )
        .filter((part: unknown) => typeof part === "string")
        .join("\n")
    : String(payload.text);
  return { reply: text(200, "ok"), accepted: true, shown };
}

function discordInvalid(errors: Record<string, string>): PlatformAnswer {
  return {
    reply: json(400, { code: 50035, message: "Invalid Form Body", errors }),
    accepted: false,
    shown: `Invalid Form Body: ${Object.keys(errors).join(", ")}`,
  };
}

function discord(incoming: Incoming): PlatformAnswer {
  const payload = parseJson(incoming.body);
  if (!payload) {
    return {
      reply: json(400, { code: 50109, message: "The request body contains invalid JSON." }),
      accepted: false,
      shown: "invalid JSON",
    };
  }
  const content = typeof payload.content === "string" ? payload.content : "";
  const embeds = (Array.isArray(payload.embeds) ? payload.embeds : []) as Loose[];
  if (!content && embeds.length === 0) {
    return {
      reply: json(400, { code: 50006, message: "Cannot send an empty message" }),
      accepted: false,
      shown: "empty message",
    };
  }
  if (content.length > 2_000) return discordInvalid({ content: "at most 2000 characters" });
  if (embeds.length > 10) return discordInvalid({ embeds: "at most 10 embeds" });
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const fields = (Array.isArray(embed?.fields) ? embed.fields : []) as Loose[];
    const parts = [
      [embed?.title, 256, "title"],
      [embed?.description, 4_096, "description"],
      [embed?.footer?.text, 2_048, "footer.text"],
      ...fields.flatMap((field, at) => [
        [field?.name, 256, `fields.${at}.name`],
        [field?.value, 1_024, `fields.${at}.value`],
      ]),
    ] as [unknown, number, string][];
    if (fields.length > 25) return discordInvalid({ [`embeds.${index}.fields`]: "at most 25" });
    for (const [value, max, name] of parts) {
      if (typeof value !== "string") continue;
      if (value.length > max)
        return discordInvalid({ [`embeds.${index}.${name}`]: `at most ${max} characters` });
      total += value.length;
    }
  }
  if (total > 6_000) return discordInvalid({ embeds: "at most 6000 characters in all" });
  const shown = [
    content,
    ...embeds.map((embed) => `${embed?.title ?? ""}\n${embed?.description ?? ""}`),
  ]
    .filter(Boolean)
    .join("\n");
  const reply =
    incoming.search.get("wait") === "true"
      ? json(200, { id: String(Date.now()), type: 0, content, embeds })
      : { status: 204, headers: {}, body: "" };
  return { reply, accepted: true, shown };
}

function teams(incoming: Incoming): PlatformAnswer {
  const payload = parseJson(incoming.body);
  if (!payload) {
    return {
      reply: json(400, {
        error: { code: "InvalidRequestContent", message: "The request content is not valid JSON." },
      }),
      accepted: false,
      shown: "invalid JSON",
    };
  }
  // Accepted either way; only an Adaptive Card attachment would be posted by the flow.
  const attachments = (Array.isArray(payload.attachments) ? payload.attachments : []) as Loose[];
  const card = attachments.find(
    (entry) =>
      entry?.contentType === "application/vnd.microsoft.card.adaptive" &&
      entry?.content?.type === "AdaptiveCard",
  )?.content;
  const shown = card
    ? ((card.body ?? []) as Loose[])
        .filter((element) => element?.type === "TextBlock")
        .map((element) => String(element.text))
        .join("\n")
    : "(accepted, but the flow posts nothing: no Adaptive Card attachment)";
  return { reply: { status: 202, headers: {}, body: "" }, accepted: Boolean(card), shown };
}

function webhook(incoming: Incoming, secret: string | null): PlatformAnswer {
  if (secret) {
    try {
      new Webhook(secret).verify(incoming.body, incoming.headers);
    } catch (error) {
      const message = error instanceof Error ? error.message : "invalid signature";
      return { reply: json(401, { error: message }), accepted: false, shown: message };
    }
  }
  if (!parseJson(incoming.body)) {
    return { reply: json(400, { error: "not JSON" }), accepted: false, shown: "not JSON" };
  }
  return { reply: { status: 204, headers: {}, body: "" }, accepted: true, shown: incoming.body };
}

/** The answer of a hook that was deleted (or its channel archived). */
export function goneAnswer(platform: Platform, how: "deleted" | "archived"): PlatformAnswer {
  const reply =
    platform === "slack"
      ? how === "archived"
        ? text(410, "channel_is_archived")
        : text(404, "no_service")
      : platform === "discord"
        ? json(404, { message: "Unknown Webhook", code: 10015 })
        : platform === "teams"
          ? json(404, {
              error: { code: "WorkflowNotFound", message: "The workflow was not found." },
            })
          : json(how === "archived" ? 410 : 404, {
              error: how === "archived" ? "Gone" : "Not Found",
            });
  return { reply, accepted: false, shown: `hook ${how}` };
}

/** The answer while the platform limits this hook (429 with Retry-After). */
export function rateLimitedAnswer(platform: Platform, retryAfter: number): PlatformAnswer {
  const headers = { "retry-after": String(retryAfter) };
  const reply =
    platform === "slack"
      ? text(429, "rate_limited", headers)
      : platform === "discord"
        ? json(
            429,
            { message: "You are being rate limited.", retry_after: retryAfter, global: false },
            headers,
          )
        : json(
            429,
            { error: { code: "TooManyRequests", message: "Rate limit is exceeded." } },
            headers,
          );
  return { reply, accepted: false, shown: "rate limited" };
}

/** A platform's passing failure (500). */
export function serverErrorAnswer(platform: Platform): PlatformAnswer {
  const reply =
    platform === "slack"
      ? text(500, "rollup_error")
      : json(500, { message: "500: Internal Server Error", code: 0 });
  return { reply, accepted: false, shown: "server error" };
}

/** How `platform` answers a message it receives. */
export function platformAnswer(
  platform: Platform,
  incoming: Incoming,
  secret: string | null,
): PlatformAnswer {
  switch (platform) {
    case "slack":
      return slack(incoming);
    case "discord":
      return discord(incoming);
    case "teams":
      return teams(incoming);
    case "webhook":
      return webhook(incoming, secret);
  }
}
