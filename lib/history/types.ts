// The public JSON of `GET /api/repos/{owner}/{repo}/history` (docs/history.md): how a repository's
// tags of the last 12 months (or its last 100 tags) shipped, tag by tag, month by month.

/**
 * How a tag shipped: its release run on its own (`itself`), after a re-run of that run, after a
 * workflow_dispatch (by a person or by tagwatch), or by hand: a release with no successful run.
 */
export type ShippedBy = "itself" | "rerun" | "dispatch" | "manual";

/** Who dispatched the run that shipped a tag: tagwatch's watch mode, or a person. */
export type DispatchedBy = "tagwatch" | "person";

export type TagHistory = {
  name: string;
  /** When the tag reached GitHub, as far as GitHub says (ISO 8601, UTC). */
  pushedAt: string;
  /** When the dashboard's Shipped became true: publication, or the last expected asset if later. */
  shippedAt: string | null;
  minutesToShip: number | null;
  shippedBy: ShippedBy | null;
  /** For `dispatch` only. */
  dispatchedBy: DispatchedBy | null;
};

export type MonthHistory = {
  /** "2026-11": a calendar month in UTC. */
  month: string;
  tags: number;
  shippedItself: number;
  /** Shipped after a re-run, a dispatch, or by hand. */
  neededHelp: number;
  /** Not shipped (yet): no run, a failed or running run, a draft, missing assets. */
  notShipped: number;
  medianMinutesToShip: number | null;
  p90MinutesToShip: number | null;
};

export type HistorySummary = {
  medianMinutesToShip: number | null;
  p90MinutesToShip: number | null;
  /** Of every tag in the period, the share (0..1) that shipped on its own; null without tags. */
  shippedItselfShare: number | null;
  /** From a tag that did not ship on its own to the moment it (or a later tag) shipped. */
  medianMinutesToRecover: number | null;
};

export type RepositoryHistory = {
  /** "owner/name" */
  repository: string;
  /** Newest first. */
  tags: TagHistory[];
  /** Oldest first, every month of the period (zeros included). */
  months: MonthHistory[];
  summary: HistorySummary;
  /** What limits the numbers (fewer tags than 12 months hold, runs GitHub did not list). */
  notes: string[];
};
