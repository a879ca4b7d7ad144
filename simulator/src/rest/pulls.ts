import { createHash } from "node:crypto";
import {
  type Commit,
  iso,
  isWorkflowPath,
  nodeId,
  PERMISSION_RANK,
  type Repo,
  sha1,
  WORKFLOW_DIR,
} from "../state/model";
import { push } from "../state/push";
import type { World } from "../state/world";
import { parseBody, type RestContext, type RestResponse, restError } from "./context";
import { repoJson, simpleUser } from "./json";

// Branches, commits through the contents API, git refs, pull requests and workflow enabling: what
// tagwatch's "Fix the pipeline" needs. State that World does not model (pull requests, where a
// branch started) lives here, keyed by the Repo object, so a reset clears it with the world.

export type PullRequest = {
  number: number;
  id: number;
  title: string;
  body: string;
  head: string;
  base: string;
  user: string;
  state: "open" | "closed";
  merged: boolean;
  mergedAt: number | null;
  mergeCommit: string | null;
  mergedBy?: string;
  createdAt: number;
  /** The base branch's commit when the head branch was created: what the pull request changes is measured against it. */
  forkPoint: string;
};

type RepoExtras = { pulls: PullRequest[]; forkPoints: Map<string, string>; nextNumber: number };

const extras = new WeakMap<Repo, RepoExtras>();

function extrasOf(repo: Repo): RepoExtras {
  let value = extras.get(repo);
  if (!value) {
    value = { pulls: [], forkPoints: new Map(), nextNumber: 1 };
    extras.set(repo, value);
  }
  return value;
}

const notFound = () => restError(404, "Not Found");

export function blobSha(text: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");
}

/** Scopes of an OAuth token ("repo,workflow" or "read:user repo workflow"). */
export function scopesOf(scope: string): string[] {
  return scope.split(/[\s,]+/).filter(Boolean);
}

/** GitHub's answer when an OAuth token without `workflow` scope changes a workflow file. */
export function workflowScopeRefusal(path: string): RestResponse {
  // The contents API answers 404 in this case (octokit/octokit.rb#1184); the message is the one a
  // git push gets, so a person reading the simulator's log knows why.
  return {
    status: 404,
    body: {
      message: `Not Found: refusing to allow an OAuth App to create or update workflow \`${path}\` without \`workflow\` scope`,
      documentation_url:
        "https://docs.github.com/rest/repos/contents#create-or-update-file-contents",
      status: "404",
    },
  };
}

function canWrite(ctx: RestContext, repo: Repo): boolean {
  const permission = ctx.world.permission(repo, ctx.viewer);
  return permission !== null && PERMISSION_RANK[permission] >= PERMISSION_RANK.WRITE;
}

function branchJson(ctx: RestContext, repo: Repo, name: string, sha: string) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    name,
    commit: { sha, url: `${ctx.api}/repos/${full}/commits/${sha}` },
    protected: false,
  };
}

function refJson(ctx: RestContext, repo: Repo, branch: string, sha: string) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    ref: `refs/heads/${branch}`,
    node_id: nodeId("Ref", `${full}:${branch}`),
    url: `${ctx.api}/repos/${full}/git/refs/heads/${branch}`,
    object: { sha, type: "commit", url: `${ctx.api}/repos/${full}/git/commits/${sha}` },
  };
}

