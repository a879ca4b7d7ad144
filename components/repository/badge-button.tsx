"use client";

import { useEffect, useId, useRef, useState } from "react";
import { repositoryPath } from "@/components/client/api";

type Props = { owner: string; repo: string };

type Snippets = { imageUrl: string; markdown: string; html: string };

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function getSnippets(origin: string, owner: string, repo: string): Snippets {
  const path = repositoryPath(owner, repo);
  const imageUrl = `${origin}/api/badge/${path}`;
  const pageUrl = `${origin}/${path}`;
  return {
    imageUrl,
    markdown: `[![release health](${imageUrl})](${pageUrl})`,
    html: `<a href="${escapeHtml(pageUrl)}"><img alt="release health" src="${escapeHtml(imageUrl)}"></a>`,
  };
}

function SnippetField({
  title,
  value,
  copyLabel,
}: {
  title: string;
  value: string;
  copyLabel: string;
}) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const id = useId();

  useEffect(() => {
    if (copied === "idle") return;
    const timer = setTimeout(() => setCopied("idle"), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {title}
        </label>
        <button
          type="button"
          onClick={copy}
          aria-label={copyLabel}
          className="rounded-md border border-[var(--border)] px-2 py-1 text-xs font-medium hover:bg-[var(--bg-subtle)] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--fg-accent)]"
        >
          {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}
        </button>
      </div>
      <textarea
        id={id}
        readOnly
        rows={2}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className="w-full resize-none rounded-md border border-[var(--border)] bg-[var(--bg-subtle)] p-2 font-mono text-xs"
      />
      <span role="status" className="sr-only">
        {copied === "copied"
          ? `${title} copied`
          : copied === "failed"
            ? "Copying failed: select the text and copy it"
            : ""}
      </span>
    </div>
  );
}

/** A "Badge" button that shows the README snippets for this repository's release-health badge. */
export function BadgeButton({ owner, repo }: Props) {
  const [open, setOpen] = useState(false);
  const [origin, setOrigin] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    setOrigin(window.location.origin);
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // showModal() traps focus, closes on Escape and returns focus to the button on close.
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const snippets = origin ? getSnippets(origin, owner, repo) : null;

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className="rounded-md border border-[var(--border)] px-3 py-1.5 text-sm font-medium hover:bg-[var(--bg-subtle)] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--fg-accent)]"
      >
        Badge
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setOpen(false)}
        className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-[var(--border)] bg-[var(--bg)] p-0 text-[var(--fg)] shadow-xl backdrop:bg-black/50"
      >
        {open && snippets ? (
          <div className="space-y-4 p-5">
            <div className="flex items-start justify-between gap-4">
              <h2 id={titleId} className="text-base font-semibold">
                Release health badge
              </h2>
              <button
                type="button"
                onClick={() => setOpen(false)}
                className="rounded-md px-2 py-1 text-sm hover:bg-[var(--bg-subtle)] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--fg-accent)]"
              >
                Close
              </button>
            </div>
            <p className="text-sm text-[var(--fg-muted)]">
              Add it to {owner}/{repo}'s README: it shows whether every recent tag shipped, and
              links here. Public repositories only.
            </p>
            <div className="flex items-center gap-2">
              <span className="text-sm">Preview:</span>
              {/* biome-ignore lint/performance/noImgElement: the badge is an SVG from our own API; next/image adds nothing */}
              <img src={snippets.imageUrl} alt={`Release health of ${owner}/${repo}`} height={20} />
            </div>
            <SnippetField title="Markdown" value={snippets.markdown} copyLabel="Copy Markdown" />
            <SnippetField title="HTML" value={snippets.html} copyLabel="Copy HTML" />
          </div>
        ) : null}
      </dialog>
    </>
  );
}
