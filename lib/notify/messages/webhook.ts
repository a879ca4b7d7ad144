import { Webhook } from "standardwebhooks";
import type { MessageContent } from "./content";

// A generic webhook, signed as the Standard Webhooks spec says (with its maintained package):
// headers webhook-id, webhook-timestamp (Unix seconds) and webhook-signature
// ("v1,<base64 HMAC-SHA256 of id.timestamp.body>"), and a body { type, timestamp, data }.
// The id stays the same when a delivery is retried, so the receiver can drop a repeat.

/** The JSON body for one message. */
export function webhookPayload(content: MessageContent): Record<string, unknown> {
  return {
    type: content.type === "test" ? "tagwatch.test" : content.type,
    timestamp: content.at,
    data: { title: content.title, ...content.data },
  };
}

/** The Standard Webhooks headers for `body`, signed with the channel's whsec_ secret. */
export function signatureHeaders(
  secret: string,
  id: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}