/** A pull request as GitHub answers it (`pull-request`; lists show the same fields and more). */
function pullJson(ctx: RestContext, repo: Repo, pull: PullRequest) {
  const full = `${repo.owner}/${repo.name}`;
  const headSha = repo.branches.get(pull.head) ?? pull.mergeCommit ?? "";
  const baseSha = repo.branches.get(pull.base) ?? "";
  const url = `${ctx.api}/repos/${full}/pulls/${pull.number}`;
  const issueUrl = `${ctx.api}/repos/${full}/issues/${pull.number}`;
  const html = `${ctx.base}/${full}/pull/${pull.number}`;
  const changes = changesSince(repo, pull.forkPoint, headSha);
  const lines = (text: string | null | undefined) => (text ? text.split("\n").length : 0);
  const before = repo.commits.get(pull.forkPoint)?.files;
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(ctx, repo.owner),
    repo: repoJson(ctx, repo),
  });
  const link = (href: string) => ({ href });
  return {
    url,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${ctx.api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${ctx.api}/repos/${full}/statuses/${headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    body: pull.body || null,
    user: simpleUser(ctx, pull.user),
    labels: [],
    milestone: null,
    active_lock_reason: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    draft: false,
    created_at: iso(pull.createdAt),
    updated_at: iso(pull.mergedAt ?? pull.createdAt),
    closed_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merged_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merge_commit_sha: pull.mergeCommit,
    head: branch(pull.head, headSha),
    base: branch(pull.base, baseSha),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${ctx.api}/repos/${full}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${ctx.api}/repos/${full}/statuses/${headSha}`),
    },
    author_association: pull.user === repo.owner ? "OWNER" : "COLLABORATOR",
    auto_merge: null,
    merged: pull.merged,
    mergeable: pull.state === "open" ? true : null,
    rebaseable: pull.state === "open" ? true : null,
    mergeable_state: pull.state === "open" ? "clean" : "unknown",
    merged_by: pull.merged ? simpleUser(ctx, pull.mergedBy ?? pull.user) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: Object.values(changes).reduce((sum, text) => sum + lines(text), 0),
    deletions: Object.keys(changes).reduce((sum, path) => sum + lines(before?.get(path)), 0),
    changed_files: Object.keys(changes).length,
  };
}

/** A commit on `branch` with `files` changed (null deletes), by `by`. Not a push: starts nothing. */
function commitOnBranch(
  world: World,
  repo: Repo,
  branch: string,
  options: { message: string; by: string; files: Record<string, string | null> },
): Commit {
  const parentSha = repo.branches.get(branch);
  const parent = parentSha ? repo.commits.get(parentSha) : undefined;
  const files = new Map(parent?.files ?? []);
  for (const [path, content] of Object.entries(options.files)) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  const identity = world.identity(options.by, world.now());
  const sha = sha1(
    `commit:${repo.owner}/${repo.name}:${repo.commits.size}:${branch}:${options.message}:${parentSha ?? ""}`,
  );
  const commit: Commit = {
    sha,
    message: options.message,
    author: identity,
    committer: identity,
    parents: parentSha ? [parentSha] : [],
    files,
  };
  repo.commits.set(sha, commit);
  repo.branches.set(branch, sha);
  repo.pushedAt = world.now();
  return commit;
}

/** The files a branch changed since it left its base: path -> new text (null: deleted). */
function changesSince(repo: Repo, forkPoint: string, head: string): Record<string, string | null> {
  const before = repo.commits.get(forkPoint)?.files ?? new Map<string, string>();
  const after = repo.commits.get(head)?.files ?? new Map<string, string>();
  const changes: Record<string, string | null> = {};
  for (const [path, text] of after) if (before.get(path) !== text) changes[path] = text;
  for (const path of before.keys()) if (!after.has(path)) changes[path] = null;
  return changes;
}

/**
 * Merges an open pull request: its changes become one commit on the base branch, pushed by
 * `by` (so branch-push workflows start and new workflow files are registered, as on GitHub).
 */
export function mergePull(
  world: World,
  repo: Repo,
  number: number,
  by: string,
): { ok: true; pull: PullRequest; sha: string } | { ok: false; status: number; message: string } {
  const pull = extrasOf(repo).pulls.find((candidate) => candidate.number === number);
  if (!pull) return { ok: false, status: 404, message: "Not Found" };
  if (pull.state !== "open")
    return { ok: false, status: 405, message: "Pull Request is not mergeable" };
  const head = repo.branches.get(pull.head);
  if (!head) return { ok: false, status: 422, message: "Head branch was deleted" };
  const changes = changesSince(repo, pull.forkPoint, head);
  const message = `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}\n\n${pull.title}`;
  let sha: string;
  if (pull.base === repo.defaultBranch) {
    const report = push(world, repo, {
      by,
      withGithubToken: false,
      at: world.now(),
      commit: { message, files: changes },
      history: false,
    });
    sha = report.commit ?? "";
  } else {
    sha = commitOnBranch(world, repo, pull.base, { message, by, files: changes }).sha;
  }
  pull.state = "closed";
  pull.merged = true;
  pull.mergedAt = world.now();
  pull.mergeCommit = sha;
  pull.mergedBy = by;
  return { ok: true, pull, sha };
}

const REPO = "/repos/([^/]+)/([^/]+)";

type Handler = (
  ctx: RestContext,
  repo: Repo,
  params: string[],
  query: URLSearchParams,
  body: string,
) => RestResponse;

const routes: { method: string; pattern: RegExp; handle: Handler }[] = [
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/branches$`),
    handle: (ctx, repo) => ({
      status: 200,
      body: [...repo.branches.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => branchJson(ctx, repo, name, sha)),
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/branches/(.+)$`),
    handle: (ctx, repo, [name = ""]) => {
      const branch = decodeURIComponent(name);
      const sha = repo.branches.get(branch);
      return sha
        ? { status: 200, body: branchJson(ctx, repo, branch, sha) }
        : restError(404, "Branch not found");
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/git/ref/heads/(.+)$`),
    handle: (ctx, repo, [name = ""]) => {
      const branch = decodeURIComponent(name);
      const sha = repo.branches.get(branch);
      return sha ? { status: 200, body: refJson(ctx, repo, branch, sha) } : notFound();
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/git/refs$`),
    handle: (ctx, repo, _params, _query, body) => {
      if (!canWrite(ctx, repo)) return notFound();
      const input = parseBody(body);
      if (!input) return restError(400, "Problems parsing JSON");
      const { ref, sha } = input;
      if (typeof ref !== "string" || !ref.startsWith("refs/heads/") || typeof sha !== "string")
        return restError(
          422,
          "Reference name must start with 'refs/' and have at least two slashes.",
        );
      const branch = ref.slice("refs/heads/".length);
      if (repo.branches.has(branch)) return restError(422, "Reference already exists");
      if (!repo.commits.has(sha)) return restError(422, "Object does not exist");
      repo.branches.set(branch, sha);
      extrasOf(repo).forkPoints.set(branch, sha);
      const created = refJson(ctx, repo, branch, sha);
      return { status: 201, body: created, headers: { location: created.url } };
    },
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^${REPO}/git/refs/heads/(.+)$`),
    handle: (ctx, repo, [name = ""], _query, body) => {
      if (!canWrite(ctx, repo)) return notFound();
      const branch = decodeURIComponent(name);
      const input = parseBody(body);
      if (!input || typeof input.sha !== "string") return restError(422, "Invalid request.");
      if (!repo.branches.has(branch)) return restError(422, "Reference does not exist");
      if (!repo.commits.has(input.sha)) return restError(422, "Object does not exist");
      if (branch === repo.defaultBranch)
        return restError(422, "tagwatch's simulator only moves non-default branches");
      repo.branches.set(branch, input.sha);
      extrasOf(repo).forkPoints.set(branch, input.sha);
      return { status: 200, body: refJson(ctx, repo, branch, input.sha) };
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^${REPO}/contents/(.+)$`),
    handle: (ctx, repo, [rawPath = ""], _query, body) => {
      if (!canWrite(ctx, repo)) return notFound();
      if (repo.archived) return restError(403, "Repository was archived so is read-only.");
      const path = decodeURIComponent(rawPath);
      const input = parseBody(body);
      if (!input) return restError(400, "Problems parsing JSON");
      const { message, content, sha, branch: branchInput } = input;
      if (typeof message !== "string" || typeof content !== "string")
        return restError(422, 'Invalid request.\n\n"message" and "content" are required.');
      const branch = typeof branchInput === "string" ? branchInput : repo.defaultBranch;
      const head = repo.branches.get(branch);
      if (!head) return restError(404, `Branch ${branch} not found`);
      if (path.startsWith(WORKFLOW_DIR) && !ctx.scopes.includes("workflow"))
        return workflowScopeRefusal(path);
      const current = repo.commits.get(head)?.files.get(path);
      if (current !== undefined && typeof sha !== "string")
        return restError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
      if (current !== undefined && sha !== blobSha(current))
        return restError(409, `${path} does not match ${String(sha)}`);
      const text = Buffer.from(content, "base64").toString("utf8");
      let commit: Commit | undefined;
      if (branch === repo.defaultBranch) {
        // A commit on the default branch is a push: runs start, workflows register.
        const report = push(ctx.world, repo, {
          by: ctx.viewer,
          withGithubToken: false,
          at: ctx.world.now(),
          commit: { message, files: { [path]: text } },
          history: false,
        });
        commit = report.commit ? repo.commits.get(report.commit) : undefined;
      } else {
        commit = commitOnBranch(ctx.world, repo, branch, {
          message,
          by: ctx.viewer,
          files: { [path]: text },
        });
      }
      const full = `${repo.owner}/${repo.name}`;
      const newSha = blobSha(text);
      return {
        status: current === undefined ? 201 : 200,
        body: {
          content: {
            name: path.split("/").pop(),
            path,
            sha: newSha,
            size: Buffer.byteLength(text),
            type: "file",
            url: `${ctx.api}/repos/${full}/contents/${path}?ref=${encodeURIComponent(branch)}`,
            html_url: `${ctx.base}/${full}/blob/${branch}/${path}`,
          },
          commit: {
            sha: commit?.sha ?? "",
            message,
            html_url: `${ctx.base}/${full}/commit/${commit?.sha ?? ""}`,
          },
        },
      };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/pulls$`),
    handle: (ctx, repo, _params, query) => {
      const state = query.get("state") ?? "open";
      const head = query.get("head");
      const base = query.get("base");
      const pulls = extrasOf(repo)
        .pulls.filter((pull) => state === "all" || pull.state === state)
        .filter(
          (pull) => !head || `${repo.owner}:${pull.head}`.toLowerCase() === head.toLowerCase(),
        )
        .filter((pull) => !base || pull.base === base)
        .sort((a, b) => b.number - a.number);
      return { status: 200, body: pulls.map((pull) => pullJson(ctx, repo, pull)) };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/pulls/(\\d+)$`),
    handle: (ctx, repo, [number = ""]) => {
      const pull = extrasOf(repo).pulls.find((candidate) => String(candidate.number) === number);
      return pull ? { status: 200, body: pullJson(ctx, repo, pull) } : notFound();
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/pulls$`),
    handle: (ctx, repo, _params, _query, body) => {
      if (!canWrite(ctx, repo)) return notFound();
      const input = parseBody(body);
      if (!input) return restError(400, "Problems parsing JSON");
      const { title, head: headInput, base: baseInput, body: text } = input;
      if (typeof title !== "string" || typeof headInput !== "string")
        return restError(422, "Validation Failed");
      const head = headInput.includes(":")
        ? headInput.slice(headInput.indexOf(":") + 1)
        : headInput;
      const base = typeof baseInput === "string" ? baseInput : repo.defaultBranch;
      const headSha = repo.branches.get(head);
      const baseSha = repo.branches.get(base);
      if (!headSha || !baseSha) return restError(422, "Validation Failed");
      const state = extrasOf(repo);
      if (
        state.pulls.some(
          (pull) => pull.state === "open" && pull.head === head && pull.base === base,
        )
      )
        return restError(422, `A pull request already exists for ${repo.owner}:${head}.`);
      const forkPoint = state.forkPoints.get(head) ?? baseSha;
      if (Object.keys(changesSince(repo, forkPoint, headSha)).length === 0)
        return restError(422, `No commits between ${base} and ${head}`);
      const number = state.nextNumber++;
      const pull: PullRequest = {
        number,
        id: 70_000_000 + number + repo.id,
        title,
        body: typeof text === "string" ? text : "",
        head,
        base,
        user: ctx.viewer,
        state: "open",
        merged: false,
        mergedAt: null,
        mergeCommit: null,
        createdAt: ctx.world.now(),
        forkPoint,
      };
      state.pulls.push(pull);
      const created = pullJson(ctx, repo, pull);
      return { status: 201, body: created, headers: { location: created.url } };
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^${REPO}/pulls/(\\d+)/merge$`),
    handle: (ctx, repo, [number = ""]) => {
      if (!canWrite(ctx, repo)) return notFound();
      const pull = extrasOf(repo).pulls.find((candidate) => String(candidate.number) === number);
      if (!pull) return notFound();
      const changed = Object.keys(
        changesSince(repo, pull.forkPoint, repo.branches.get(pull.head) ?? pull.forkPoint),
      ).find(isWorkflowPath);
      if (changed && !ctx.scopes.includes("workflow")) return workflowScopeRefusal(changed);
      const result = mergePull(ctx.world, repo, pull.number, ctx.viewer);
      if (!result.ok) return restError(result.status, result.message);
      return {
        status: 200,
        body: { sha: result.sha, merged: true, message: "Pull Request successfully merged" },
      };
    },
  },
  {
    method: "PUT",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/enable$`),
    handle: (ctx, repo, [idOrFile = ""]) => {
      const decoded = decodeURIComponent(idOrFile);
      const workflow = repo.workflows.find(
        (candidate) =>
          String(candidate.id) === decoded || candidate.path === `${WORKFLOW_DIR}${decoded}`,
      );
      if (!workflow) return notFound();
      if (!canWrite(ctx, repo)) return restError(403, "Must have admin rights to Repository.");
      workflow.state = "active";
      workflow.updatedAt = ctx.world.now();
      return { status: 204 };
    },
  },
];

/** Routes the requests this file models; null for every other request (router.ts tries the next handler). */
export function handlePullsRest(
  ctx: RestContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): RestResponse | null {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match || route.method !== method) continue;
    const repo = ctx.world.repo(
      decodeURIComponent(match[1] ?? ""),
      decodeURIComponent(match[2] ?? ""),
    );
    if (!repo || !ctx.world.canSee(repo, ctx.viewer)) return notFound();
    return route.handle(ctx, repo, match.slice(3), query, body);
  }
  return null;
}

/** The open and closed pull requests of a repository (control API and tests). */
export function pullsOf(repo: Repo): PullRequest[] {
  return extrasOf(repo).pulls;
}
