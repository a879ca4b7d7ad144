// The browser's calls to an owner's notifications API (app/api/owners/[owner]/notifications).

import type { ChannelView } from "@/lib/notify/types";
import { deleteRequest, fetcher, postJson } from "./api";

/** `/api/owners/{owner}/notifications`, or one channel's (and its test's) address below it. */
export function notificationsUrl(owner: string, id?: string, action?: "test"): string {
  const base = `/api/owners/${encodeURIComponent(owner)}/notifications`;
  if (!id) return base;
  return `${base}/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
}

export type ChannelList = { channels: ChannelView[] };

export const getChannels = (url: string) => fetcher<ChannelList>(url);

export type NewChannelInput = {
  kind: ChannelView["kind"];
  url: string;
  events: ChannelView["events"];
  repositories?: string[];
};

/** Adds a channel; a signed webhook's secret comes back this once. */
export function addChannel(owner: string, input: NewChannelInput) {
  return postJson<{ id: string; secret?: string }>(notificationsUrl(owner), input);
}

/** Sends the test message; the channel as it is afterwards (its last delivery, paused or not). */
export function sendTestMessage(owner: string, id: string) {
  return postJson<{ channel: ChannelView }>(notificationsUrl(owner, id, "test"), {});
}

/** Removes a channel. */
export function removeChannel(owner: string, id: string) {
  return deleteRequest(notificationsUrl(owner, id));
}
