"use client";

import { buttonClasses, LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { PipelineFixPreview } from "@/lib/pipeline-fix/preview";
import { FileDiff } from "./file-diff";

/** GET /api/repos/{owner}/{repo}/pipeline-fix: the preview, and whether the session may write workflows. */
export type PipelineFixAnswer = PipelineFixPreview & { workflowScope: boolean; grantScope: string };

export type PipelineFixState =
  | { step: "loading" }
  | { step: "preview"; preview: PipelineFixAnswer; error: string | null; sending: boolean }
  | { step: "no-fix"; reason: string }
  | { step: "opened"; url: string; number: number; existing: boolean };

type Props = {
  open: boolean;
  tag: string;
  releaseFile: string;
  state: PipelineFixState;
  onConfirm: () => void;
  onGrant: (scope: string) => void;
  onClose: () => void;
};

/** Why, in order of preference, when tagwatch does not open the pull request itself. */
function PipelineFixOptions({ releaseFile }: { releaseFile: string }) {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-fg-muted">
      <li>
        <strong className="text-fg">A dispatch step</strong> right after the step that pushes the
        tag: <code className="font-mono">gh workflow run {releaseFile} --ref &lt;tag&gt;</code> with{" "}
        <code className="font-mono">GH_TOKEN: ${"{{ github.token }}"}</code> and{" "}
        <code className="font-mono">permissions: actions: write</code>. Events made with a
        workflow's own token start no runs, except workflow_dispatch; no secret is needed.
      </li>
      <li>
        <strong className="text-fg">workflow_call</strong>: give {releaseFile} an{" "}
        <code className="font-mono">on: workflow_call</code> trigger and call it as a job of the
        tagging workflow. No secret either, but it runs inside the tagging run.
      </li>
      <li>
        <strong className="text-fg">A GitHub App token</strong> for the push
        (actions/create-github-app-token): pushes made with it start workflows. Needs an App and its
        private key as a secret.
      </li>
      <li>
        <strong className="text-fg">A personal access token</strong>: works, but it is a person's
        identity with broad scope stored as a secret, and it stops when they leave.
      </li>
    </ol>
  );
}

/** The preview of the pull request "Fix the pipeline" opens: files as a diff, title and body. */
export function PipelineFixDialog({
  open,
  tag,
  releaseFile,
  state,
  onConfirm,
  onGrant,
  onClose,
}: Props) {
  const preview = state.step === "preview" ? state.preview : null;
  return (
    <Dialog
      open={open}
      title="Fix the pipeline"
      onClose={onClose}
      width="wide"
      footer={
        <>
          <button type="button" onClick={onClose} className={buttonClasses("default")}>
            {state.step === "preview" || state.step === "loading" ? "Cancel" : "Close"}
          </button>
          {preview && state.step === "preview" ? (
            preview.workflowScope ? (
              <button
                type="button"
                onClick={onConfirm}
                disabled={state.sending}
                aria-busy={state.sending || undefined}
                className={buttonClasses("primary")}
              >
                Open pull request
              </button>
            ) : (
              <button
                type="button"
                onClick={() => onGrant(preview.grantScope)}
                className={buttonClasses("primary")}
              >
                Grant workflow access on GitHub
              </button>
            )
          ) : null}
        </>
      }
    >
      {state.step === "loading" ? (
        <p className="text-fg-muted">Reading the workflow files…</p>
      ) : null}
      {state.step === "no-fix" ? (
        <div className="space-y-3">
          <p>
            tagwatch will not open a pull request for {tag}: {state.reason}
          </p>
          <p className="font-semibold">The options, in order of preference:</p>
          <PipelineFixOptions releaseFile={releaseFile} />
        </div>
      ) : null}
      {state.step === "opened" ? (
        <p role="status">
          {state.existing ? "A pull request for this is already open: " : "Pull request opened: "}
          <a href={state.url} {...NEW_TAB} className={LINK_CLASSES}>
            #{state.number}
          </a>
          . Merge it, and the next tag ships on its own.
        </p>
      ) : null}
      {preview ? (
        <div className="space-y-4">
          <p className="text-fg-muted">
            tagwatch will open this pull request from the branch{" "}
            <code className="font-mono">{preview.branch}</code>. Nothing changes until you merge it.
          </p>
          <section aria-label="Pull request" className="space-y-2">
            <h3 className="font-semibold">{preview.title}</h3>
            <pre className="max-h-60 overflow-y-auto whitespace-pre-wrap rounded-md border border-line bg-canvas-subtle p-3 text-xs">
              {preview.body}
            </pre>
          </section>
          <section aria-label="Files" className="space-y-2">
            {preview.files.map((file) => (
              <FileDiff key={file.path} {...file} />
            ))}
          </section>
          {preview.workflowScope ? null : (
            <p className="rounded-md border border-attention-line bg-attention-subtle p-3">
              Changing files under <code className="font-mono">.github/workflows</code> needs
              GitHub's <strong>workflow</strong> permission. tagwatch does not ask for it at
              sign-in; GitHub will ask you to grant it now, and you come back here.
            </p>
          )}
          {state.step === "preview" && state.error ? (
            <p role="alert" className="text-danger">
              {state.error}
            </p>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
