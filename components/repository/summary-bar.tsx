import { AlertIcon } from "@/components/ui/icons/alert-icon";
import { CheckCircleFillIcon } from "@/components/ui/icons/check-circle-fill-icon";
import { DotFillIcon } from "@/components/ui/icons/dot-fill-icon";
import { StatusPill } from "@/components/ui/status-pill";
import { TONES } from "@/components/ui/tone";
import { describeSummary } from "@/lib/health/summary";
import { type HealthSummary, TAG_STATUSES } from "@/lib/health/types";

type Props = {
  summary: HealthSummary;
  /** True when older tags exist beyond the ones summarised: the wording says "newest". */
  partial?: boolean;
};

const HEADLINE = {
  flagged: { tone: "danger", icon: <AlertIcon size={16} aria-hidden /> },
  running: {
    tone: "accent",
    icon: <DotFillIcon size={16} aria-hidden className="motion-safe:animate-pulse" />,
  },
  shipped: { tone: "success", icon: <CheckCircleFillIcon size={16} aria-hidden /> },
} as const;

/** One line on the whole page: how many tags need attention, then a count per status. */
export function SummaryBar({ summary, partial = false }: Props) {
  const { tone, text } = describeSummary(summary, partial);
  const headline =
    tone === "empty" ? (
      <span className="text-fg-muted">{text}</span>
    ) : (
      <span className={`inline-flex items-center gap-1.5 ${TONES[HEADLINE[tone].tone].text}`}>
        {HEADLINE[tone].icon}
        {text}
      </span>
    );
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
