import { type HealthSummary, TAG_STATUSES } from "@/lib/health/types";
import { plural } from "./format";
import { AlertIcon } from "./octicons/alert-icon";
import { CheckCircleFillIcon } from "./octicons/check-circle-fill-icon";
import { DotFillIcon } from "./octicons/dot-fill-icon";
import { StatusPill } from "./status-pill";

type Props = {
  summary: HealthSummary;
  /** True when older tags exist beyond the ones summarised: the wording says "newest". */
  partial?: boolean;
};

/** One line on the whole page: how many tags need attention, then a count per status. */
export function SummaryBar({ summary, partial = false }: Props) {
  const running = summary.counts["run-pending"];
  const scope = partial ? "newest " : "";
  let headline: React.ReactNode;
  if (summary.total === 0) {
    headline = <span className="text-fg-muted">No tags to check</span>;
  } else if (summary.flagged > 0) {
    headline = (
      <span className="inline-flex items-center gap-1.5 text-danger">
        <AlertIcon size={16} aria-hidden />
        {summary.flagged} of {plural(summary.total, `${scope}tag`, `${scope}tags`)}{" "}
        {summary.flagged === 1 ? "needs" : "need"} attention
      </span>
    );
  } else if (running > 0) {
    headline = (
      <span className="inline-flex items-center gap-1.5 text-accent">
        <DotFillIcon size={16} aria-hidden className="motion-safe:animate-pulse" />
        Nothing flagged · {plural(running, "release run", "release runs")} in progress
      </span>
    );
  } else {
    headline = (
      <span className="inline-flex items-center gap-1.5 text-success">
        <CheckCircleFillIcon size={16} aria-hidden />
        {summary.total === 1
          ? `The ${scope}tag shipped`
          : `All ${summary.total} ${scope}tags shipped`}
      </span>
    );
  }
  const statuses = TAG_STATUSES.filter((status) => summary.counts[status] > 0);
  return (
    <div className="flex flex-col gap-2 rounded-md border border-line bg-canvas-subtle px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
      <p className="font-semibold">{headline}</p>
      {statuses.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Tags by status">
          {statuses.map((status) => (
            <li key={status}>
              <StatusPill status={status} count={summary.counts[status]} size="small" />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
