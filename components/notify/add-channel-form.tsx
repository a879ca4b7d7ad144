"use client";

import { useId, useState } from "react";
import { ApiError } from "@/components/client/api";
import { addChannel } from "@/components/client/notifications";
import { buttonClasses } from "@/components/ui/button";
import { FIELD_CLASSES } from "@/components/ui/field";
import {
  CHANNEL_KINDS,
  type ChannelKind,
  EVENT_LABELS,
  EVENT_TYPES,
  type EventType,
  KIND_LABELS,
} from "@/lib/notify/types";

type Props = {
  owner: string;
  /** The channel was added; `secret` is a signed webhook's, to be shown this once. */
  onAdded: (added: { id: string; secret?: string }) => Promise<unknown>;
};

const EXAMPLES: Record<ChannelKind, string> = {
  slack: "https://hooks.slack.com/services/…",
  discord: "https://discord.com/api/webhooks/…",
  teams: "https://….logic.azure.com/workflows/…",
  webhook: "https://your-receiver.example.com/tagwatch",
};

const HINTS: Record<ChannelKind, string> = {
  slack: "An incoming webhook of a Slack app (Features → Incoming Webhooks).",
  discord: "A channel's webhook (Edit channel → Integrations → Webhooks).",
  teams: 'A Workflows webhook ("Post to a channel when a webhook request is received").',
  webhook: "Any https endpoint; messages are signed (Standard Webhooks) with a secret shown once.",
};

/** Globs typed as a list: commas, spaces or lines between them. */
function parseGlobs(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The form that adds a channel: kind, URL, events, and optionally which repositories. */
export function AddChannelForm({ owner, onAdded }: Props) {
  const [kind, setKind] = useState<ChannelKind>("slack");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventType[]>([...EVENT_TYPES]);
  const [repositories, setRepositories] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { kind: useId(), url: useId(), repositories: useId(), hint: useId() };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const globs = parseGlobs(repositories);
      const added = await addChannel(owner, {
        kind,
        url,
        events,
        ...(globs.length > 0 ? { repositories: globs } : {}),
      });
      setUrl("");
      setRepositories("");
      await onAdded(added);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      aria-label="Add a channel"
      onSubmit={submit}
      className="space-y-4 rounded-md border border-line p-4 text-sm"
    >
      <h2 className="text-base font-semibold">Add a channel</h2>
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <div className="space-y-1">
          <label htmlFor={ids.kind} className="block font-semibold">
            Kind
          </label>
          <select
            id={ids.kind}
            value={kind}
            onChange={(event) => setKind(event.target.value as ChannelKind)}
            className={FIELD_CLASSES}
          >
            {CHANNEL_KINDS.map((option) => (
              <option key={option} value={option}>
                {KIND_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.url} className="block font-semibold">
            Webhook URL
          </label>
          <input
            id={ids.url}
            type="url"
            required
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder={EXAMPLES[kind]}
            aria-describedby={ids.hint}
            className={FIELD_CLASSES}
          />
          <p id={ids.hint} className="text-fg-muted">
            {HINTS[kind]} tagwatch keeps it encrypted and shows only its host and last 4 characters.
          </p>
        </div>
      </div>
      <fieldset className="space-y-1">
        <legend className="font-semibold">Events</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(event) =>
                setEvents((chosen) =>
                  event.target.checked
                    ? EVENT_TYPES.filter(
                        (candidate) => candidate === type || chosen.includes(candidate),
                      )
                    : chosen.filter((candidate) => candidate !== type),
                )
              }
            />
            {EVENT_LABELS[type]}
          </label>
        ))}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={ids.repositories} className="block font-semibold">
          Repositories (optional)
        </label>
        <input
          id={ids.repositories}
          value={repositories}
          onChange={(event) => setRepositories(event.target.value)}
          placeholder={`${owner}/*`}
          spellCheck={false}
          className={FIELD_CLASSES}
        />
        <p className="text-fg-muted">
          owner/name patterns such as {owner}/cli-*, separated by commas. Empty: every repository.
        </p>
      </div>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy || events.length === 0}
        className={buttonClasses("primary")}
      >
        {busy ? "Adding…" : "Add channel"}
      </button>
    </form>
  );
}
