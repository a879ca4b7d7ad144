import { listNames } from "@/lib/health/commands";
import { STATUS_LABELS } from "@/lib/health/summary";
import type { Cause } from "@/lib/health/types";
import type { RepositoryHealth, TagHealth } from "@/lib/repository/health";
import { type DispatchRecord, statusFinding, type WatchPlan, type WatchRecord } from "./rules";

// The one tracking issue of a watched repository, pure: its body (every problem tag, its cause,
// its fix and what tagwatch did, with the record kept in a comment), and whether to open, edit or
// close it.

/** The label and the body marker that identify tagwatch's tracking issue. */
export const WATCH_LABEL = "tagwatch";
export const ISSUE_MARKER = "<!-- tagwatch -->";
export const ISSUE_TITLE = "tagwatch: tags that did not ship";
const STATE_PREFIX = "<!-- tagwatch:state ";

const CAUSE_LABELS: Record<Cause, string> = {
  "github-token": "pushed with GITHUB_TOKEN",
  "too-many-tags": "more than three tags pushed at once",
  "workflow-disabled": "release workflow disabled",
  "no-matching-workflow": "no workflow runs on this tag",
  "github-token-release": "release made with GITHUB_TOKEN",
  "manual-only": "the release workflow runs only when dispatched",
  "release-bot": "the release bot did not release it",
  "upstream-not-run": "the workflow it waits for did not run",
  "chain-not-fired": "the workflow_run chain did not start",
  "no-release-published": "no release was published to start it",
  "release-type": "its release type does not start the workflow",
  unknown: "unknown",
};

/** A UTC time for issue text: "2026-12-01 08:31 UTC". */
export function formatWhen(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function code(text: string): string {
  return `\`${text.replaceAll("`", "'")}\``;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function describeDispatch(record: DispatchRecord, tag: TagHealth | undefined): string {
  const when = formatWhen(record.at);
  if (record.error) {
    return `dispatch of ${record.workflow} failed at ${when}: ${record.error} (not retried)`;
  }
  const run = record.runUrl ? ` ([run](${record.runUrl}))` : "";
  const failed =
    tag && (tag.status === "run-failed" || tag.status === "missing-release")
      ? "; that run did not ship the tag, and tagwatch does not dispatch twice"
      : "";
  return `dispatched ${record.workflow} at ${when}${run}${failed}`;
}

export type IssueInput = {
  health: RepositoryHealth;
  plan: WatchPlan;
  /** The record after this round's dispatches. */
  record: WatchRecord;
  /** The dashboard page of this repository, when the deployment's URL is known. */
  dashboardUrl: string | null;
  redispatch: boolean;
};

/** The tags the issue lists: every problem, plus listed tags whose fix is still running. */
function issueTags(input: IssueInput): TagHealth[] {
  const problems = new Set(input.plan.problems.map((problem) => problem.tag.name));
  return input.health.tags.filter(
    (tag) =>
      problems.has(tag.name) ||
      (input.record.listed.includes(tag.name) && tag.status === "run-pending"),
  );
}

/** The tracking issue's body: every problem tag with status, cause, fix and what tagwatch did. */
export function renderIssueBody(input: IssueInput): string {
  const { health, record } = input;
  const tags = issueTags(input);
  const lines = [ISSUE_MARKER];
  if (tags.length === 0) {
    lines.push(`Every tag of ${health.repository} that tagwatch listed here has shipped.`);
  } else {
    lines.push(
      `tagwatch watches the tags of ${health.repository}. These did not ship a complete release:`,
      "",
      "| tag | status | cause | what tagwatch did |",
      "| --- | --- | --- | --- |",
    );
  }
  for (const tag of tags) {
    const finding = statusFinding(tag);
    const cause = finding?.cause ? CAUSE_LABELS[finding.cause] : "";
    const dispatched = record.dispatched[tag.name];
    const did = dispatched
      ? describeDispatch(dispatched, tag)
      : input.redispatch && input.plan.notDispatched[tag.name]
        ? `not dispatched: ${input.plan.notDispatched[tag.name]}`
        : "reported";
    lines.push(
      `| ${code(tag.name)} | ${STATUS_LABELS[tag.status]} | ${cell(cause)} | ${cell(did)} |`,
    );
  }
  for (const tag of tags) {
    const finding = statusFinding(tag);
    lines.push("", `### ${code(tag.name)}: ${STATUS_LABELS[tag.status]}`, "");
    if (finding) lines.push(finding.message, "", `**Fix:** ${finding.hint}`);
    const fixes: string[] = [];
    if (input.dashboardUrl) fixes.push(`- Dashboard: ${input.dashboardUrl}`);
    if (tag.action) fixes.push(`- Terminal: ${code(tag.action.command)}`);
    if (fixes.length > 0) lines.push("", ...fixes);
  }
  const healed = record.listed.filter(
    (name) => !tags.some((tag) => tag.name === name) && health.tags.some((t) => t.name === name),
  );
  if (healed.length > 0) {
    lines.push("", `Shipped since they were listed: ${healed.map(code).join(", ")}.`);
    for (const name of healed) {
      const dispatched = record.dispatched[name];
      if (dispatched) lines.push(`- ${code(name)}: ${describeDispatch(dispatched, undefined)}`);
    }
  }
  lines.push(
    "",
    "<sub>tagwatch edits this issue as tags join or ship, and closes it when every tag has shipped.</sub>",
    `${STATE_PREFIX}${JSON.stringify({ ...record, listed: tags.map((tag) => tag.name) })} -->`,
  );
  return lines.join("\n");
}

/** The record kept in an issue body; empty when the body has none or it is unreadable. */
export function readIssueRecord(body: string | null | undefined): WatchRecord {
  if (!body) return { listed: [], dispatched: {} };
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start < 0) return { listed: [], dispatched: {} };
  const end = body.indexOf(" -->", start);
  try {
    const value = JSON.parse(body.slice(start + STATE_PREFIX.length, end)) as Partial<WatchRecord>;
    return {
      listed: Array.isArray(value.listed)
        ? value.listed.filter((name) => typeof name === "string")
        : [],
      dispatched: value.dispatched && typeof value.dispatched === "object" ? value.dispatched : {},
    };
  } catch {
    return { listed: [], dispatched: {} };
  }
}

