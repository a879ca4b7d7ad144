import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  deleteChannelState,
  getChannelState,
  getChannels,
  type StoredChannel,
  updateChannels,
} from "./store";
import type { ChannelKind, ChannelView, EventType } from "./types";
import { checkWebhookUrl, maskUrl } from "./webhook-url";

// An owner's channels as the settings page and the API manage them: added (the URL checked,
// a signed webhook's secret made and handed over once), listed without their URLs in full,
// removed.

export const MAX_CHANNELS = 20;
export const MAX_REPOSITORY_GLOBS = 20;

export type NewChannel = {
  kind: ChannelKind;
  url: string;
  events: EventType[];
  repositories?: string[];
};

const GLOB_PART = /^[A-Za-z0-9._*?!{},[\]-]{1,100}$/;

/** Checks `owner/name` globs; a glob naming another owner would never match, so it is refused. */
export function checkRepositoryGlobs(owner: string, globs: string[]): string[] {
  const cleaned = [...new Set(globs.map((glob) => glob.trim()).filter(Boolean))];
  if (cleaned.length > MAX_REPOSITORY_GLOBS) {
    throw new AppError("invalid-input", `repositories: at most ${MAX_REPOSITORY_GLOBS} patterns.`);
  }
  for (const glob of cleaned) {
    const [globOwner, name, ...rest] = glob.split("/");
    if (
      !globOwner ||
      !name ||
      rest.length > 0 ||
      !GLOB_PART.test(globOwner) ||
      !GLOB_PART.test(name)
    ) {
      throw new AppError(
        "invalid-input",
        `repositories: "${glob.slice(0, 100)}" is not an owner/name pattern such as ${owner}/* or ${owner}/cli-*.`,
      );
    }
    if (!/[*?![{]/.test(globOwner) && globOwner.toLowerCase() !== owner.toLowerCase()) {
      throw new AppError(
        "invalid-input",
        `repositories: "${glob}" names another owner; these notifications are ${owner}'s.`,
      );
    }
  }
  return cleaned;
}

/** A new whsec_ secret: 32 random bytes, as Standard Webhooks' secrets are written. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Adds a channel; the secret of a signed webhook is in the answer, and never again. */
export async function addChannel(
  owner: string,
  input: NewChannel,
  createdBy: string,
  now = new Date(),
): Promise<{ id: string; secret?: string }> {
  const url = await checkWebhookUrl(input.kind, input.url, {
    allowLocal: getEnv().allowLocalWebhooks,
  });
  const repositories = checkRepositoryGlobs(owner, input.repositories ?? []);
  const secret = input.kind === "webhook" ? newWebhookSecret() : null;
  const channel: StoredChannel = {
    id: randomUUID(),
    kind: input.kind,
    url: url.toString(),
    secret,
    events: [...new Set(input.events)],
    repositories,
    createdAt: now.toISOString(),
    createdBy,
  };
  await updateChannels(owner, (channels) => {
    // Two channels posting to one address would say everything twice (a double submit, or the
    // same hook added again); GitHub likewise refuses a second webhook with the same URL.
    const same = channels.find((existing) => existing.url === channel.url);
    if (same) {
      throw new AppError(
        "conflict",
        `That address is already one of ${owner}'s channels, added by ${same.createdBy} on ${same.createdAt.slice(0, 10)}. Remove it first to add it with other events or repositories.`,
      );
    }
    if (channels.length >= MAX_CHANNELS) {
      throw new AppError(
        "conflict",
        `${owner} has ${MAX_CHANNELS} channels, the most tagwatch keeps.`,
      );
    }
    return [...channels, channel];
  });
  return secret ? { id: channel.id, secret } : { id: channel.id };
}

/** One of the owner's channels, or a 404. */
export async function getChannel(owner: string, id: string): Promise<StoredChannel> {
  const channel = (await getChannels(owner)).find((candidate) => candidate.id === id);
  if (!channel)
    throw new AppError("not-found", `${owner} has no notification channel ${id.slice(0, 40)}.`);
  return channel;
}

/** Removes one of the owner's channels (a 404 when it has none by that id). */
export async function removeChannel(owner: string, id: string): Promise<void> {
  await updateChannels(owner, (channels) => {
    if (!channels.some((channel) => channel.id === id)) {
      throw new AppError("not-found", `${owner} has no notification channel ${id.slice(0, 40)}.`);
    }
    return channels.filter((channel) => channel.id !== id);
  });
  await deleteChannelState(id);
}

/** A channel as the browser may see it: the URL masked, no secret. */
export async function toChannelView(channel: StoredChannel): Promise<ChannelView> {
  const state = await getChannelState(channel.id);
  return {
    id: channel.id,
    kind: channel.kind,
    url: maskUrl(channel.url),
    events: channel.events,
    repositories: channel.repositories,
    createdAt: channel.createdAt,
    lastDelivery: state.lastDelivery,
    paused: state.paused,
  };
}

/** Every channel of the owner, as the browser may see them. */
export async function listChannelViews(owner: string): Promise<ChannelView[]> {
  return Promise.all((await getChannels(owner)).map(toChannelView));
}
