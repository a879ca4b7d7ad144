"use client";

import { useId } from "react";
import { repositoryPath } from "@/components/client/api";
import { CopyButton } from "@/components/ui/copy-button";

// What the badge dialog hands out to paste into a README: a labelled, read-only snippet with its
// Copy button, the badge's preview, and the public badge's snippets.

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A snippet to copy: its title labels the text box, `copyLabel` names the button. */
export function SnippetField({
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
        rows={3}
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        className="w-full resize-none rounded-md border border-line bg-canvas-subtle p-2 font-mono text-xs break-all"
      />
    </div>
  );
}

/** The badge as README readers will see it. */
export function BadgePreview({ src, repository }: { src: string; repository: string }) {
  return (
    <div className="flex items-center gap-2">
      <span>Preview:</span>
      {/* biome-ignore lint/performance/noImgElement: the badge is an SVG from our own API; next/image adds nothing */}
      <img src={src} alt={`Release health of ${repository}`} height={20} />
    </div>
  );
}

/** The public badge: read with the server's token, the same for every visitor. */
export function PublicBadgeSnippets({
  origin,
  owner,
  repo,
}: {
  origin: string;
  owner: string;
  repo: string;
}) {
  const path = repositoryPath(owner, repo);
  const imageUrl = `${origin}/api/badge/${path}`;
  const pageUrl = `${origin}/${path}`;
  return (
    <>
      <p className="text-fg-muted">
        Add it to {owner}/{repo}'s README: it shows whether every recent tag shipped, and links
        here.
      </p>
      <BadgePreview src={imageUrl} repository={`${owner}/${repo}`} />
      <SnippetField
        title="Markdown"
        value={`[![release health](${imageUrl})](${pageUrl})`}
        copyLabel="Copy Markdown"
      />
      <SnippetField
        title="HTML"
        value={`<a href="${escapeHtml(pageUrl)}"><img alt="release health" src="${escapeHtml(imageUrl)}"></a>`}
        copyLabel="Copy HTML"
      />
    </>
  );
}
