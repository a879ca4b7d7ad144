import type { EventType, NotifyEvent } from "../types";

// What every message says, before any platform's format: a title, one sentence, a few facts and
// links. The platform renderers (slack.ts, discord.ts, teams.ts, webhook.ts) only lay it out.

export type Tone = "problem" | "success" | "info";

export type MessageContent = {
  type: EventType | "test";
  title: string;
  sentence: string;
  facts: { name: string; value: string }[];
  links: { label: string; url: string }[];
  at: string;
  tone: Tone;
  /** The signed webhook's `data`: the same facts as fields a program reads. */
  data: Record<string, unknown>;
};

const TITLES: Record<EventType, (tag: string, repository: string) => string> = {
  "tag.unshipped": (tag, repository) => `${repository} ${tag} did not ship`,
  "tag.dispatched": (tag, repository) => `tagwatch dispatched the release of ${repository} ${tag}`,
  "tag.shipped": (tag, repository) => `${repository} ${tag} shipped`,
  "run.failed": (tag, repository) => `The release run of ${repository} ${tag} failed`,
};

const TONES: Record<EventType, Tone> = {
  "tag.unshipped": "problem",
  "tag.dispatched": "info",
  "tag.shipped": "success",
  "run.failed": "problem",
};

/** The message for one event. */
export function eventContent(event: NotifyEvent): MessageContent {
  const links = [
    event.links.dashboard ? { label: "Open in tagwatch", url: event.links.dashboard } : null,
    event.links.run ? { label: "Release run", url: event.links.run } : null,
    event.links.issue ? { label: "Tracking issue", url: event.links.issue } : null,
  ].flatMap((link) => (link ? [link] : []));
  return {
    type: event.type,
    title: TITLES[event.type](event.tag, event.repository),
    sentence: event.sentence,
    facts: [
      { name: "Repository", value: event.repository },
      { name: "Tag", value: event.tag },
      { name: "Status", value: event.status },
    ],
    links,
    at: event.at,
    tone: TONES[event.type],
    data: {
      repository: event.repository,
      tag: event.tag,
      status: event.status,
      summary: event.sentence,
      since: event.since,
      links: event.links,
    },
  };
}

/** The "Send a test message" message of an owner's channel. */
export function testContent(owner: string, at: string, settingsUrl: string | null): MessageContent {
  return {
    type: "test",
    title: `tagwatch can post here for ${owner}`,
    sentence: `This is a test message. tagwatch will post here when a tag of ${owner} does not ship, is dispatched, ships, or its release run fails (as the channel's events say).`,
    facts: [{ name: "Owner", value: owner }],
    links: settingsUrl ? [{ label: "Notification settings", url: settingsUrl }] : [],
    at,
    tone: "info",
    data: { owner, links: { settings: settingsUrl } },
  };
}

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
