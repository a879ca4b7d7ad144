import {
  type HealthSummary,
  type JudgedTag,
  type ReleaseInfo,
  TAG_STATUSES,
  type TagStatus,
} from "./types";

/** A status in words, as the dashboard, badges and the tracking issue say it. */
export const STATUS_LABELS: Record<TagStatus, string> = {
  "not-triggered": "Not triggered",
  "run-failed": "Run failed",
  "missing-release": "No release",
  "missing-assets": "Missing assets",
  "draft-release": "Draft",
  "run-pending": "Running",
  healthy: "Shipped",
};

/** True for a status that needs the maintainer: anything but shipped or still running. */
export function isFlagged(status: TagStatus | null): boolean {
  return status !== null && status !== "healthy" && status !== "run-pending";
}

/** Counts tags per status and picks the worst status, the latest tag and the latest published release. */
export function getHealthSummary(tags: JudgedTag[], releases: ReleaseInfo[]): HealthSummary {
  const counts = Object.fromEntries(TAG_STATUSES.map((status) => [status, 0])) as Record<
    TagStatus,
    number
  >;
  for (const tag of tags) counts[tag.status] += 1;
  const worst =
    TAG_STATUSES.find((status) => status !== "healthy" && counts[status] > 0) ?? "healthy";
  return {
    total: tags.length,
    counts,
    flagged: tags.filter((tag) => isFlagged(tag.status)).length,
    worst,
    latestTag: tags[0]?.name ?? null,
    // Releases come newest first.
    latestRelease: releases.find((release) => !release.isDraft)?.tagName ?? null,
  };
}

export type SummaryHeadline = {
  tone: "empty" | "flagged" | "running" | "shipped";
  text: string;
};

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The one-line verdict on a repository's tags, the same on the page and for screen readers.
 * `partial`: older tags exist beyond the summarised ones, so the wording says "newest".
 */
export function describeSummary(summary: HealthSummary, partial = false): SummaryHeadline {
  const scope = partial ? "newest " : "";
  if (summary.total === 0) return { tone: "empty", text: "No tags to check" };
  if (summary.flagged > 0) {
    return {
      tone: "flagged",
      text: `${summary.flagged} of ${count(summary.total, `${scope}tag`)} ${summary.flagged === 1 ? "needs" : "need"} attention`,
    };
  }
  const running = summary.counts["run-pending"];
  if (running > 0) {
    return {
      tone: "running",
      text: `Nothing flagged · ${count(running, "release run")} in progress`,
    };
  }
  return {
    tone: "shipped",
    text:
      summary.total === 1 ? `The ${scope}tag shipped` : `All ${summary.total} ${scope}tags shipped`,
  };
}
