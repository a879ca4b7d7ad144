"use client";

import { Suspense, useId, useState } from "react";
import { postAction, repositoryApiUrl } from "@/components/client/api";
import { buttonClasses, NEW_TAB } from "@/components/ui/button";
import { PlayIcon } from "@/components/ui/icons/play-icon";
import { SyncIcon } from "@/components/ui/icons/sync-icon";
import { lazyNamed } from "@/components/ui/lazy";
import type { PageTag } from "@/lib/repository/json";
import { TagActionCommand } from "./tag-action-command";

// Only needed once someone clicks: loaded then, not with the page.
const ConfirmDialog = lazyNamed(() => import("@/components/ui/confirm-dialog"), "ConfirmDialog");
const DispatchInputsForm = lazyNamed(() => import("./dispatch-inputs-form"), "DispatchInputsForm");

type Props = {
  owner: string;
  repo: string;
  tag: PageTag;
  /** The repository on GitHub, for links to its workflow files. */
  repositoryUrl: string;
  /** Called after GitHub accepted the request: the view refreshes and polls fast. */
  onStarted: () => void;
};

type State =
  | { step: "idle" }
  | { step: "confirming" }
  | { step: "sending" }
  | { step: "sent"; runUrl: string | null }
  | { step: "failed"; message: string };

/** A flagged tag's action: dispatch its release workflow again, or re-run its failed run. */
export function TagActionButton({ owner, repo, tag, repositoryUrl, onStarted }: Props) {
  const [state, setState] = useState<State>({ step: "idle" });
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const reasonId = useId();
  const action = tag.action;
  if (!action) return null;

  const isDispatch = action.kind === "dispatch";
  const review = action.kind === "dispatch" && action.needsReview;
  const hasInputs = action.kind === "dispatch" && action.suggestions.length > 0;
  const label = isDispatch
    ? `${review ? "Review and re-dispatch" : "Re-dispatch"} ${action.workflow.file} on ${tag.name}`
    : "Re-run failed jobs";
  const busy = state.step === "sending";

  async function run() {
    if (!action) return;
    setState({ step: "sending" });
    const outcome = isDispatch
      ? await postAction(repositoryApiUrl(owner, repo, "dispatch"), {
          tag: tag.name,
          workflow: action.kind === "dispatch" ? action.workflow.file : undefined,
          // What the person saw (and maybe edited) in the dialog is exactly what is sent.
          inputs: action.kind === "dispatch" ? (values ?? action.inputs) : undefined,
        })
      : await postAction(repositoryApiUrl(owner, repo, "rerun"), {
          runId: action.kind === "rerun" ? action.runId : 0,
        });
    if (outcome.ok) {
      setState({ step: "sent", runUrl: outcome.runUrl });
      onStarted();
    } else {
      setState({ step: "failed", message: outcome.message });
      if (outcome.underWay) onStarted();
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={!action.available || busy}
          aria-describedby={action.available ? undefined : reasonId}
          onClick={() => {
            if (action.kind === "dispatch") setValues({ ...action.inputs });
            setState({ step: "confirming" });
          }}
          className={buttonClasses("default")}
        >
          {isDispatch ? <PlayIcon size={16} aria-hidden /> : <SyncIcon size={16} aria-hidden />}
          {busy ? (isDispatch ? "Re-dispatching…" : "Re-running…") : label}
        </button>
      </div>
      <TagActionCommand
        tag={tag.name}
        action={action}
        repositoryUrl={repositoryUrl}
        reasonId={reasonId}
      />
      {state.step === "sent" ? (
        <p role="status" className="text-sm text-success">
          {isDispatch
            ? `Dispatched ${action.kind === "dispatch" ? action.workflow.file : ""} on ${tag.name}.`
            : "Re-run requested."}{" "}
          Waiting for the run…{" "}
          {state.runUrl ? (
            <a className="underline underline-offset-2" href={state.runUrl} {...NEW_TAB}>
              View run on GitHub
            </a>
          ) : null}
        </p>
      ) : null}
      {state.step === "failed" ? (
        <p role="alert" className="text-sm text-danger">
          {state.message}
        </p>
      ) : null}
      {state.step === "confirming" ? (
        <Suspense fallback={null}>
          <ConfirmDialog
            open
            title={isDispatch ? "Re-dispatch the release workflow?" : "Re-run the failed jobs?"}
            confirmLabel={isDispatch ? "Dispatch" : "Re-run"}
            onCancel={() => setState({ step: "idle" })}
            onConfirm={run}
          >
            {action.kind === "dispatch" ? (
              <>
                <p>
                  GitHub will run <strong className="font-mono">{action.workflow.file}</strong> on{" "}
                  <strong className="font-mono">{tag.name}</strong> in {owner}/{repo}, using the
                  workflow file as it is at that tag. tagwatch never repeats this request by itself.
                </p>
                {review ? (
                  <div role="note" className="space-y-1 text-attention">
                    <p className="font-medium">Check these inputs before dispatching:</p>
                    <ul className="list-disc space-y-0.5 pl-5">
                      {action.reviewReasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {hasInputs && values ? (
                  <DispatchInputsForm
                    suggestions={action.suggestions}
                    values={values}
                    onChange={(name, value) =>
                      setValues((current) => ({ ...(current ?? {}), [name]: value }))
                    }
                  />
                ) : null}
              </>
            ) : (
              <p>
                GitHub will re-run the failed jobs of run{" "}
                <strong className="font-mono">#{action.runId}</strong> for{" "}
                <strong className="font-mono">{tag.name}</strong> in {owner}/{repo}, on the same
                commit.
              </p>
            )}
          </ConfirmDialog>
        </Suspense>
      ) : null}
    </div>
  );
}
