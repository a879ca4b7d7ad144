import { createHash } from "node:crypto";
import type { RepositoryMark } from "@/lib/github/queries/repository-changes";

// Which repositories a sweep reads in full, pure. The cheap pass gives each repository's mark
// (last push, newest tags and releases); the watermark is what the last full read saw and
// concluded. A repository is read in full only when its mark moved, when something the last read
// found is due (a tag's grace period ends, a run was still going, a write was put off), when it
// has open problems not looked at for an hour, or once a day (each repository at its own time of
// day, so a large organisation's reads spread over the day). The sweep (sweep.ts) does the I/O.

/** What the last full read of a repository saw and concluded. Keyed by its node id. */
export type Watermark = {
  nodeId: string;
  databaseId: number | null;
  /** "owner/name" when it was read (names change; ids do not). */
  repository: string;
  /** The mark's fingerprint at that read. */
  fingerprint: string;
  readAt: string;
  /** A release run was queued or running: it ends without moving the mark. */
  pending: boolean;
  /** When the first tag inside its grace period becomes a problem; null when none waits. */
  dueAt: string | null;
  /** Problem tags, or an open tracking issue. */
  problems: boolean;
  /** A write this read planned was put off (pacing or GitHub's secondary limit). */
  deferred: boolean;
};

export type ReadReason = "due" | "deferred" | "changed" | "pending" | "new" | "problems" | "daily";

/** Most important first: what the sweep reads (and writes) first when its budget is short. */
export const READ_ORDER: readonly ReadReason[] = [
  "due",
  "deferred",
  "changed",
  "pending",
  "new",
  "problems",
  "daily",
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Open problems change only with something the mark shows; an hourly look catches the rest. */
export const PROBLEMS_RECHECK_MS = HOUR_MS;

/** A short, stable digest of what the mark shows (not its ids or name). */
export function fingerprintOf(mark: RepositoryMark): string {
  const moving = [
    mark.archived,
    mark.pushedAt,
    mark.tagCount,
    mark.newestTags,
    mark.releaseCount,
    mark.newestReleases,
  ];
  return createHash("sha256").update(JSON.stringify(moving)).digest("base64url").slice(0, 22);
}

/**
 * How old a full read may get before the daily look: between 12 and 24 hours, fixed per
 * repository (from its id), so reads made together drift apart and spread over the day.
 */
export function dailyAgeMs(nodeId: string): number {
  const spread = createHash("sha256").update(nodeId).digest().readUInt32BE(0) / 0x1_0000_0000;
  return Math.round(DAY_MS * (0.5 + 0.5 * spread));
}

/** Why a repository needs a full read now; null when its watermark still holds. */
export function readReason(
  watermark: Watermark | null,
  mark: RepositoryMark,
  now: Date,
): ReadReason | null {
  if (!watermark) return "new";
  const at = now.getTime();
  if (watermark.dueAt !== null && Date.parse(watermark.dueAt) <= at) return "due";
  if (watermark.deferred) return "deferred";
  if (watermark.fingerprint !== fingerprintOf(mark)) return "changed";
  if (watermark.pending) return "pending";
  const age = at - Date.parse(watermark.readAt);
  if (watermark.problems && age >= PROBLEMS_RECHECK_MS) return "problems";
  if (age >= dailyAgeMs(watermark.nodeId)) return "daily";
  return null;
}

/** The repositories to read in full, most important first (then in the installation's order). */
export function orderReads<T extends { reason: ReadReason }>(reads: T[]): T[] {
  return reads
    .map((read, index) => ({ read, index }))
    .sort(
      (a, b) =>
        READ_ORDER.indexOf(a.read.reason) - READ_ORDER.indexOf(b.read.reason) || a.index - b.index,
    )
    .map(({ read }) => read);
}

/** Where a sweep resumes its cheap pass: the stored position when it still names that repository. */
export function resumeIndex(
  cursor: { index: number; nodeId: string } | null,
  nodeIds: string[],
): number {
  if (!cursor) return 0;
  if (nodeIds[cursor.index] === cursor.nodeId) return cursor.index;
  // The list changed (repositories added or removed): find the repository, else start over.
  const found = nodeIds.indexOf(cursor.nodeId);
  return found === -1 ? 0 : found;
}

/** The batches of the cheap pass from `start`, wrapping around: every repository once. */
export function passOrder<T>(items: T[], start: number, size: number): T[][] {
  const ordered = [...items.slice(start), ...items.slice(0, start)];
  const batches: T[][] = [];
  for (let offset = 0; offset < ordered.length; offset += size)
    batches.push(ordered.slice(offset, offset + size));
  return batches;
}
