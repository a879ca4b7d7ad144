import { STATUS_LABELS } from "@/lib/health/summary";
import type { TagStatus } from "@/lib/health/types";
import { AlertIcon } from "./icons/alert-icon";
import { CheckCircleFillIcon } from "./icons/check-circle-fill-icon";
import { DotFillIcon } from "./icons/dot-fill-icon";
import { IssueDraftIcon } from "./icons/issue-draft-icon";
import type { Icon } from "./icons/octicon";
import { PackageIcon } from "./icons/package-icon";
import { StopIcon } from "./icons/stop-icon";
import { XCircleFillIcon } from "./icons/xcircle-fill-icon";
import { STATUS_TONES, TONES } from "./tone";

const STATUS_ICONS: Record<TagStatus, Icon> = {
  "not-triggered": StopIcon,
  "run-failed": XCircleFillIcon,
  "missing-release": PackageIcon,
  "missing-assets": AlertIcon,
  "draft-release": IssueDraftIcon,
  "run-pending": DotFillIcon,
  healthy: CheckCircleFillIcon,
};

type Props = {
  status: TagStatus;
  /** Shown before the label, for summaries: "2 Not triggered". */
  count?: number;
  size?: "small" | "medium";
};

/** A tag's status as GitHub draws states: an icon and a word in the status colour. */
export function StatusPill({ status, count, size = "medium" }: Props) {
  const StatusIcon = STATUS_ICONS[status];
  return (
    <span
      className={`pill ${size === "small" ? "pill-sm" : "pill-md"} ${TONES[STATUS_TONES[status]].pill}`}
    >
      <StatusIcon
        size={size === "small" ? 12 : 14}
        aria-hidden
        className={status === "run-pending" ? "motion-safe:animate-pulse" : undefined}
      />
      {/* One text node, not a span for the count: a hundred overview cards carry one to three each. */}
      {count === undefined ? STATUS_LABELS[status] : `${count} ${STATUS_LABELS[status]}`}
    </span>
  );
}
