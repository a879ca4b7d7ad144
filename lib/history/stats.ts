import type { HistorySummary, MonthHistory, TagHistory } from "./types";

// The numbers of a release history: calendar months in UTC, medians and 90th percentiles of
// minutes, the time to recover. Pure.

/** The history covers this many calendar months, the current one included. */
export const HISTORY_MONTHS = 12;

/** "2026-11": the UTC calendar month of an instant. */
export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** Whole and tenth minutes from one instant to a later one; never negative (clock skew). */
export function minutesBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.round((toMs - fromMs) / 6_000) / 10);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The median: the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return round(value, 1);
}

/** The nearest-rank 90th percentile: the smallest value at least 90% of the values do not exceed. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] ?? null;
}

export type HistoryPeriod = {
  /** The first instant of the period (the start of its first month). */
  from: number;
  months: string[];
  /** The period starts later than 12 months back: GitHub had more tags than were read. */
  truncated: boolean;
};

/**
 * The last 12 calendar months up to `now`, or fewer when the tags read do not reach that far
 * back and GitHub has older ones (`oldestRead`: the oldest tag read; null when it read them all).
 */
export function getHistoryPeriod(now: Date, oldestRead: number | null): HistoryPeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  let from = Date.UTC(year, month - (HISTORY_MONTHS - 1), 1);
  let truncated = false;
  if (oldestRead !== null && Number.isFinite(oldestRead) && oldestRead > from) {
    const oldest = new Date(oldestRead);
    from = Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth(), 1);
    truncated = true;
  }
  const months: string[] = [];
  for (let cursor = new Date(from); cursor.getTime() <= now.getTime(); ) {
    months.push(monthOf(cursor.getTime()));
    cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 1));
  }
  return { from, months, truncated };
}

function minutesOf(tags: readonly TagHistory[]): number[] {
  return tags.flatMap((tag) => (tag.minutesToShip === null ? [] : [tag.minutesToShip]));
}

/** Each month of the period with its tags (by push, UTC); a tag dated after the last month counts in it. */
export function getMonths(tags: readonly TagHistory[], months: readonly string[]): MonthHistory[] {
  const byMonth = new Map<string, TagHistory[]>(months.map((month) => [month, []]));
  const last = months.at(-1);
  for (const tag of tags) {
    const month = monthOf(Date.parse(tag.pushedAt));
    const bucket =
      byMonth.get(month) ?? (last !== undefined && month > last ? byMonth.get(last) : undefined);
    bucket?.push(tag);
  }
  return months.map((month) => {
    const inMonth = byMonth.get(month) ?? [];
    const minutes = minutesOf(inMonth);
    const shippedItself = inMonth.filter((tag) => tag.shippedBy === "itself").length;
    const notShipped = inMonth.filter((tag) => tag.shippedBy === null).length;
    return {
      month,
      tags: inMonth.length,
      shippedItself,
      neededHelp: inMonth.length - shippedItself - notShipped,
      notShipped,
      medianMinutesToShip: median(minutes),
      p90MinutesToShip: p90(minutes),
    };
  });
}

/**
 * Minutes from each tag that did not ship on its own to the first moment it, or a tag pushed
 * after it, shipped; tags that nothing has recovered yet are left out.
 */
export function getMinutesToRecover(tags: readonly TagHistory[]): number[] {
  const pushed = (tag: TagHistory) => Date.parse(tag.pushedAt);
  return tags.flatMap((tag) => {
    if (tag.shippedBy === "itself") return [];
    const recovered = tags
      .filter((later) => later.shippedAt !== null && pushed(later) >= pushed(tag))
      .map((later) => Date.parse(later.shippedAt as string));
    if (recovered.length === 0) return [];
    return [minutesBetween(pushed(tag), Math.min(...recovered))];
  });
}

/** The period's numbers: time to ship, the share that shipped on its own, time to recover. */
export function getSummary(tags: readonly TagHistory[]): HistorySummary {
  const minutes = minutesOf(tags);
  const itself = tags.filter((tag) => tag.shippedBy === "itself").length;
  return {
    medianMinutesToShip: median(minutes),
    p90MinutesToShip: p90(minutes),
    shippedItselfShare: tags.length === 0 ? null : round(itself / tags.length, 4),
    medianMinutesToRecover: median(getMinutesToRecover(tags)),
  };
}
