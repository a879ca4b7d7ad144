"use client";

import { useEffect, useRef } from "react";
import { buttonClasses, LINK_CLASSES } from "@/components/ui/button";
import { diffLines } from "./line-diff";

export type FixPreview = {
  title: string;
  body: string;
  branch: string;
  files: { path: string; before: string; after: string }[];
  workflowScope: boolean;
  grantScope: string;
};

export type FixDialogState =
  | { step: "loading" }
  | { step: "preview"; preview: FixPreview; error: string | null; sending: boolean }
  | { step: "no-fix"; reason: string }
  | { step: "opened"; url: string; number: number; existing: boolean };

type Props = {
  tag: string;
  releaseFile: string;
  state: FixDialogState;
  onConfirm: () => void;
  onGrant: (scope: string) => void;
  onClose: () => void;
};

/** Why, in order of preference, when tagwatch does not open the pull request itself. */
export function FixOptions({ releaseFile }: { releaseFile: string }) {
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

function FileDiff({ path, before, after }: { path: string; before: string; after: string }) {
  const hunks = diffLines(before, after);
  return (
    <figure className="overflow-hidden rounded-md border border-line">
      <figcaption className="border-b border-line bg-canvas-subtle px-3 py-1.5 font-mono text-xs font-semibold">
        {path}
      </figcaption>
      <div className="overflow-x-auto">
        <table
          className="w-full border-collapse font-mono text-xs"
          aria-label={`Changes to ${path}`}
        >
          <tbody>
            {hunks.flatMap((hunk, index) => [
              index > 0 ? (
                <tr
                  key={`gap-${hunk[0]?.oldLine ?? index}`}
                  className="bg-canvas-subtle text-fg-muted"
                >
                  <td colSpan={3} className="px-2">
                    ⋯
                  </td>
                </tr>
              ) : null,
              ...hunk.map((line) => (
                <tr
                  key={`${line.kind}-${line.oldLine}-${line.newLine}`}
                  data-diff={line.kind}
                  className={
                    line.kind === "add"
                      ? "bg-success-subtle"
                      : line.kind === "remove"
                        ? "bg-danger-subtle"
                        : ""
                  }
                >
                  <td className="w-10 select-none px-2 text-right text-fg-muted">
                    {line.newLine ?? line.oldLine}
                  </td>
                  <td className="w-4 select-none text-fg-muted" aria-hidden>
                    {line.kind === "add" ? "+" : line.kind === "remove" ? "-" : " "}
                  </td>
                  <td className="whitespace-pre pr-3">
                    <span className="sr-only">
                      {line.kind === "add" ? "added: " : line.kind === "remove" ? "removed: " : ""}
                    </span>
                    {line.text}
                  </td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** The preview of the pull request "Fix the pipeline" opens: files as a diff, title and body. */
export function PipelineFixDialog({ tag, releaseFile, state, onConfirm, onGrant, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const preview = state.step === "preview" ? state.preview : null;
  const title = "Fix the pipeline";
  return (
    <dialog
      ref={dialog}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[90vh] w-[min(56rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-line bg-canvas p-0 text-fg shadow-xl backdrop:bg-black/50"
    >
      <div className="space-y-4 p-5 text-sm">
        <h2 className="text-base font-semibold">{title}</h2>
        {state.step === "loading" ? (
          <p className="text-fg-muted">Reading the workflow files…</p>
        ) : null}
        {state.step === "no-fix" ? (
          <div className="space-y-3">
            <p>
              tagwatch will not open a pull request for {tag}: {state.reason}
            </p>
            <p className="font-semibold">The options, in order of preference:</p>
            <FixOptions releaseFile={releaseFile} />
          </div>
        ) : null}
        {state.step === "opened" ? (
          <p role="status">
            {state.existing ? "A pull request for this is already open: " : "Pull request opened: "}
            <a href={state.url} target="_blank" rel="noreferrer" className={LINK_CLASSES}>
              #{state.number}
            </a>
            . Merge it, and the next tag ships on its own.
          </p>
        ) : null}
        {preview ? (
          <div className="space-y-4">
            <p className="text-fg-muted">
              tagwatch will open this pull request from the branch{" "}
              <code className="font-mono">{preview.branch}</code>. Nothing changes until you merge
              it.
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
      </div>
      <div className="flex justify-end gap-2 border-t border-line px-5 py-3">
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
      </div>
    </dialog>
  );
}
