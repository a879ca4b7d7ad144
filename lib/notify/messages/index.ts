import type { ChannelKind } from "../types";
import type { MessageContent } from "./content";
import { discordPayload } from "./discord";
import { slackPayload } from "./slack";
import { teamsPayload } from "./teams";
import { signatureHeaders, webhookPayload } from "./webhook";

// One message for one channel: the platform's JSON body and, for a signed webhook, its headers.

export { eventContent, type MessageContent, testContent } from "./content";

const PAYLOADS: Record<ChannelKind, (content: MessageContent) => Record<string, unknown>> = {
  slack: slackPayload,
  discord: discordPayload,
  teams: teamsPayload,
  webhook: webhookPayload,
};

export type BuiltMessage = { body: string; headers: Record<string, string> };

/** The request body and headers of `content` for a channel of `kind`. */
export function buildMessage(
  kind: ChannelKind,
  content: MessageContent,
  signing: { secret: string; id: string; at: Date } | null,
): BuiltMessage {
  const body = JSON.stringify(PAYLOADS[kind](content));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (kind === "webhook" && signing) {
    Object.assign(headers, signatureHeaders(signing.secret, signing.id, signing.at, body));
  }
  return { body, headers };
}
