"use client";

import { buttonClasses, NEW_TAB, TEXT_LINK_CLASSES } from "@/components/ui/button";
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

/** The YAML of option 1, for the person to add by hand when tagwatch cannot place it. */
function dispatchStepYaml(releaseFile: string): string {
  // A GitHub expression, `${{ inner }}`, as text.
  const expression = (inner: string) => `$\{{ ${inner} }}`;
  return [
    "# In the tagging workflow: the job may dispatch workflows.",
    "permissions:",
    "  contents: write",
    "  actions: write",
    "",
    "# Right after the step that pushes the tag, in the same job:",
    "      - name: Dispatch the release workflow for the new tag",
    "        env:",
    `          GH_TOKEN: ${expression("github.token")}`,
    `          TAG: v1.2.3 # the tag the step above pushed, e.g. ${expression("steps.tagging.outputs.tag")}`,
    `        run: gh workflow run ${releaseFile} --ref "$TAG" -R "$GITHUB_REPOSITORY"`,
    "",
    `# And in ${releaseFile}, if it lacks it:`,
    "on:",
    "  workflow_dispatch:",
  ].join("\n");
}

/** The options, in order of preference, when tagwatch does not open the pull request itself. */
function PipelineFixOptions({ releaseFile }: { releaseFile: string }) {
  return (
    <ol className="list-decimal space-y-2 pl-5 text-fg-muted">
      <li className="space-y-2">
        <p>
          <strong className="text-fg">A dispatch step</strong> right after the step that pushes the
          tag. Events made with a workflow's own token start no runs, except workflow_dispatch; no
          secret is needed. The YAML to add:
        </p>
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so it takes focus to be scrolled by keyboard (WCAG 2.1.1)
          tabIndex={0}
          className="overflow-x-auto rounded-md border border-line bg-canvas-subtle p-3 font-mono text-xs text-fg"
        >
          {dispatchStepYaml(releaseFile)}
        </pre>
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
          <a href={state.url} {...NEW_TAB} className={TEXT_LINK_CLASSES}>
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
            <pre
              // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so it takes focus to be scrolled by keyboard (WCAG 2.1.1)
              tabIndex={0}
              className="max-h-60 overflow-y-auto whitespace-pre-wrap rounded-md border border-line bg-canvas-subtle p-3 text-xs"
            >
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
