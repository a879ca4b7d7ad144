import "server-only";
import type { GitHubClient } from "@/lib/github/client";
import type { OpenIssue } from "@/lib/github/queries/watch-repository";
import { rest } from "@/lib/github/rest";
import { type IssueChange, WATCH_LABEL } from "./issue-text";

// The tracking issue on GitHub, changed as planIssue says (REST). The full read (read.ts) finds
// it by its label and marker.

type Repository = { owner: string; repo: string };
type Issue = Repository & { issue_number: number };

function editIssue(client: GitHubClient, issue: Issue, fields: { body: string; state?: "closed" }) {
  const closing = fields.state ? { state_reason: "completed" as const } : {};
  return rest(client, "PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...issue,
    ...fields,
    ...closing,
  });
}

function comment(client: GitHubClient, issue: Issue, body: string) {
  return rest(client, "POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...issue,
    body,
  });
}

/** Opens, edits or closes the tracking issue; the issue that stays open, if any. */
export async function applyIssueChange(
  client: GitHubClient,
  { owner, repo }: Repository,
  open: OpenIssue | null,
  change: IssueChange,
): Promise<{ number: number; url: string } | null> {
  if (change.kind === "open") {
    const { data } = await rest(client, "POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: change.title,
      body: change.body,
      labels: [WATCH_LABEL],
    });
    return { number: data.number, url: data.html_url };
  }
  if (!open) return null;
  const issue = { owner, repo, issue_number: open.number };
  switch (change.kind) {
    case "none":
      return { number: open.number, url: open.url };
    case "update":
      // The body first: should the comment fail, the next round finds the tag listed and does
      // not comment twice.
      await editIssue(client, issue, { body: change.body });
      if (change.comment) await comment(client, issue, change.comment);
      return { number: open.number, url: open.url };
    case "close":
      await editIssue(client, issue, { body: change.body, state: "closed" });
      await comment(client, issue, change.comment);
      return null;
  }
}
