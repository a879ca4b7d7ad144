import type { AppError } from "@/lib/errors";
import { type JudgedRepository, TAG_STATUSES, type TagStatus } from "@/lib/health/types";

// What an overview shows about each repository, and in which order: problems first. Plain data,
// no I/O; load.ts fetches, this ranks.

/** What an overview card shows about one repository. Plain data: it reaches client components. */
export type RepositoryOverviewItem = Pick<
  JudgedRepository,
  "repository" | "owner" | "name" | "url" | "isPrivate" | "isArchived" | "pending"
> & {
  pushedAt: string | null;
  latestTag: string | null;
  latestTagStatus: TagStatus | null;
  latestRelease: string | null;
  /** How many of the newest tags were judged (at most 10). */
  judged: number;
  totalTags: number;
  counts: Record<TagStatus, number>;
  flagged: number;
  worst: TagStatus;
};

/**
 * A card as the overview's client list gets it, in its props (so inline in the page, a hundred
 * times): without what the card does not show (the GitHub address, the tag total, pending) and with
 * only the statuses it has (most counts are 0). An item from the JSON API is one too.
 */
export type OverviewCard = Omit<
  RepositoryOverviewItem,
  "url" | "totalTags" | "pending" | "counts"
> & {
  counts: Partial<Record<TagStatus, number>>;
};

/** The card's props of an overview item. */
export function toOverviewCard({
  url: _url,
  totalTags: _totalTags,
  pending: _pending,
  counts,
  ...card
}: RepositoryOverviewItem): OverviewCard {
  const present = TAG_STATUSES.filter((status) => counts[status] > 0);
  return { ...card, counts: Object.fromEntries(present.map((status) => [status, counts[status]])) };
}

/** A repository an overview could not judge, and why (GitHub's words where it gave some). */
export type MissingRepository = { repository: string; owner: string; name: string; reason: string };

export type OverviewBatchResult = {
  items: RepositoryOverviewItem[];
  missing: MissingRepository[];
  /** GitHub refused the viewer's token for this batch: the page ends the session. */
  refused?: AppError;
};

/** Counts, latest tag and release of one repository's health, for a card. */
export function toOverviewItem(
  health: JudgedRepository,
  pushedAt: string | null,
  totalTags: number,
): RepositoryOverviewItem {
  const latest = health.tags[0] ?? null;
  return {
    repository: health.repository,
    owner: health.owner,
    name: health.name,
    url: health.url,
    isPrivate: health.isPrivate,
    isArchived: health.isArchived,
    pushedAt,
    latestTag: health.summary.latestTag,
    latestTagStatus: latest?.status ?? null,
    latestRelease: health.summary.latestRelease,
    judged: health.summary.total,
    totalTags,
    counts: health.summary.counts,
    flagged: health.summary.flagged,
    worst: health.summary.worst,
    pending: health.pending,
  };
}

/** What the overview's order reads of an item. */
type OverviewOrderKeys = Pick<
  RepositoryOverviewItem,
  "worst" | "latestTagStatus" | "flagged" | "pushedAt" | "repository"
>;

function isFlagged(status: TagStatus | null): boolean {
  return status !== null && status !== "healthy" && status !== "run-pending";
}

/**
 * Problems first: the worst status (not-triggered before run-failed ...), then repositories whose
 * newest tag did not ship (what users download is broken), then more flagged tags, then the most
 * recently pushed.
 */
export function compareOverviewItems(a: OverviewOrderKeys, b: OverviewOrderKeys): number {
  return (
    TAG_STATUSES.indexOf(a.worst) - TAG_STATUSES.indexOf(b.worst) ||
    Number(isFlagged(b.latestTagStatus)) - Number(isFlagged(a.latestTagStatus)) ||
    b.flagged - a.flagged ||
    (b.pushedAt ?? "").localeCompare(a.pushedAt ?? "") ||
    a.repository.localeCompare(b.repository)
  );
}

/** The items (or cards) in overview order (a new array). */
export function sortOverviewItems<Item extends OverviewOrderKeys>(items: Item[]): Item[] {
  return [...items].sort(compareOverviewItems);
}
