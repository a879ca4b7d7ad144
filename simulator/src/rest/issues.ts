import type { Issue, IssueComment, Label } from "../state/issues";
import { iso, PERMISSION_RANK, type Repo } from "../state/model";
import { parseBody, type RestContext, type RestResponse, restError } from "./context";
import { simpleUser } from "./json";

// The issues REST API: issues (list with state/labels filters, create, get, edit, close),
// comments and labels, with GitHub's permission rules (anyone who can read a repository can open
// an issue and comment; labels, and editing others' issues, need triage; new labels need write).

function validationFailed(resource: string, code: string, field: string): RestResponse {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource, code, field }],
      documentation_url: "https://docs.github.com/rest/issues/issues",
      status: "422",
    },
  };
}

function labelJson(ctx: RestContext, repo: Repo, label: Label) {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

function association(ctx: RestContext, repo: Repo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const owner = ctx.world.accounts.get(repo.owner.toLowerCase());
  if (owner?.members.has(login.toLowerCase())) return "MEMBER";
  if (repo.collaborators.has(login.toLowerCase())) return "COLLABORATOR";
  return "NONE";
}

export function issueJson(ctx: RestContext, repo: Repo, issue: Issue) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${ctx.api}/repos/${full}/issues/${issue.number}`;
  return {
    id: issue.id,
    node_id: issue.nodeId,
    url,
    repository_url: `${ctx.api}/repos/${full}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.base}/${full}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(ctx, issue.author),
    labels: issue.labels.flatMap((name) => {
      const label = ctx.world.issues.label(repo, name);
      return label ? [labelJson(ctx, repo, label)] : [];
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    closed_by: issue.closedBy ? simpleUser(ctx, issue.closedBy) : null,
    author_association: association(ctx, repo, issue.author),
    timeline_url: `${url}/timeline`,
  };
}

function commentJson(ctx: RestContext, repo: Repo, issue: Issue, comment: IssueComment) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${ctx.api}/repos/${full}/issues/comments/${comment.id}`,
    html_url: `${ctx.base}/${full}/issues/${issue.number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(ctx, comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    issue_url: `${ctx.api}/repos/${full}/issues/${issue.number}`,
    author_association: association(ctx, repo, comment.author),
  };
}

