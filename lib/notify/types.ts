// Notifications' words, shared by the settings page, the API, the message builders and delivery.

/** Where a channel posts: a chat platform's incoming webhook, or any URL signed by Standard Webhooks. */
export const CHANNEL_KINDS = ["slack", "discord", "teams", "webhook"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** What a channel can be told, in the order the settings page offers them. */
export const EVENT_TYPES = [
  "tag.unshipped",
  "tag.dispatched",
  "tag.shipped",
  "run.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const KIND_LABELS: Record<ChannelKind, string> = {
  slack: "Slack",
  discord: "Discord",
  teams: "Microsoft Teams",
  webhook: "Signed webhook",
};

export const EVENT_LABELS: Record<EventType, string> = {
  "tag.unshipped": "A tag did not ship (after its grace period)",
  "tag.dispatched": "tagwatch dispatched a tag's release workflow",
  "tag.shipped": "A tag that did not ship has shipped",
  "run.failed": "A release run failed",
};

/** One thing that happened to one tag, as every platform's message is built from it. */
export type NotifyEvent = {
  type: EventType;
  /** "owner/name" */
  repository: string;
  tag: string;
  /** The tag's status label now ("Not triggered", "Run failed", "Shipped", ...). */
  status: string;
  /** What happened, in one sentence. */
  sentence: string;
  /** When the tag's problem began; a channel hears only of problems that began after it was added. */
  since: string;
  /** When tagwatch noticed. */
  at: string;
  links: {
    /** The repository's page on tagwatch, when the deployment's URL is known. */
    dashboard: string | null;
    run: string | null;
    issue: string | null;
  };
};

/** What a delivery came to, as the settings page shows it. */
export type DeliveryStatus =
  | "delivered"
  /** The platform kept answering 429 beyond what tagwatch waits. */
  | "rate-limited"
  /** 4xx: the webhook is gone (404/410) or refuses the message. */
  | "refused"
  /** 5xx after the retries. */
  | "failed"
  /** No connection, or no answer in time. */
  | "unreachable";

export type LastDelivery = {
  at: string;
  status: DeliveryStatus;
  /** The platform's HTTP status, when it answered. */
  httpStatus: number | null;
  /** A short, secret-free description for the settings page. */
  detail: string;
};

/** A channel as the API and the settings page show it: never its URL in full, never a secret. */
export type ChannelView = {
  id: string;
  kind: ChannelKind;
  /** The host and the last 4 characters. */
  url: string;
  events: EventType[];
  /** `owner/name` globs; empty: every repository of the owner. */
  repositories: string[];
  createdAt: string;
  lastDelivery: LastDelivery | null;
  /** tagwatch stopped posting: the webhook kept refusing (lastDelivery says how). A test message that arrives resumes it. */
  paused: boolean;
};
