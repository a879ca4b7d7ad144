"use client";

import { useState } from "react";
import useSWR from "swr";
import { type ChannelList, getChannels, notificationsUrl } from "@/components/client/notifications";
import { buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import type { ChannelView } from "@/lib/notify/types";
import { AddChannelForm } from "./add-channel-form";
import { ChannelCard } from "./channel-card";

type Props = { owner: string; channels: ChannelView[] };

/** An owner's channels and the form that adds one; the list is the server's, re-read after each change. */
export function NotificationSettings({ owner, channels }: Props) {
  const { data, error, mutate } = useSWR<ChannelList>(notificationsUrl(owner), getChannels, {
    fallbackData: { channels },
    revalidateOnFocus: false,
  });
  const [secret, setSecret] = useState<string | null>(null);
  const list = data?.channels ?? channels;
  return (
    <div className="space-y-6">
      <section aria-labelledby="channels-heading" className="space-y-3">
        <h2 id="channels-heading" className="text-base font-semibold">
          Channels
        </h2>
        {error ? (
          <p role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        ) : null}
        {list.length === 0 ? (
          <EmptyState
            title="No channels yet"
            message={`Add one below: tagwatch then posts there when a tag of ${owner} does not ship, is dispatched, ships, or its release run fails.`}
          />
        ) : (
          <ul className="space-y-3">
            {list.map((channel) => (
              <li key={channel.id}>
                <ChannelCard owner={owner} channel={channel} onChange={() => mutate()} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <AddChannelForm
        owner={owner}
        onAdded={async (added) => {
          if (added.secret) setSecret(added.secret);
          await mutate();
        }}
      />
      <Dialog
        open={secret !== null}
        title="The signing secret"
        onClose={() => setSecret(null)}
        footer={
          <button
            type="button"
            onClick={() => setSecret(null)}
            className={buttonClasses("primary")}
          >
            I have stored it
          </button>
        }
      >
        <p>
          Your receiver verifies each message with this secret (Standard Webhooks). tagwatch shows
          it now and never again.
        </p>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded-md bg-canvas-subtle px-2 py-1">
            {secret}
          </code>
          {secret ? <CopyButton text={secret} label="Copy the secret" /> : null}
        </div>
      </Dialog>
    </div>
  );
}
