"use client";

import { useCallback, useEffect, useState } from "react";
import { ApiError, fetcher, repositoryApiUrl } from "@/components/client/api";
import { buttonClasses } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { BadgeLinkStatus } from "@/lib/badges/links";
import { BadgeLinkPanel } from "./badge-link-panel";
import { PublicBadgeSnippets } from "./badge-snippets";

type Props = { owner: string; repo: string };

type Loaded =
  | { kind: "loading" }
  | { kind: "ready"; status: BadgeLinkStatus }
  | { kind: "failed"; message: string };

/**
 * A "Badge" button with the README badge's dialog: the public badge's snippets, or for a private
 * repository its badge link (made, rotated and removed by its admins and maintainers).
 */
export function BadgeButton({ owner, repo }: Props) {
  const [open, setOpen] = useState(false);
  const [origin, setOrigin] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  useEffect(() => {
    setOrigin(window.location.origin);
  }, []);

  const load = useCallback(async () => {
    try {
      const status = await fetcher<BadgeLinkStatus>(repositoryApiUrl(owner, repo, "badge-token"));
      setLoaded({ kind: "ready", status });
    } catch (error) {
      setLoaded({
        kind: "failed",
        message: error instanceof ApiError ? error.message : String(error),
      });
    }
  }, [owner, repo]);

  useEffect(() => {
    if (!open) return;
    setLoaded({ kind: "loading" });
    void load();
  }, [open, load]);

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
        {/* Rendered only while open: a link's token is forgotten when the dialog closes. */}
        {!open || !origin ? null : loaded.kind === "loading" ? (
          <p role="status" className="text-fg-muted">
            Loading…
          </p>
        ) : loaded.kind === "failed" ? (
          <div className="space-y-2">
            <p role="alert" className="text-danger">
              {loaded.message}
            </p>
            <button type="button" onClick={() => void load()} className={buttonClasses("default")}>
              Try again
            </button>
          </div>
        ) : loaded.status.isPrivate ? (
          <BadgeLinkPanel owner={owner} repo={repo} status={loaded.status} reload={load} />
        ) : (
          <PublicBadgeSnippets origin={origin} owner={owner} repo={repo} />
        )}
      </Dialog>
    </>
  );
}
