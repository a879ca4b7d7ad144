"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import { submitSignIn } from "./auth-form";
import type { FixDialogState, FixPreview } from "./pipeline-fix-dialog";
import { postAction } from "./repository-api";
import { buttonClasses, LINK_CLASSES } from "./ui/button";

// The row's "Fix the pipeline" (a reviewed pull request for the cause) and "Enable and
// re-dispatch" (a disabled release workflow). Dialogs load on first use.

const PipelineFixDialog = dynamic(() =>
  import("./pipeline-fix-dialog").then((module) => ({ default: module.PipelineFixDialog })),
);
const ConfirmDialog = dynamic(() =>
  import("./ui/confirm-dialog").then((module) => ({ default: module.ConfirmDialog })),
);

type Props = {
  owner: string;
  repo: string;
  tag: string;
  releaseFile: string;
  offer: "fix-pipeline" | "enable-and-dispatch";
};

/** Query parameter that reopens the preview after GitHub granted the workflow scope. */
const REOPEN = "fix";

function apiBase(owner: string, repo: string): string {
  return `/api/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

async function readError(response: Response): Promise<string> {
  const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return json?.error?.message ?? `tagwatch answered HTTP ${response.status}.`;
}

export function PipelineFix(props: Props) {
  return props.offer === "enable-and-dispatch" ? (
    <EnableAndDispatch {...props} />
  ) : (
    <FixPipeline {...props} />
  );
}

function FixPipeline({ owner, repo, tag, releaseFile }: Props) {
  const [state, setState] = useState<FixDialogState | null>(null);

  const open = useCallback(async () => {
    setState({ step: "loading" });
    try {
      const response = await fetch(`${apiBase(owner, repo)}/fix?tag=${encodeURIComponent(tag)}`, {
        cache: "no-store",
      });
      if (response.status === 404) {
        setState({ step: "no-fix", reason: await readError(response) });
        return;
      }
      if (!response.ok) {
        setState({ step: "no-fix", reason: await readError(response) });
        return;
      }
      const preview = (await response.json()) as FixPreview;
      setState({ step: "preview", preview, error: null, sending: false });
    } catch {
      setState({ step: "no-fix", reason: "tagwatch could not be reached. Try again." });
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
      const response = await fetch(`${apiBase(owner, repo)}/fix`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tag }),
      });
      if (!response.ok) {
        setState({ ...state, sending: false, error: await readError(response) });
        return;
      }
      const result = (await response.json()) as { url: string; number: number; existing: boolean };
      setState({ step: "opened", ...result });
    } catch {
      setState({ ...state, sending: false, error: "tagwatch could not be reached. Try again." });
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
        <a href={state.url} target="_blank" rel="noreferrer" className={LINK_CLASSES}>
          Pull request #{state.number}
        </a>
      ) : null}
      {state ? (
        <PipelineFixDialog
          tag={tag}
          releaseFile={releaseFile}
          state={state}
          onConfirm={() => void confirm()}
          onGrant={grant}
          onClose={() => setState(state.step === "opened" ? state : null)}
        />
      ) : null}
    </div>
  );
}

function EnableAndDispatch({ owner, repo, tag, releaseFile }: Props) {
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
    const result = await postAction(`${apiBase(owner, repo)}/enable`, { tag });
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
            <a href={outcome.url} target="_blank" rel="noreferrer" className={LINK_CLASSES}>
              View run
            </a>
          ) : null}
        </span>
      ) : null}
      {confirming ? (
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
      ) : null}
    </div>
  );
}
