"use client";

import { useState } from "react";
import {
  ApiError,
  deleteRequest,
  postJson,
  repositoryApiUrl,
  repositoryPath,
} from "@/components/client/api";
import { buttonClasses, NEW_TAB } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatMinuteUtc } from "@/components/ui/format";
import type { BadgeLink, BadgeLinkStatus } from "@/lib/badges/links";
import { BadgePreview, SnippetField } from "./badge-snippets";

// The badge dialog for a private repository: its badge link (docs/badges.md). The token is in
// the answer to Create or Rotate and shown once, here; the dialog forgets it when it closes.

type Props = {
  owner: string;
  repo: string;
  status: BadgeLinkStatus;
  /** Reads the link's status again after a change. */
  reload: () => Promise<void>;
};

type Change = "create" | "rotate" | "remove";

const WORDS = {
  rotate: { label: "Rotate", busy: "Rotating…" },
  remove: { label: "Remove", busy: "Removing…" },
} as const;

function failureMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/** The same link through shields.io's endpoint badge: its servers then fetch it, token and all. */
function shieldsMarkdown(link: BadgeLink, owner: string, repo: string): string {
  const endpoint = `https://img.shields.io/endpoint?url=${encodeURIComponent(`${link.url}&format=shields`)}`;
  return `[![release health](${endpoint})](${new URL(link.url).origin}/${repositoryPath(owner, repo)})`;
}

function AppMissing({ status }: { status: BadgeLinkStatus }) {
  const { app } = status;
  if (app.kind === "installed") return null;
  return (
    <div className="space-y-2 rounded-md border border-attention-line bg-attention-subtle px-3 py-2">
      <p>
        {app.kind === "off"
          ? "Badge links are served by the tagwatch GitHub App, and this tagwatch has none set up."
          : `Badge links are served by the tagwatch GitHub App, which is not installed on ${status.repository}.`}
      </p>
      {app.kind === "not-installed" && app.installUrl ? (
        <a href={app.installUrl} {...NEW_TAB} className={buttonClasses("default", "small")}>
          Install the tagwatch App
        </a>
      ) : null}
    </div>
  );
}

/** A private repository's badge link: what it reveals, Create, and once made Rotate and Remove. */
export function BadgeLinkPanel({ owner, repo, status, reload }: Props) {
  const [made, setMade] = useState<BadgeLink | null>(null);
  const [confirming, setConfirming] = useState<"rotate" | "remove" | null>(null);
  const [busy, setBusy] = useState<Change | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = repositoryApiUrl(owner, repo, "badge-token");

  const change = async (kind: Change) => {
    setConfirming(null);
    setBusy(kind);
    setError(null);
    try {
      if (kind === "remove") {
        await deleteRequest(url);
        setMade(null);
      } else {
        setMade(await postJson<BadgeLink>(url, {}));
      }
      await reload();
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(null);
    }
  };

  const exists = made !== null || status.link !== null;
  return (
    <>
      <p>
        {status.repository} is private. GitHub fetches README images without anyone's session, so
        its badge needs a <strong>badge link</strong>: a URL with a token that grants this badge and
        nothing else.
      </p>
      <p className="text-fg-muted">
        The link shows the release status text, such as "2 tags unreleased", to anyone who can see
        the README's source.
      </p>
      <AppMissing status={status} />

      {made ? (
        <div className="space-y-3">
          <p role="status" className="font-medium">
            Copy it now: tagwatch keeps only a hash of the token and cannot show this link again.
          </p>
          <BadgePreview src={made.url} repository={status.repository} />
          <SnippetField title="Markdown" value={made.markdown} copyLabel="Copy Markdown" />
          <SnippetField
            title="shields.io Markdown"
            value={shieldsMarkdown(made, owner, repo)}
            copyLabel="Copy shields.io Markdown"
          />
          <p className="text-fg-muted">
            With the shields.io variant, shields.io's servers fetch the link and hold its token, and
            they keep showing the old status for up to 5 minutes after a Rotate.
          </p>
        </div>
      ) : status.link ? (
        <p>
          A badge link exists since {formatMinuteUtc(status.link.createdAt)}. Its token was shown
          once, when it was made.
        </p>
      ) : null}

      {status.mayManage ? (
        <div className="flex flex-wrap gap-2">
          {exists ? (
            (["rotate", "remove"] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                disabled={busy !== null}
                onClick={() => setConfirming(kind)}
                className={buttonClasses("default")}
              >
                {busy === kind ? WORDS[kind].busy : WORDS[kind].label}
              </button>
            ))
          ) : status.app.kind === "installed" ? (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void change("create")}
              className={buttonClasses("primary")}
            >
              {busy === "create" ? "Creating…" : "Create a badge link"}
            </button>
          ) : null}
        </div>
      ) : (
        <p className="text-fg-muted">
          Only admins and maintainers of {status.repository} can make a badge link.
        </p>
      )}
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}

      <ConfirmDialog
        open={confirming === "rotate"}
        title="Rotate the badge link?"
        confirmLabel="Rotate"
        onConfirm={() => void change("rotate")}
        onCancel={() => setConfirming(null)}
      >
        <p>
          The current link stops working at once: READMEs that use it show "not found" until they
          get the new one.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "remove"}
        title="Remove the badge link?"
        confirmLabel="Remove"
        onConfirm={() => void change("remove")}
        onCancel={() => setConfirming(null)}
      >
        <p>The link stops working at once: READMEs that use it show "not found".</p>
      </ConfirmDialog>
    </>
  );
}
