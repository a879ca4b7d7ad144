"use client";

import { Suspense, useCallback, useEffect, useState } from "react";
import { ApiError, fetcher, postJson, repositoryApiUrl } from "@/components/client/api";
import { submitSignIn } from "@/components/client/sign-in";
import { buttonClasses, LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { lazyNamed } from "@/components/ui/lazy";
import type { PipelineFixAnswer, PipelineFixState } from "./pipeline-fix-dialog";

// The card's "Fix the pipeline": a reviewed pull request that cures the cause for later tags.
// Its dialog loads on first use.

const PipelineFixDialog = lazyNamed(() => import("./pipeline-fix-dialog"), "PipelineFixDialog");

type Props = { owner: string; repo: string; tag: string; releaseFile: string };

/** Query parameter that reopens the preview after GitHub granted the workflow scope. */
const REOPEN = "pipeline-fix";

/** What the person reads when a request failed: the server's message, or why there was none. */
function failureMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/** "Fix the pipeline": previews the pull request, asks for the workflow scope if needed, opens it. */
export function PipelineFixButton({ owner, repo, tag, releaseFile }: Props) {
  const [state, setState] = useState<PipelineFixState | null>(null);
  // Closing keeps the state: after "opened" the card still links the pull request.
  const [dialogOpen, setDialogOpen] = useState(false);

  const open = useCallback(async () => {
    setDialogOpen(true);
    setState({ step: "loading" });
    try {
      // A 404 carries the reason there is no file fix; any failure is shown the same way.
      const preview = await fetcher<PipelineFixAnswer>(
        repositoryApiUrl(owner, repo, "pipeline-fix", { tag }),
      );
      setState({ step: "preview", preview, error: null, sending: false });
    } catch (error) {
      setState({ step: "no-fix", reason: failureMessage(error) });
    }
  }, [owner, repo, tag]);

  // Back from GitHub with the workflow scope: reopen the preview where the person left it.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get(REOPEN) !== tag) return;
    url.searchParams.delete(REOPEN);
    window.history.replaceState(null, "", url);
    void open();
  }, [tag, open]);

  const confirm = async () => {
    if (state?.step !== "preview") return;
    setState({ ...state, sending: true, error: null });
    try {
      const result = await postJson<{ url: string; number: number; existing: boolean }>(
        repositoryApiUrl(owner, repo, "pipeline-fix"),
        { tag },
      );
      setState({ step: "opened", ...result });
    } catch (error) {
      setState({ ...state, sending: false, error: failureMessage(error) });
    }
  };

  const grant = (scope: string) => {
    const back = new URL(window.location.href);
    back.searchParams.set(REOPEN, tag);
    submitSignIn(back.toString(), { scope }).catch(() => {
      if (state?.step === "preview")
        setState({ ...state, error: "tagwatch could not start the GitHub authorization." });
    });
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={() => void open()}
        className={buttonClasses("default", "small")}
      >
        Fix the pipeline
      </button>
      <span className="text-fg-muted">
        A pull request so the next tags start {releaseFile} on their own.
      </span>
      {state?.step === "opened" ? (
        <a href={state.url} {...NEW_TAB} className={LINK_CLASSES}>
          Pull request #{state.number}
        </a>
      ) : null}
      {state ? (
        <Suspense fallback={null}>
          <PipelineFixDialog
            open={dialogOpen}
            tag={tag}
            releaseFile={releaseFile}
            state={state}
            onConfirm={() => void confirm()}
            onGrant={grant}
            onClose={() => setDialogOpen(false)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
