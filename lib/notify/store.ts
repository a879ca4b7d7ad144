import "server-only";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/store";
import { getSealedJson, setSealedJson } from "@/lib/store/sealed-entry";
import { storeKeyOf } from "@/lib/store/shared-cache";
import type { NotifyMemory } from "./events";
import type { ChannelKind, EventType, LastDelivery } from "./types";

// Notifications' state in the shared store, every instance seeing the same. Keys are hashes (no
// owner or repository name in the store); channels (their URLs and secrets) and the memory of
// problem tags are sealed with the store's key. Per owner: the channels. Per channel: the last
// delivery and whether it is paused. Per repository: the problem tags it remembers. Per
// (channel, event, repository, tag): the claim that makes each message go out once.

/** A channel as stored: the URL and the signing secret never leave the server. */
export type StoredChannel = {
  id: string;
  kind: ChannelKind;
  url: string;
  /** The whsec_ secret of a signed webhook; null for the chat platforms. */
  secret: string | null;
  events: EventType[];
  repositories: string[];
  createdAt: string;
  createdBy: string;
};

export type ChannelState = {
  lastDelivery: LastDelivery | null;
  /** 4xx answers in a row (429 aside). */
  refusals: number;
  paused: boolean;
};

export const EMPTY_STATE: ChannelState = { lastDelivery: null, refusals: 0, paused: false };

const DAY_SECONDS = 24 * 60 * 60;
/** How long a sent message is remembered: longer than any tag stays news. */
const CLAIM_TTL_SECONDS = 400 * DAY_SECONDS;
const LOCK_SECONDS = 10;
const LOCK_WAIT_MS = 5_000;

const channelsKey = (owner: string) => storeKeyOf("notify-channels", owner.toLowerCase());
const stateKey = (id: string) => storeKeyOf("notify-state", id);
const memoryKey = (repository: string) => storeKeyOf("notify-memory", repository.toLowerCase());

/** The store key prefix of a channel's send slots (delivery.ts's takeSlot). */
export const paceKey = (id: string) => storeKeyOf("notify-pace", id);

/** Every channel of an owner (a user or an organisation). */
export async function getChannels(owner: string): Promise<StoredChannel[]> {
  return (await getSealedJson<StoredChannel[]>(channelsKey(owner))) ?? [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Changes an owner's channels, one change at a time across instances, and reads the result back:
 * a store that did not keep it is a 503, not a channel that silently disappears.
 */
export async function updateChannels(
  owner: string,
  change: (channels: StoredChannel[]) => StoredChannel[],
): Promise<StoredChannel[]> {
  const store = getStore();
  const lock = `${channelsKey(owner)}:lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!(await store.setIfAbsent(lock, "1", { ttlSeconds: LOCK_SECONDS }))) {
    if (Date.now() > deadline) {
      throw new AppError(
        "conflict",
        "Another change to these notifications is under way. Try again.",
      );
    }
    await sleep(50);
  }
  try {
    const changed = change(await getChannels(owner));
    await setSealedJson(channelsKey(owner), changed);
    const kept = await getChannels(owner);
    if (JSON.stringify(kept.map((c) => c.id)) !== JSON.stringify(changed.map((c) => c.id))) {
      throw new AppError(
        "github-unavailable",
        "tagwatch's shared store did not keep the change. Try again in a moment.",
      );
    }
    return changed;
  } finally {
    await store.delete(lock);
  }
}

/** A channel's last delivery and pause. */
export async function getChannelState(id: string): Promise<ChannelState> {
  return (await getSealedJson<ChannelState>(stateKey(id))) ?? EMPTY_STATE;
}

export async function setChannelState(id: string, state: ChannelState): Promise<void> {
  await setSealedJson(stateKey(id), state);
}

export async function deleteChannelState(id: string): Promise<void> {
  await getStore().delete(stateKey(id));
}

/** The problem tags a repository's notifications remember. */
export async function getMemory(repository: string): Promise<NotifyMemory> {
  return (await getSealedJson<NotifyMemory>(memoryKey(repository))) ?? {};
}

export async function setMemory(repository: string, memory: NotifyMemory): Promise<void> {
  await setSealedJson(memoryKey(repository), memory, CLAIM_TTL_SECONDS);
}

/** Claims one message; true for the one caller (of any instance) that may send it. */
export function claimMessage(
  channelId: string,
  type: EventType,
  repository: string,
  tag: string,
  at: string,
): Promise<boolean> {
  const key = storeKeyOf(
    "notify-sent",
    [channelId, type, repository.toLowerCase(), tag].join("\n"),
  );
  return getStore().setIfAbsent(key, at, { ttlSeconds: CLAIM_TTL_SECONDS });
}
