import {
  type HealthSummary,
  type ReleaseInfo,
  TAG_STATUSES,
  type TagHealth,
  type TagStatus,
} from "./types";

/** Counts tags per status and picks the worst status, the latest tag and the latest published release. */
export function getHealthSummary(tags: TagHealth[], releases: ReleaseInfo[]): HealthSummary {
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
    flagged: tags.filter((tag) => tag.status !== "healthy" && tag.status !== "run-pending").length,
    worst,
    latestTag: tags[0]?.name ?? null,
    // Releases come newest first.
    latestRelease: releases.find((release) => !release.isDraft)?.tagName ?? null,
  };
}
