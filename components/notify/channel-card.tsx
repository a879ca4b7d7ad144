"use client";

import { useState } from "react";
import { ApiError } from "@/components/client/api";
import { removeChannel, sendTestMessage } from "@/components/client/notifications";
import { buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatMinuteUtc } from "@/components/ui/format";
import { Label } from "@/components/ui/label";
import { type ChannelView, EVENT_LABELS, KIND_LABELS, type LastDelivery } from "@/lib/notify/types";

type Props = {
  owner: string;
  channel: ChannelView;
  /** The channel changed (a test message was sent) or went (removed): re-read the list. */
  onChange: () => Promise<unknown>;
};

const DELIVERY_WORDS: Record<LastDelivery["status"], string> = {
  delivered: "Delivered",
  "rate-limited": "Rate-limited",
  refused: "Refused",
  failed: "Failed",
  unreachable: "Unreachable",
};

function LastDeliveryLine({ delivery }: { delivery: LastDelivery | null }) {
  if (!delivery) return <p className="text-fg-muted">Never delivered yet.</p>;
  const when = formatMinuteUtc(delivery.at);
  if (delivery.status === "delivered") {
    return (
      <p>
        <span className="font-semibold text-success">Delivered</span>{" "}
        <span className="text-fg-muted">{when}</span>
      </p>
    );
  }
  return (
    <p>
      <span className="font-semibold text-danger">{DELIVERY_WORDS[delivery.status]}</span>{" "}
      <span className="text-fg-muted">{when}:</span> {delivery.detail}
    </p>
  );
}

/** One channel: where it posts (masked), what it takes, how its last delivery went, and its buttons. */
export function ChannelCard({ owner, channel, onChange }: Props) {
  const [busy, setBusy] = useState<"test" | "remove" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: "test" | "remove") {
    setBusy(action);
    setError(null);
    try {
      if (action === "test") await sendTestMessage(owner, channel.id);
      else await removeChannel(owner, channel.id);
      // The list, re-read, says how the test went (or no longer has the channel).
      await onChange();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(null);
    }
  }

  const label = `${KIND_LABELS[channel.kind]} ${channel.url}`;
  return (
    <article aria-label={label} className="space-y-3 rounded-md border border-line p-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{KIND_LABELS[channel.kind]}</h3>
        <code className="break-all text-fg-muted">{channel.url}</code>
        {channel.paused ? <Label tone="danger">Paused</Label> : null}
      </div>
      {channel.paused ? (
        <p className="text-danger">
          Paused: the webhook keeps refusing messages, so tagwatch stopped posting. Check the
          webhook in {KIND_LABELS[channel.kind]}; a test message that arrives resumes the channel.
        </p>
      ) : null}
      <ul className="list-inside list-disc text-fg-muted">
        {channel.events.map((event) => (
          <li key={event}>{EVENT_LABELS[event]}</li>
        ))}
      </ul>
      <p className="text-fg-muted">
        {channel.repositories.length > 0
          ? `Repositories: ${channel.repositories.join(", ")}`
          : `Every repository of ${owner}`}
      </p>
      <LastDeliveryLine delivery={channel.lastDelivery} />
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => run("test")}
          className={buttonClasses("default", "small")}
        >
          {busy === "test" ? "Sending…" : "Send a test message"}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => setConfirming(true)}
          className={buttonClasses("default", "small")}
        >
          Remove
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Remove this channel?"
        confirmLabel="Remove"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run("remove");
        }}
      >
        <p>
          tagwatch stops posting to {label}. The webhook itself stays as it is in{" "}
          {KIND_LABELS[channel.kind]}.
        </p>
      </ConfirmDialog>
    </article>
  );
}