/** A page of `items` with GitHub's Link header (octokit's paginate follows rel="next"). */
function page<T>(
  ctx: RestContext,
  path: string,
  query: URLSearchParams,
  items: T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
  const current = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const params = new URLSearchParams(query);
    params.set("per_page", String(perPage));
    params.set("page", String(n));
    return `<${ctx.api}${path}?${params}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (current < last) links.push(link(current + 1, "next"), link(last, "last"));
  if (current > 1) links.push(link(1, "first"), link(current - 1, "prev"));
  return {
    items: items.slice((current - 1) * perPage, current * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

const rank = (ctx: RestContext, repo: Repo) => {
  const permission = ctx.world.permission(repo, ctx.viewer);
  return permission ? PERMISSION_RANK[permission] : 0;
};

function stringList(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  return value.map((item) =>
    typeof item === "string" ? item : String((item as { name?: unknown })?.name ?? item),
  );
}

/** Issues, comments and labels; null when the path is none of them. */
export function handleIssuesRest(
  ctx: RestContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): RestResponse | null {
  const match =
    /^\/repos\/([^/]+)\/([^/]+)\/(issues|labels)(?:\/([^/]+))?(?:\/(comments|labels))?$/.exec(path);
  if (!match) return null;
  const [, owner, name, kind, id, sub] = match as unknown as [
    string,
    string,
    string,
    "issues" | "labels",
    string | undefined,
    "comments" | "labels" | undefined,
  ];
  const repo = ctx.world.repo(decodeURIComponent(owner), decodeURIComponent(name));
  if (!repo || !ctx.world.canSee(repo, ctx.viewer)) return restError(404, "Not Found");
  const store = ctx.world.issues;
  const now = ctx.world.now();
  const effective = method === "HEAD" ? "GET" : method;
  const write = effective !== "GET";
  if (write && repo.archived) return restError(403, "Repository was archived so is read-only.");
  const input = parseBody(body);
  if (write && !input) return restError(400, "Problems parsing JSON");
  const fields = input ?? {};

  if (kind === "labels") {
    if (!id && effective === "GET") {
      const { items, headers } = page(ctx, path, query, store.labels(repo));
      return { status: 200, body: items.map((label) => labelJson(ctx, repo, label)), headers };
    }
    if (!id && effective === "POST") {
      if (rank(ctx, repo) < PERMISSION_RANK.WRITE)
        return restError(403, "Must have push access to repository");
      if (typeof fields.name !== "string" || !fields.name)
        return validationFailed("Label", "missing_field", "name");
      if (store.label(repo, fields.name))
        return validationFailed("Label", "already_exists", "name");
      const color = typeof fields.color === "string" ? fields.color : "ededed";
      if (!/^#?[0-9a-f]{6}$/i.test(color)) return validationFailed("Label", "invalid", "color");
      const label = store.createLabel(
        repo,
        fields.name,
        color,
        typeof fields.description === "string" ? fields.description : null,
      );
      return { status: 201, body: labelJson(ctx, repo, label) };
    }
    if (id && !sub && effective === "GET") {
      const label = store.label(repo, decodeURIComponent(id));
      return label
        ? { status: 200, body: labelJson(ctx, repo, label) }
        : restError(404, "Not Found");
    }
    return restError(404, "Not Found");
  }

  if (!id) {
    if (effective === "GET") {
      const state = query.get("state") ?? "open";
      const labels = (query.get("labels") ?? "")
        .split(",")
        .map((label) => label.trim().toLowerCase())
        .filter(Boolean);
      const creator = query.get("creator")?.toLowerCase();
      const since = query.get("since") ? Date.parse(query.get("since") as string) : null;
      const sort = query.get("sort") ?? "created";
      const direction = query.get("direction") ?? "desc";
      const key = (issue: Issue) =>
        sort === "updated"
          ? issue.updatedAt
          : sort === "comments"
            ? issue.comments.length
            : issue.createdAt;
      const issues = store
        .issues(repo)
        .filter(
          (issue) =>
            (state === "all" || issue.state === state) &&
            labels.every((label) => issue.labels.some((name) => name.toLowerCase() === label)) &&
            (!creator || issue.author.toLowerCase() === creator) &&
            (since === null || issue.updatedAt >= since),
        )
        .sort((a, b) => {
          const compared = key(a) - key(b) || a.number - b.number;
          return direction === "asc" ? compared : -compared;
        });
      const { items, headers } = page(ctx, path, query, issues);
      return { status: 200, body: items.map((issue) => issueJson(ctx, repo, issue)), headers };
    }
    if (effective === "POST") {
      if (typeof fields.title !== "string" && typeof fields.title !== "number")
        return validationFailed("Issue", "missing_field", "title");
      const labels = stringList(fields.labels);
      if (labels === null) return validationFailed("Issue", "invalid", "labels");
      // People without triage access may open issues, but their labels are dropped.
      const canLabel = rank(ctx, repo) >= PERMISSION_RANK.TRIAGE;
      const issue = store.createIssue(repo, {
        title: String(fields.title),
        body: typeof fields.body === "string" ? fields.body : null,
        labels: canLabel ? labels : [],
        author: ctx.viewer,
        at: now,
      });
      return {
        status: 201,
        body: issueJson(ctx, repo, issue),
        headers: { location: `${ctx.api}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` },
      };
    }
    return restError(404, "Not Found");
  }

  const issue = /^\d+$/.test(id) ? store.issue(repo, Number(id)) : undefined;
  if (!issue) return restError(404, "Not Found");

  if (sub === "comments") {
    if (effective === "GET") {
      const { items, headers } = page(ctx, path, query, issue.comments);
      return {
        status: 200,
        body: items.map((comment) => commentJson(ctx, repo, issue, comment)),
        headers,
      };
    }
    if (effective === "POST") {
      if (typeof fields.body !== "string" || !fields.body)
        return validationFailed("IssueComment", "missing_field", "body");
      const comment = store.addComment(issue, fields.body, ctx.viewer, now);
      const created = commentJson(ctx, repo, issue, comment);
      return { status: 201, body: created, headers: { location: created.url } };
    }
    return restError(404, "Not Found");
  }

  if (sub === "labels") {
    if (effective === "GET") return { status: 200, body: issueJson(ctx, repo, issue).labels };
    if (effective === "POST" || effective === "PUT") {
      if (rank(ctx, repo) < PERMISSION_RANK.TRIAGE)
        return restError(403, "Must have triage access to repository");
      const names = stringList(fields.labels);
      if (names === null) return validationFailed("Label", "invalid", "labels");
      const added = store.ensureLabels(repo, names);
      issue.labels =
        effective === "PUT"
          ? added
          : [...issue.labels, ...added.filter((n) => !issue.labels.includes(n))];
      issue.updatedAt = now;
      return { status: 200, body: issueJson(ctx, repo, issue).labels };
    }
    return restError(404, "Not Found");
  }

  if (effective === "GET") return { status: 200, body: issueJson(ctx, repo, issue) };
  if (effective === "PATCH") {
    const triage = rank(ctx, repo) >= PERMISSION_RANK.TRIAGE;
    const own = issue.author.toLowerCase() === ctx.viewer.toLowerCase();
    if (!triage && !own) return restError(403, "Must have triage access to repository");
    if (fields.state !== undefined && fields.state !== "open" && fields.state !== "closed")
      return validationFailed("Issue", "invalid", "state");
    const reason = fields.state_reason;
    if (
      reason !== undefined &&
      reason !== null &&
      reason !== "completed" &&
      reason !== "not_planned" &&
      reason !== "reopened"
    )
      return validationFailed("Issue", "invalid", "state_reason");
    if (typeof fields.title === "string") issue.title = fields.title;
    if (typeof fields.body === "string" || fields.body === null) issue.body = fields.body;
    if (fields.labels !== undefined && triage) {
      const names = stringList(fields.labels);
      if (names === null) return validationFailed("Issue", "invalid", "labels");
      issue.labels = store.ensureLabels(repo, names);
    }
    if (fields.state === "open" || fields.state === "closed")
      store.setState(
        issue,
        fields.state,
        (reason as Issue["stateReason"]) ?? null,
        ctx.viewer,
        now,
      );
    issue.updatedAt = now;
    return { status: 200, body: issueJson(ctx, repo, issue) };
  }
  return restError(404, "Not Found");
}

/** Control API: `GET /_simulator/issues?owner=&repo=` (every repository when omitted). */
export function issuesControl(ctx: RestContext, query: URLSearchParams) {
  const owner = query.get("owner")?.toLowerCase();
  const name = query.get("repo")?.toLowerCase();
  const repos = [...ctx.world.repos.values()].filter(
    (repo) =>
      (!owner || repo.owner.toLowerCase() === owner) && (!name || repo.name.toLowerCase() === name),
  );
  return {
    issues: repos.flatMap((repo) =>
      ctx.world.issues.issues(repo).map((issue) => ({
        repository: `${repo.owner}/${repo.name}`,
        ...issueJson(ctx, repo, issue),
        comment_bodies: issue.comments.map((comment) => ({
          author: comment.author,
          body: comment.body,
          created_at: iso(comment.createdAt),
        })),
      })),
    ),
  };
}
