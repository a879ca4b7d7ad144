"use client";

import { useEffect, useId, useState } from "react";
import { repositoryPath } from "@/components/client/api";
import { buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";

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
  const id = useId();
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="font-medium">
          {title}
        </label>
        <CopyButton text={value} label={copyLabel} />
      </div>
      <textarea
        id={id}
        readOnly
        rows={2}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className="w-full resize-none rounded-md border border-line bg-canvas-subtle p-2 font-mono text-xs"
      />
    </div>
  );
}

/** A "Badge" button that shows the README snippets for this repository's release-health badge. */
export function BadgeButton({ owner, repo }: Props) {
  const [open, setOpen] = useState(false);
  const [origin, setOrigin] = useState<string | null>(null);

  useEffect(() => {
    setOrigin(window.location.origin);
  }, []);

  const snippets = origin ? getSnippets(origin, owner, repo) : null;

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className={buttonClasses("default", "small")}
      >
        Badge
      </button>
      <Dialog
        open={open}
        title="Release health badge"
        onClose={() => setOpen(false)}
        footer={
          <button type="button" onClick={() => setOpen(false)} className={buttonClasses("default")}>
            Close
          </button>
        }
      >
        {open && snippets ? (
          <>
            <p className="text-fg-muted">
              Add it to {owner}/{repo}'s README: it shows whether every recent tag shipped, and
              links here. Public repositories only.
            </p>
            <div className="flex items-center gap-2">
              <span>Preview:</span>
              {/* biome-ignore lint/performance/noImgElement: the badge is an SVG from our own API; next/image adds nothing */}
              <img src={snippets.imageUrl} alt={`Release health of ${owner}/${repo}`} height={20} />
            </div>
            <SnippetField title="Markdown" value={snippets.markdown} copyLabel="Copy Markdown" />
            <SnippetField title="HTML" value={snippets.html} copyLabel="Copy HTML" />
          </>
        ) : null}
      </Dialog>
    </>
  );
}
