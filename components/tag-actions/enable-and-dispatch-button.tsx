"use client";

import { Suspense, useState } from "react";
import { postAction, repositoryApiUrl } from "@/components/client/api";
import { buttonClasses, LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { lazyNamed } from "@/components/ui/lazy";

// Only needed once someone clicks: loaded then, not with the page.
const ConfirmDialog = lazyNamed(() => import("@/components/ui/confirm-dialog"), "ConfirmDialog");

type Props = { owner: string; repo: string; tag: string; releaseFile: string };

/** "Enable and re-dispatch": the tag action for a disabled release workflow. */
export function EnableAndDispatchButton({ owner, repo, tag, releaseFile }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{
    ok: boolean;
    message: string;
    url: string | null;
  } | null>(null);
  const [pending, setPending] = useState(false);
  const run = async () => {
    setConfirming(false);
    setPending(true);
    const result = await postAction(repositoryApiUrl(owner, repo, "enable"), { tag });
    setPending(false);
    setOutcome(
      result.ok
        ? {
            ok: true,
            message: `${releaseFile} is enabled and running for ${tag}.`,
            url: result.runUrl,
          }
        : { ok: false, message: result.message, url: null },
    );
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={() => setConfirming(true)}
        disabled={pending}
        aria-busy={pending || undefined}
        className={buttonClasses("default", "small")}
      >
        Enable and re-dispatch
      </button>
      {outcome ? (
        <span
          role={outcome.ok ? "status" : "alert"}
          className={outcome.ok ? "text-success" : "text-danger"}
        >
          {outcome.message}{" "}
          {outcome.url ? (
            <a href={outcome.url} {...NEW_TAB} className={LINK_CLASSES}>
              View run
            </a>
          ) : null}
        </span>
      ) : null}
      {confirming ? (
        <Suspense fallback={null}>
          <ConfirmDialog
            open
            title={`Enable ${releaseFile} and dispatch it on ${tag}?`}
            confirmLabel="Enable and re-dispatch"
            onConfirm={() => void run()}
            onCancel={() => setConfirming(false)}
          >
            <p>
              {releaseFile} is disabled, so no tag starts it. tagwatch enables it through GitHub's
              API, then dispatches it on {tag}.
            </p>
          </ConfirmDialog>
        </Suspense>
      ) : null}
    </div>
  );
}
