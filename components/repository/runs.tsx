import { ExternalLink } from "@/components/ui/external-link";
import { AlertIcon } from "@/components/ui/icons/alert-icon";
import { CheckCircleFillIcon } from "@/components/ui/icons/check-circle-fill-icon";
import { DotFillIcon } from "@/components/ui/icons/dot-fill-icon";
import type { Icon } from "@/components/ui/icons/octicon";
import { SkipIcon } from "@/components/ui/icons/skip-icon";
import { StopIcon } from "@/components/ui/icons/stop-icon";
import { XCircleFillIcon } from "@/components/ui/icons/xcircle-fill-icon";
import { Label } from "@/components/ui/label";
import { TONES, type Tone } from "@/components/ui/tone";
import { type PageRun, type PageTag, repositoryLink } from "@/lib/repository/json";

// A tag's release runs: every run on the card, the newest in the compact table, drawn alike.

type RunLook = { icon: Icon; tone: Tone; label: string; pulse?: boolean };

/** How a run is shown: its icon, colour and a short label. */
function runLook(run: PageRun): RunLook {
  if (run.status !== "completed") {
    return {
      icon: DotFillIcon,
      tone: "attention",
      label: run.status.replaceAll("_", " "),
      pulse: true,
    };
  }
  switch (run.conclusion) {
    case "success":
      return { icon: CheckCircleFillIcon, tone: "success", label: "success" };
    case "failure":
    case "timed_out":
    case "startup_failure":
      return {
        icon: XCircleFillIcon,
        tone: "danger",
        label: run.conclusion.replaceAll("_", " "),
      };
    case "action_required":
      return { icon: AlertIcon, tone: "attention", label: "action required" };
    case "cancelled":
      return { icon: StopIcon, tone: "muted", label: "cancelled" };
    default:
      return {
        icon: SkipIcon,
        tone: "muted",
        label: run.conclusion?.replaceAll("_", " ") ?? "completed",
      };
  }
}

/** Every release run of a tag, with its state and a link to it on GitHub. */
export function RunList({
  runs,
  workflowFile,
  repositoryUrl,
}: {
  runs: PageRun[];
  workflowFile: string | null;
  repositoryUrl: string;
}) {
  if (runs.length === 0) {
    return (
      <span className="text-fg-muted">
        {workflowFile ? (
          <>
            No run of <span className="font-mono">{workflowFile}</span>
          </>
        ) : (
          "No release run"
        )}
      </span>
    );
  }
  return (
    <ul className="space-y-1.5">
      {runs.map((run) => {
        const look = runLook(run);
        const RunIcon = look.icon;
        return (
          <li key={run.id} className="run">
            <RunIcon
              size={16}
              aria-hidden
              className={
                look.pulse
                  ? `${TONES[look.tone].text} motion-safe:animate-pulse`
                  : TONES[look.tone].text
              }
            />
            <span className="run-name" title={run.workflowPath}>
              {run.workflow}
            </span>
            <Label>{run.event}</Label>
            <span className={`text-xs ${TONES[look.tone].text}`}>{look.label}</span>
            <RunLink run={run} repositoryUrl={repositoryUrl} />
          </li>
        );
      })}
    </ul>
  );
}

/** "View run": a run's page on GitHub, in a new tab. */
export function RunLink({ run, repositoryUrl }: { run: PageRun; repositoryUrl: string }) {
  return (
    <ExternalLink
      href={repositoryLink(repositoryUrl, run.url)}
      className="run-link"
      srText={` of ${run.workflow} on GitHub (opens in a new tab)`}
    >
      View run
    </ExternalLink>
  );
}

/** The newest run of a tag in one word, for the compact table. */
export function RunSummary({ tag }: { tag: PageTag }) {
  const run = tag.runs[0];
  if (!run) return <span className="text-fg-muted">none</span>;
  const look = runLook(run);
  const RunIcon = look.icon;
  return (
    <span
      className={`inline-flex items-center gap-1 ${TONES[look.tone].text}`}
      title={run.workflow}
    >
      <RunIcon
        size={12}
        aria-hidden
        className={look.pulse ? "motion-safe:animate-pulse" : undefined}
      />
      {look.label}
    </span>
  );
}
