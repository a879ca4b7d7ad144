import { appOfBot, hasAppPermission, installationFor } from "../../state/apps";
import type { Issue } from "../../state/issues";
import type { Repo } from "../../state/model";
import { iso } from "../../state/model";
import { type Args, connection, TypedGraphQLError } from "../connection";
import type { Graph } from "../graph";

// `repository.issues` / `repository.issue`: issues, their labels and comments. An installation
// token needs the App's Issues permission, as on GitHub.

/** An installation token needs the App's Issues permission to read issues. */
export function checkIssuesAccess(g: Graph, repo: Repo): void {
  const app = appOfBot(g.world, g.viewer);
  if (!app) return;
  const installation = installationFor(g.world, app, repo);
  if (!installation || !hasAppPermission(installation.permissions, "issues", "read"))
    throw new TypedGraphQLError("FORBIDDEN", "Resource not accessible by integration");
}

export function issuesConnection(g: Graph, repo: Repo, args: Args) {
  checkIssuesAccess(g, repo);
  const states = (args.states as string[] | null | undefined)?.map((state) => state.toLowerCase());
  const labels = (args.labels as string[] | null | undefined)?.map((label) => label.toLowerCase());
  const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
    field: "CREATED_AT",
    direction: "ASC",
  };
  const key = (issue: Issue) =>
    order.field === "UPDATED_AT"
      ? issue.updatedAt
      : order.field === "COMMENTS"
        ? issue.comments.length
        : issue.createdAt;
  const issues = g.world.issues
    .issues(repo)
    .filter(
      (issue) =>
        (!states || states.includes(issue.state)) &&
        // GitHub's `labels` argument matches issues carrying any of the labels.
        (!labels || issue.labels.some((name) => labels.includes(name.toLowerCase()))),
    )
    .sort((a, b) => {
      const compared = key(a) - key(b) || a.number - b.number;
      return order.direction === "DESC" ? -compared : compared;
    });
  return connection(issues, args, (issue) => issueNode(g, repo, issue));
}

export function issueNode(g: Graph, repo: Repo, issue: Issue) {
  const path = `/${repo.owner}/${repo.name}/issues/${issue.number}`;
  const labels = issue.labels.flatMap((name) => {
    const label = g.world.issues.label(repo, name);
    return label ? [label] : [];
  });
  return {
    __typename: "Issue",
    id: issue.nodeId,
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    bodyText: issue.body ?? "",
    state: issue.state.toUpperCase(),
    stateReason: issue.stateReason?.toUpperCase() ?? null,
    closed: issue.state === "closed",
    closedAt: issue.closedAt === null ? null : iso(issue.closedAt),
    createdAt: iso(issue.createdAt),
    updatedAt: iso(issue.updatedAt),
    locked: false,
    url: `${g.base}${path}`,
    resourcePath: path,
    author: () => g.user(issue.author),
    repository: () => g.repository(repo),
    labels: (args: Args) =>
      connection(labels, args, (label) => ({
        __typename: "Label",
        id: label.nodeId,
        name: label.name,
        color: label.color,
        description: label.description,
        isDefault: label.default,
        url: `${g.base}/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
        resourcePath: `/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
      })),
    comments: (args: Args) =>
      connection(issue.comments, args, (comment) => ({
        __typename: "IssueComment",
        id: comment.nodeId,
        databaseId: comment.id,
        body: comment.body,
        bodyText: comment.body,
        createdAt: iso(comment.createdAt),
        updatedAt: iso(comment.updatedAt),
        url: `${g.base}${path}#issuecomment-${comment.id}`,
        author: () => g.user(comment.author),
      })),
  };
}
