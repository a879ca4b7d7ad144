import { STATUS_LABELS } from "@/lib/health/summary";
import type { Finding, TagStatus } from "@/lib/health/types";
import type { TagHealth } from "@/lib/repository/health";
import type { EventType, NotifyEvent } from "./types";

// What happened in one watch round, as events, pure. A tag joins the repository's memory when it
// becomes a problem (tag.unshipped, and run.failed when its run failed), a run failing later on a
// tag already known is run.failed, a dispatch is tag.dispatched, and a remembered tag that is
// healthy now is tag.shipped (and leaves the memory). A tag still running stays remembered.

/** Problem tags the notifications of a repository remember: name -> since when, and its status. */
export type NotifyMemory = Record<string, { since: string; status: TagStatus }>;

export type RoundProblem = { tag: TagHealth; finding: Finding; since: string };

/** What a watch round knows after it wrote the issue. */
export type RoundFacts = {
  repository: string;
  at: string;
  /** The tags that are problems now (past their grace period). */
  problems: RoundProblem[];
  /** Every tag of the page read. */
  tags: TagHealth[];
  /** Tags dispatched in this round. */
  dispatchedNow: string[];
  /** Every dispatch tagwatch made in the repository, by tag. */
  dispatches: Record<string, { workflow: string; runUrl: string | null }>;
  dashboardUrl: string | null;
  issueUrl: string | null;
};

function event(
  facts: RoundFacts,
  type: EventType,
  tag: TagHealth,
  since: string,
  sentence: string,
  run: string | null,
): NotifyEvent {
  return {
    type,
    repository: facts.repository,
    tag: tag.name,
    status: STATUS_LABELS[tag.status],
    sentence,
    since,
    at: facts.at,
    links: { dashboard: facts.dashboardUrl, run, issue: facts.issueUrl },
  };
}

function dispatchedSentence(tag: string, workflow: string): string {
  return `tagwatch dispatched ${workflow} on ${tag}, as the repository's .github/tagwatch.yml allows (redispatch: true).`;
}

function shippedSentence(tag: TagHealth, workflow: string | undefined): string {
  const after = workflow ? `, after tagwatch dispatched ${workflow}` : "";
  return `${tag.name} has a published release with every expected asset${after}.`;
}

/** The events of one round and the memory after it. */
export function eventsOfRound(
  facts: RoundFacts,
  memory: NotifyMemory,
): { events: NotifyEvent[]; memory: NotifyMemory } {
  const events: NotifyEvent[] = [];
  const next: NotifyMemory = {};
  const problems = new Map(facts.problems.map((problem) => [problem.tag.name, problem]));

  for (const { tag, finding, since: begun } of facts.problems) {
    const known = memory[tag.name];
    const since = known?.since ?? begun;
    const run = tag.runs[0]?.url ?? null;
    if (!known) events.push(event(facts, "tag.unshipped", tag, since, finding.message, run));
    if (tag.status === "run-failed" && known?.status !== "run-failed") {
      events.push(event(facts, "run.failed", tag, since, finding.message, run));
    }
    next[tag.name] = { since, status: tag.status };
  }

  for (const name of facts.dispatchedNow) {
    const tag = facts.tags.find((candidate) => candidate.name === name);
    const dispatch = facts.dispatches[name];
    if (!tag || !dispatch) continue;
    const since = next[name]?.since ?? problems.get(name)?.since ?? facts.at;
    events.push(
      event(
        facts,
        "tag.dispatched",
        tag,
        since,
        dispatchedSentence(name, dispatch.workflow),
        dispatch.runUrl,
      ),
    );
  }

  for (const [name, known] of Object.entries(memory)) {
    if (problems.has(name)) continue;
    const tag = facts.tags.find((candidate) => candidate.name === name);
    // Deleted, or no longer on the page read: forgotten without a word.
    if (!tag) continue;
    if (tag.status === "healthy") {
      const dispatch = facts.dispatches[name];
      const run = dispatch?.runUrl ?? tag.runs[0]?.url ?? null;
      events.push(
        event(
          facts,
          "tag.shipped",
          tag,
          known.since,
          shippedSentence(tag, dispatch?.workflow),
          run,
        ),
      );
      continue;
    }
    // Still running (or back within a grace period): remembered until it settles.
    next[name] = { since: known.since, status: tag.status };
  }
  return { events, memory: next };
}