/** Whether an issue is tagwatch's own (its label alone could be anyone's). */
export function isTrackingIssue(body: string | null | undefined): boolean {
  return body?.includes(ISSUE_MARKER) ?? false;
}

export type IssueChange =
  | { kind: "none" }
  | { kind: "open"; title: string; body: string }
  | { kind: "update"; body: string; comment: string | null }
  | { kind: "close"; body: string; comment: string };

/**
 * What to do with the tracking issue: open it for the first problem, edit it in place (a comment
 * only when a new tag joins), close it with a short comment when every listed tag has shipped.
 */
export function planIssue(
  input: IssueInput,
  open: { body: string } | null,
  enabled: boolean,
): IssueChange {
  const tags = issueTags(input);
  if (!open) {
    if (!enabled || tags.length === 0) return { kind: "none" };
    return { kind: "open", title: ISSUE_TITLE, body: renderIssueBody(input) };
  }
  const body = renderIssueBody(input);
  if (tags.length === 0) {
    const shipped = input.record.listed;
    const what = shipped.length > 0 ? `${listNames(shipped.map(code))} shipped` : "Nothing is left";
    return {
      kind: "close",
      body,
      comment: `${what}: every tag tagwatch watches has a complete release now. Closing.`,
    };
  }
  const joined = tags.filter((tag) => !input.record.listed.includes(tag.name));
  const comment =
    joined.length > 0
      ? `${listNames(joined.map((tag) => `${code(tag.name)} (${STATUS_LABELS[tag.status].toLowerCase()})`))} joined the list above.`
      : null;
  if (body === open.body && comment === null) return { kind: "none" };
  return { kind: "update", body, comment };
}
