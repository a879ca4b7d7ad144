// Watch mode's rules, pure: which tags of a watched repository are problems now, and which of
// them tagwatch may dispatch itself. round.ts does the reading and writing around them.

import type { Cause, Finding, TagStatus } from "@/lib/health/types";
import type { RepositoryHealth, TagHealth } from "@/lib/repository/health";
import type { WatchConfig } from "./config";

/** Causes a dispatch of the release workflow cures: nothing was wrong with the workflow itself. */
export const DISPATCH_CURES: ReadonlySet<Cause> = new Set<Cause>(["github-token", "too-many-tags"]);
/** Installing the App never dispatches tags older than this unless pushed after the install. */
export const RECENT_MS = 7 * 24 * 60 * 60 * 1000;

/** One dispatch tagwatch made (or tried): remembered so it is never made twice. */
export type DispatchRecord = {
  at: string;
  workflow: string;
  /** The run's page when GitHub said which run it started. */
  runUrl: string | null;
  /** GitHub's refusal, when the dispatch failed (it is not retried). */
  error: string | null;
};

/** What tagwatch did in a repository; kept in the issue body (and the shared store). */
export type WatchRecord = {
  /** Tags the open issue lists. */
  listed: string[];
  dispatched: Record<string, DispatchRecord>;
};

export const EMPTY_RECORD: WatchRecord = { listed: [], dispatched: {} };

export type WatchInput = {
  health: RepositoryHealth;
  config: WatchConfig;
  now: Date;
  /** Since when the App watches the repository (installation, or the repository's addition to it). */
  watchingSince: Date | null;
  /** When tagwatch heard of a tag's push (webhooks), by tag name; tags it never heard of use their date. */
  seenAt: Record<string, string>;
  record: WatchRecord;
};

export type WatchProblem = {
  tag: TagHealth;
  /** The finding that gives the tag its status. */
  finding: Finding;
  cause: Cause | null;
  /** When the tag became a problem: its push for a certain one, else the end of its grace. */
  since: string;
};

export type PlannedDispatch = { tag: string; workflow: string; inputs: Record<string, string> };

export type WatchPlan = {
  problems: WatchProblem[];
  /** Tags that are not right yet but still within the grace period: name -> when they become problems. */
  waiting: Record<string, string>;
  dispatch: PlannedDispatch[];
  /** Why a problem tag is not dispatched although `redispatch` is on, by tag name. */
  notDispatched: Record<string, string>;
};

const SETTLED = new Set<TagStatus>(["healthy", "run-pending"]);

/** The finding that gives the tag its status. */
export function statusFinding(tag: TagHealth): Finding | undefined {
  return tag.findings.find((finding) => finding.code === tag.status) ?? tag.findings[0];
}

/** When the tag reached GitHub as far as tagwatch can tell. */
export function pushedAt(tag: TagHealth, seenAt: Record<string, string>): Date {
  const seen = seenAt[tag.name];
  const dated = new Date(tag.date);
  if (!seen) return dated;
  const heard = new Date(seen);
  return heard > dated ? heard : dated;
}

/** Why tagwatch may not dispatch this problem tag itself; null when it may. */
function dispatchBlocker(problem: WatchProblem, input: WatchInput, pushed: Date): string | null {
  const { tag, cause } = problem;
  if (input.record.dispatched[tag.name]) return null;
  if (tag.status !== "not-triggered" || tag.runs.length > 0 || !cause || !DISPATCH_CURES.has(cause))
    return "a dispatch would not cure its cause";
  const action = tag.action;
  if (action?.kind !== "dispatch") return "there is no release workflow to dispatch";
  if (!action.available) return action.reason ?? `${action.workflow.file} cannot be dispatched`;
  if (action.needsReview) {
    const why = action.reviewReasons.length > 0 ? `: ${action.reviewReasons.join("; ")}` : "";
    return `its dispatch inputs need a person's review${why}`;
  }
  const recent = input.now.getTime() - pushed.getTime() <= RECENT_MS;
  const afterInstall = input.watchingSince !== null && pushed >= input.watchingSince;
  if (!recent && !afterInstall) {
    return "it was pushed before tagwatch watched the repository and more than 7 days ago";
  }
  return null;
}

/** Decides which tags are problems now and which tagwatch dispatches (once per tag, never retried). */
export function planWatch(input: WatchInput): WatchPlan {
  const plan: WatchPlan = { problems: [], waiting: {}, dispatch: [], notDispatched: {} };
  for (const tag of input.health.tags) {
    if (SETTLED.has(tag.status)) continue;
    const finding = statusFinding(tag);
    if (!finding) continue;
    const cause = finding.cause ?? null;
    const pushed = pushedAt(tag, input.seenAt);
    // A tag pushed with GITHUB_TOKEN will never start a run, and a failed run has ended: waiting
    // would only delay the news. Otherwise a run (or its uploads) may still be on its way.
    const certain = cause === "github-token" || tag.status === "run-failed";
    const dueAt = pushed.getTime() + input.config.graceMs;
    if (!certain && dueAt > input.now.getTime()) {
      plan.waiting[tag.name] = new Date(dueAt).toISOString();
      continue;
    }
    const since = new Date(certain ? pushed.getTime() : dueAt).toISOString();
    const problem: WatchProblem = { tag, finding, cause, since };
    plan.problems.push(problem);
    if (!input.config.redispatch || input.record.dispatched[tag.name]) continue;
    const blocker = dispatchBlocker(problem, input, pushed);
    if (blocker) {
      if (tag.status === "not-triggered") plan.notDispatched[tag.name] = blocker;
      continue;
    }
    if (tag.action?.kind === "dispatch") {
      plan.dispatch.push({
        tag: tag.name,
        workflow: tag.action.workflow.file,
        inputs: tag.action.inputs,
      });
    }
  }
  return plan;
}
