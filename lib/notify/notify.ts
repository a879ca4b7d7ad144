import "server-only";
import { createHash, randomUUID } from "node:crypto";
import picomatch from "picomatch";
import { getEnv } from "@/lib/env";
import { getStore } from "@/lib/store";
import { type Clock, type DeliveryOutcome, deliver, stateAfter, takeSlot } from "./delivery";
import { eventsOfRound, type RoundFacts } from "./events";
import { buildMessage, eventContent, type MessageContent, testContent } from "./messages";
import {
  type ChannelState,
  claimMessage,
  getChannelState,
  getChannels,
  getMemory,
  paceKey,
  type StoredChannel,
  setChannelState,
  setMemory,
} from "./store";
import { createTransport, type Transport } from "./transport";
import type { ChannelKind, NotifyEvent } from "./types";

// Watch mode's notifications: after a round wrote the tracking issue, its events go to the
// owner's channels that take them, each message once (claimed in the store before it is sent),
// paced per webhook, retried only as delivery.ts allows, within a time budget that keeps the
// round inside its lock.

/** One message per this interval per webhook: Slack allows about 1/s, Discord 30/min per channel. */
const PACE_MS: Record<ChannelKind, number> = {
  slack: 1_000,
  discord: 2_000,
  teams: 1_000,
  webhook: 250,
};
/** The longest a round spends on notifications (the round's lock lasts 120 s). */
const ROUND_BUDGET_MS = 60_000;

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function transport(): Transport {
  return createTransport({ allowLocal: getEnv().allowLocalWebhooks });
}

/** Whether a repository is one of the channel's (`owner/name` globs; none: every one). */
export function takesRepository(channel: Pick<StoredChannel, "repositories">, repository: string) {
  if (channel.repositories.length === 0) return true;
  return picomatch.isMatch(repository, channel.repositories, { nocase: true, dot: true });
}

/**
 * A problem that began this long before a channel was added is still news to it: tag dates have
 * whole seconds and the pusher's clock, and a channel is often added because a tag just failed.
 */
export const NEWS_MARGIN_MS = 15 * 60_000;

/** Whether a channel is told of an event: its type, its repository, and a problem that began (about) after the channel was added. */
export function takesEvent(channel: StoredChannel, event: NotifyEvent): boolean {
  return (
    channel.events.includes(event.type) &&
    takesRepository(channel, event.repository) &&
    Date.parse(event.since) >= Date.parse(channel.createdAt) - NEWS_MARGIN_MS
  );
}

/** Sends one message to one channel and records the outcome; paused channels get nothing. */
async function sendTo(
  channel: StoredChannel,
  content: MessageContent,
  messageId: string,
  deadline: number,
  send: Transport,
): Promise<{ outcome: DeliveryOutcome; state: ChannelState }> {
  const at = new Date(realClock.now());
  const message = buildMessage(
    channel.kind,
    content,
    channel.secret ? { secret: channel.secret, id: messageId, at } : null,
  );
  const outcome = await deliver(
    () => send({ url: channel.url, body: message.body, headers: message.headers }),
    realClock,
    {
      pace: () =>
        takeSlot(
          getStore(),
          paceKey(channel.id),
          PACE_MS[channel.kind],
          realClock,
          Math.max(0, deadline - realClock.now()),
        ),
    },
  );
  const state = stateAfter(await getChannelState(channel.id), outcome);
  await setChannelState(channel.id, state);
  if (outcome.status !== "delivered") {
    // The URL is a secret: the log names the channel by its id only.
    console.warn(
      `tagwatch: notification channel ${channel.id}: ${outcome.status} (${outcome.detail})`,
    );
  }
  return { outcome, state };
}

function messageIdOf(channelId: string, event: NotifyEvent): string {
  const key = [channelId, event.type, event.repository, event.tag].join("\n");
  return `msg_${createHash("sha256").update(key).digest("base64url").slice(0, 24)}`;
}

/** A channel's messages of one round, in order; an unshipped tag whose run failed is one run.failed. */
function messagesFor(channel: StoredChannel, events: NotifyEvent[]) {
  const taken = events.filter((event) => takesEvent(channel, event));
  const failed = new Set(
    taken.filter((event) => event.type === "run.failed").map((event) => event.tag),
  );
  return taken.map((event) => ({
    event,
    // Claimed, so it is never sent later, but said by the run.failed message.
    silent: event.type === "tag.unshipped" && failed.has(event.tag),
  }));
}

async function deliverToChannel(
  channel: StoredChannel,
  events: NotifyEvent[],
  deadline: number,
  send: Transport,
): Promise<void> {
  for (const { event, silent } of messagesFor(channel, events)) {
    if ((await getChannelState(channel.id)).paused) return;
    if (realClock.now() > deadline) return;
    const claimed = await claimMessage(
      channel.id,
      event.type,
      event.repository,
      event.tag,
      event.at,
    );
    if (!claimed || silent) continue;
    await sendTo(channel, eventContent(event), messageIdOf(channel.id, event), deadline, send);
  }
}

/**
 * Tells the repository owner's channels what one watch round found and did. Never throws: the
 * round's issue is written already, and a chat platform's trouble is the channel's to show.
 */
export async function notifyWatchRound(facts: RoundFacts): Promise<void> {
  try {
    const owner = facts.repository.split("/")[0] ?? "";
    const channels = await getChannels(owner);
    // Without channels nothing is remembered: a channel added later hears only of what begins after.
    if (channels.length === 0) return;
    const { events, memory } = eventsOfRound(facts, await getMemory(facts.repository));
    const deadline = realClock.now() + ROUND_BUDGET_MS;
    const send = transport();
    await Promise.all(channels.map((channel) => deliverToChannel(channel, events, deadline, send)));
    await setMemory(facts.repository, memory);
  } catch (error) {
    console.error(`tagwatch: notifications for ${facts.repository} failed:`, error);
  }
}

/** Sends the test message to a channel now (paused or not: one that arrives resumes it). */
export async function sendTestMessage(
  owner: string,
  channel: StoredChannel,
): Promise<ChannelState> {
  const appUrl = getEnv().appUrl;
  const settingsUrl = appUrl ? `${appUrl}/settings/${encodeURIComponent(owner)}` : null;
  const at = new Date(realClock.now()).toISOString();
  const { state } = await sendTo(
    channel,
    testContent(owner, at, settingsUrl),
    `msg_test_${randomUUID().replaceAll("-", "")}`,
    realClock.now() + 30_000,
    transport(),
  );
  return state;
}
