import { LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { PageTagAction } from "@/lib/repository/json";

type Props = {
  tag: string;
  action: PageTagAction;
  /** The repository on GitHub, for the link to the workflow file. */
  repositoryUrl: string;
  /** Shown before the command; omitted when the caller already labels it (e.g. next to a button). */
  heading?: React.ReactNode;
  /** Set when the reason is referred to by a disabled button (aria-describedby). */
  reasonId?: string;
};

/**
 * A tag action as a terminal command to copy, and, when dispatch is impossible as the workflow stands,
 * why and the YAML to add under `on:`. Shared by the static card and the card with real buttons.
 */
export function TagActionCommand({ tag, action, repositoryUrl, heading, reasonId }: Props) {
  return (
    <div className="space-y-2 text-sm">
      {heading}
      {/* Wrapped, not a box to scroll: read whole on a phone, and the button copies it whole. */}
      <div className="flex min-w-0 items-center gap-2">
        <code className="block min-w-0 whitespace-pre-wrap wrap-anywhere rounded-md border border-line bg-canvas px-2 py-1 font-mono text-xs">
          {action.command}
        </code>
        <CopyButton text={action.command} label="Copy command" />
      </div>
      {!action.available && action.reason ? (
        <div id={reasonId} className="space-y-2 text-fg-muted">
          <p>{action.reason}</p>
          {action.kind === "dispatch" && action.yamlToAdd ? (
            <div className="space-y-1">
              <p>
                Add this under <code className="font-mono">on:</code> in{" "}
                <a
                  href={`${repositoryUrl}/blob/${encodeURIComponent(tag)}/${action.workflow.path}`}
                  {...NEW_TAB}
                  className={`font-mono ${LINK_CLASSES}`}
                >
                  {action.workflow.path}
                </a>
                :
              </p>
              <pre
                // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so it takes focus to be scrolled by keyboard (WCAG 2.1.1)
                tabIndex={0}
                className="overflow-x-auto rounded-md border border-line bg-canvas p-2 font-mono text-xs text-fg"
              >
                {action.yamlToAdd}
              </pre>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
