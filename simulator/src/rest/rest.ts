import { createHash } from "node:crypto";

import { appOfBot } from "../state/apps";
import { dispatchWorkflow } from "../state/dispatch";
import { checkDispatchInputs, declaredInputs } from "../state/dispatch-inputs";
import {
  artifactContent,
  BOT,
  type Commit,
  checksumsContent,
  downloadUrl,
  PERMISSION_RANK,
  type Release,
  type Repo,
  type Run,
  WORKFLOW_DIR,
  type Workflow,
} from "../state/model";
import { rerun } from "../state/runs";
import { parseTriggers } from "../state/workflow-rules";
import type { World } from "../state/world";

// GitHub's REST API (the subset tagwatch and its tests use), with GitHub's field names.

export type RestResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type RestContext = {
  world: World;
  viewer: string;
  /** Web base, e.g. http://127.0.0.1:4010 */
  base: string;
  /** API base: `${base}` or `${base}/api/v3`, as the request came in. */
  api: string;
  faults: { rejectReturnRunDetails: boolean };
  /** The token's OAuth scopes (e.g. ["repo", "read:user"]); `workflow` guards workflow files. */
  scopes: string[];
};

const DOCS = "https://docs.github.com/rest";
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function restError(status: number, message: string, documentation = DOCS): RestResponse {
  return { status, body: { message, documentation_url: documentation, status: String(status) } };
}

const notFound = () => restError(404, "Not Found");

function paginate<T>(items: T[], query: URLSearchParams): T[] {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  return items.slice((page - 1) * perPage, page * perPage);
}

export function simpleUser(ctx: RestContext, login: string) {
  if (login === BOT.login) {
    return {
      login: BOT.login,
      id: BOT.id,
      node_id: "MDM6Qm90NDE4OTgyODI=",
      avatar_url: `${ctx.base}/avatars/${encodeURIComponent(BOT.login)}.svg`,
      gravatar_id: "",
      url: `${ctx.api}/users/${encodeURIComponent(BOT.login)}`,
      html_url: `${ctx.base}/apps/github-actions`,
      type: "Bot",
      site_admin: false,
    };
  }
  const app = appOfBot(ctx.world, login);
  if (app) {
    return {
      login,
      id: app.botId,
      node_id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
      avatar_url: `${ctx.base}/avatars/${encodeURIComponent(login)}.svg`,
      gravatar_id: "",
      url: `${ctx.api}/users/${encodeURIComponent(login)}`,
      html_url: `${ctx.base}/apps/${app.slug}`,
      type: "Bot",
      site_admin: false,
    };
  }
  const account = ctx.world.accounts.get(login.toLowerCase());
  return {
    login: account?.login ?? login,
    id: account?.id ?? 0,
    node_id: account?.nodeId ?? "",
    avatar_url: `${ctx.base}/avatars/${encodeURIComponent(login)}.svg`,
    gravatar_id: "",
    url: `${ctx.api}/users/${login}`,
    html_url: `${ctx.base}/${login}`,
    type: account?.type ?? "User",
    site_admin: false,
  };
}

export function repoJson(ctx: RestContext, repo: Repo) {
  const permission = ctx.world.permission(repo, ctx.viewer);
  const rank = permission ? PERMISSION_RANK[permission] : 0;
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: simpleUser(ctx, repo.owner),
    html_url: `${ctx.base}/${full}`,
    description: repo.description,
    fork: false,
    url: `${ctx.api}/repos/${full}`,
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.updatedAt),
    pushed_at: iso(repo.pushedAt),
    archived: repo.archived,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    default_branch: repo.defaultBranch,
    permissions: {
      admin: rank >= PERMISSION_RANK.ADMIN,
      maintain: rank >= PERMISSION_RANK.MAINTAIN,
      push: rank >= PERMISSION_RANK.WRITE,
      triage: rank >= PERMISSION_RANK.TRIAGE,
      pull: rank >= PERMISSION_RANK.READ,
    },
  };
}

function assetDigest(repo: Repo, release: Release, name: string): string {
  const content =
    name === release.checksums
      ? checksumsContent(repo, release)
      : artifactContent(repo, release.tagName, name);
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

export function releaseJson(ctx: RestContext, repo: Repo, release: Release) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${ctx.api}/repos/${full}/releases/${release.id}`;
  return {
    url,
    html_url: `${ctx.base}/${full}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${url}/assets`,
    upload_url: `${ctx.base}/uploads/repos/${full}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${ctx.api}/repos/${full}/tarball/${release.tagName}`,
    zipball_url: `${ctx.api}/repos/${full}/zipball/${release.tagName}`,
    id: release.id,
    node_id: release.nodeId,
    tag_name: release.tagName,
    target_commitish: repo.defaultBranch,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: iso(release.createdAt),
    published_at: release.publishedAt === null ? null : iso(release.publishedAt),
    author: simpleUser(ctx, release.author),
    assets: release.assets.map((asset) => assetJson(ctx, repo, release, asset)),
  };
}

function assetJson(
  ctx: RestContext,
  repo: Repo,
  release: Release,
  asset: Release["assets"][number],
) {
  return {
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/releases/assets/${asset.id}`,
    browser_download_url: downloadUrl(ctx.base, repo, release.tagName, asset.name),
    id: asset.id,
    node_id: asset.nodeId,
    name: asset.name,
    label: "",
    state: "uploaded",
    content_type: asset.contentType,
    size: asset.size,
    digest: assetDigest(repo, release, asset.name),
    download_count: asset.downloadCount,
    created_at: iso(asset.createdAt),
    updated_at: iso(asset.createdAt),
    uploader: simpleUser(ctx, asset.uploader),
  };
}

function workflowJson(ctx: RestContext, repo: Repo, workflow: Workflow) {
  const full = `${repo.owner}/${repo.name}`;
  const file = workflow.path.slice(WORKFLOW_DIR.length);
  return {
    id: workflow.id,
    node_id: workflow.nodeId,
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    created_at: iso(workflow.createdAt),
    updated_at: iso(workflow.updatedAt),
    url: `${ctx.api}/repos/${full}/actions/workflows/${workflow.id}`,
    html_url: `${ctx.base}/${full}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${ctx.base}/${full}/workflows/${encodeURIComponent(file)}/badge.svg`,
  };
}

export function runJson(ctx: RestContext, repo: Repo, run: Run) {
  const full = `${repo.owner}/${repo.name}`;
  const state = ctx.world.runState(run);
  const url = `${ctx.api}/repos/${full}/actions/runs/${run.id}`;
  const commit = repo.commits.get(run.headSha);
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: commit?.message.split("\n")[0] ?? run.name,
    run_number: run.runNumber,
    event: run.event,
    status: state.status,
    conclusion: state.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: run.checkSuiteNodeId,
    url,
    html_url: `${ctx.base}/${full}/actions/runs/${run.id}`,
    created_at: iso(run.createdAt),
    updated_at: iso(state.updatedAt),
    run_attempt: run.runAttempt,
    run_started_at: iso(run.runStartedAt),
    actor: simpleUser(ctx, run.actor),
    triggering_actor: simpleUser(ctx, run.triggeringActor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.api}/repos/${full}/check-suites/${run.checkSuiteId}`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${ctx.api}/repos/${full}/actions/workflows/${run.workflowId}`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.sha,
          message: commit.message,
          timestamp: iso(commit.committer.date),
          author: { name: commit.author.name, email: commit.author.email },
          committer: { name: commit.committer.name, email: commit.committer.email },
        }
      : null,
    repository: {
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: full,
      private: repo.private,
    },
  };
}

function findWorkflow(repo: Repo, idOrFile: string): Workflow | undefined {
  const decoded = decodeURIComponent(idOrFile);
  return repo.workflows.find(
    (workflow) =>
      String(workflow.id) === decoded ||
      workflow.path === `${WORKFLOW_DIR}${decoded}` ||
      workflow.path === decoded,
  );
}

function contentsJson(ctx: RestContext, repo: Repo, commit: Commit, path: string, ref: string) {
  const full = `${repo.owner}/${repo.name}`;
  const text = commit.files.get(path);
  const link = (p: string) =>
    `${ctx.api}/repos/${full}/contents/${p}?ref=${encodeURIComponent(ref)}`;
  if (text !== undefined) {
    const sha = createHash("sha1")
      .update(`blob ${Buffer.byteLength(text)}\0${text}`)
      .digest("hex");
    const html = `${ctx.base}/${full}/blob/${ref}/${path}`;
    return {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text),
      name: path.split("/").pop(),
      path,
      content: (
        Buffer.from(text)
          .toString("base64")
          .match(/.{1,60}/g) ?? []
      ).join("\n"),
      sha,
      url: link(path),
      git_url: `${ctx.api}/repos/${full}/git/blobs/${sha}`,
      html_url: html,
      download_url: `${ctx.base}/${full}/raw/${ref}/${path}`,
      _links: { self: link(path), git: `${ctx.api}/repos/${full}/git/blobs/${sha}`, html },
    };
  }
  const prefix = path ? `${path}/` : "";
  const children = new Map<string, "file" | "dir">();
  for (const file of commit.files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf("/");
    children.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? "file" : "dir");
  }
  if (children.size === 0) return null;
  return [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) => {
      const childPath = prefix + name;
      const content = commit.files.get(childPath) ?? "";
      return {
        type,
        name,
        path: childPath,
        size: type === "file" ? Buffer.byteLength(content) : 0,
        sha: createHash("sha1").update(`${type}:${childPath}:${content}`).digest("hex"),
        url: link(childPath),
        html_url: `${ctx.base}/${full}/${type === "file" ? "blob" : "tree"}/${ref}/${childPath}`,
        download_url: type === "file" ? `${ctx.base}/${full}/raw/${ref}/${childPath}` : null,
      };
    });
}

function eventJson(ctx: RestContext, repo: Repo, event: Repo["events"][number]) {
  const actor = simpleUser(ctx, event.actor);
  let payload: Record<string, unknown> = event.payload;
  if (event.type === "ReleaseEvent") {
    const release = repo.releases.find((candidate) => candidate.id === event.payload.releaseId);
    payload = {
      action: event.payload.action,
      release: release ? releaseJson(ctx, repo, release) : null,
    };
  } else if (event.type === "CreateEvent") {
    payload = { ...event.payload, description: repo.description, pusher_type: "user" };
  } else if (event.type === "PushEvent") {
    payload = {
      repository_id: repo.id,
      push_id: event.id,
      size: 1,
      distinct_size: 1,
      ref: event.payload.ref,
      head: event.payload.head,
      before: event.payload.before,
      commits: [
        {
          sha: event.payload.head,
          author: { name: actor.login, email: "" },
          message: event.payload.message,
          distinct: true,
          url: `${ctx.api}/repos/${repo.owner}/${repo.name}/commits/${event.payload.head}`,
        },
      ],
    };
  }
  return {
    id: String(event.id),
    type: event.type,
    actor: {
      id: actor.id,
      login: actor.login,
      display_login: actor.login.replace(/\[bot\]$/, ""),
      gravatar_id: "",
      url: actor.url,
      avatar_url: actor.avatar_url,
    },
    repo: {
      id: repo.id,
      name: `${repo.owner}/${repo.name}`,
      url: `${ctx.api}/repos/${repo.owner}/${repo.name}`,
    },
    payload,
    public: !repo.private,
    created_at: iso(event.createdAt),
  };
}

type Route = {
  method: string;
  pattern: RegExp;
  handle: (
    ctx: RestContext,
    params: string[],
    query: URLSearchParams,
    body: string,
  ) => RestResponse;
};

function withRepo(
  handle: (
    ctx: RestContext,
    repo: Repo,
    params: string[],
    query: URLSearchParams,
    body: string,
  ) => RestResponse,
): Route["handle"] {
  return (ctx, params, query, body) => {
    const repo = ctx.world.repo(
      decodeURIComponent(params[0] ?? ""),
      decodeURIComponent(params[1] ?? ""),
    );
    if (!repo || !ctx.world.canSee(repo, ctx.viewer)) return notFound();
    return handle(ctx, repo, params.slice(2), query, body);
  };
}

function parseJsonBody(body: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
  if (!body.trim()) return { ok: true, value: {} };
  try {
    const value = JSON.parse(body) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false };
  }
}

function resolveRef(
  ctx: RestContext,
  repo: Repo,
  ref: string,
): { name: string; type: "branch" | "tag"; commit: Commit } | null {
  const world = ctx.world;
  const branchName = ref.replace(/^refs\/heads\//, "");
  if (!ref.startsWith("refs/tags/") && repo.branches.has(branchName)) {
    const commit = world.resolveCommit(repo, `refs/heads/${branchName}`);
    if (commit) return { name: branchName, type: "branch", commit };
  }
  const tagName = ref.replace(/^refs\/tags\//, "");
  if (!ref.startsWith("refs/heads/") && repo.tags.has(tagName)) {
    const commit = world.resolveCommit(repo, `refs/tags/${tagName}`);
    if (commit) return { name: tagName, type: "tag", commit };
  }
  return null;
}

function handleDispatch(
  ctx: RestContext,
  repo: Repo,
  params: string[],
  _query: URLSearchParams,
  body: string,
): RestResponse {
  const workflow = findWorkflow(repo, params[0] ?? "");
  if (!workflow) return notFound();
  if (!ctx.world.hasWrite(repo, ctx.viewer))
    return restError(403, "Must have write access to repository to dispatch a workflow.");
  if (repo.archived) return restError(403, "Repository was archived so is read-only.");
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return restError(400, "Problems parsing JSON");
  const { ref, inputs, return_run_details: returnDetails } = parsed.value;
  if (typeof ref !== "string" || !ref)
    return restError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  if (
    inputs !== undefined &&
    (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))
  ) {
    return restError(
      422,
      "Invalid request.\n\nFor 'properties/inputs', \"not an object\" is not an object.",
    );
  }
  if (returnDetails !== undefined && ctx.faults.rejectReturnRunDetails) {
    return restError(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
  }
  if (returnDetails !== undefined && typeof returnDetails !== "boolean") {
    return restError(
      422,
      "Invalid request.\n\nFor 'properties/return_run_details', it is not a boolean.",
    );
  }
  const target = resolveRef(ctx, repo, ref);
  if (!target) return restError(422, `No ref found for: ${ref}`);
  if (workflow.state !== "active")
    return restError(422, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
  const text = target.commit.files.get(workflow.path);
  if (text === undefined || !parseTriggers(text).workflowDispatch) {
    return restError(422, "Workflow does not have 'workflow_dispatch' trigger");
  }
  // Inputs are checked against the file at the dispatched ref, as GitHub does.
  const checked = checkDispatchInputs(declaredInputs(text), inputs);
  if (!checked.ok) return restError(422, checked.message);
  const run = dispatchWorkflow(ctx.world, repo, workflow, target, ctx.viewer, checked.inputs);
  if (returnDetails === true) {
    const full = `${repo.owner}/${repo.name}`;
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${ctx.api}/repos/${full}/actions/runs/${run.id}`,
        html_url: `${ctx.base}/${full}/actions/runs/${run.id}`,
      },
    };
  }
  return { status: 204 };
}

function handleRerun(ctx: RestContext, repo: Repo, params: string[]): RestResponse {
  const run = repo.runs.find((candidate) => String(candidate.id) === params[0]);
  if (!run) return notFound();
  if (!ctx.world.hasWrite(repo, ctx.viewer))
    return restError(403, "Must have write access to repository to re-run a workflow.");
  if (repo.archived) return restError(403, "Repository was archived so is read-only.");
  if (ctx.world.runState(run).status !== "completed")
    return restError(403, "This workflow is already running");
  if (ctx.world.now() - run.createdAt > 30 * 86_400_000) {
    return restError(
      403,
      "Unable to re-run this workflow run because it was created over a month ago",
    );
  }
  const workflow = repo.workflows.find((candidate) => candidate.id === run.workflowId);
  if (workflow && workflow.state !== "active")
    return restError(403, "Unable to re-run this workflow run because the workflow is disabled");
  rerun(ctx.world, repo, run, ctx.viewer);
  return { status: 201, body: {} };
}

function sortRuns(runs: Run[]): Run[] {
  return [...runs].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

function filterRuns(ctx: RestContext, runs: Run[], query: URLSearchParams): Run[] {
  let result = runs;
  const branch = query.get("branch");
  const event = query.get("event");
  const headSha = query.get("head_sha");
  const status = query.get("status");
  const actor = query.get("actor");
  if (branch) result = result.filter((run) => run.headBranch === branch);
  if (event) result = result.filter((run) => run.event === event);
  if (headSha) result = result.filter((run) => run.headSha === headSha);
  if (actor) result = result.filter((run) => run.actor === actor);
  if (status) {
    result = result.filter((run) => {
      const state = ctx.world.runState(run);
      return state.status === status || state.conclusion === status;
    });
  }
  return sortRuns(result);
}

const REPO = "/repos/([^/]+)/([^/]+)";

const routes: Route[] = [
  {
    method: "GET",
    pattern: /^\/user$/,
    handle: (ctx) => {
      const account = ctx.world.accounts.get(ctx.viewer.toLowerCase());
      if (!account) return notFound();
      return {
        status: 200,
        body: {
          ...simpleUser(ctx, account.login),
          name: account.name,
          email: account.email,
          company: null,
          blog: "",
          location: null,
          bio: null,
          public_repos: [...ctx.world.repos.values()].filter(
            (repo) => repo.owner === account.login && !repo.private,
          ).length,
          created_at: iso(account.createdAt),
          updated_at: iso(account.createdAt),
        },
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/user\/emails$/,
    handle: (ctx) => {
      const account = ctx.world.accounts.get(ctx.viewer.toLowerCase());
      return {
        status: 200,
        body: [
          { email: account?.email ?? "", primary: true, verified: true, visibility: "public" },
        ],
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/user\/repos$/,
    handle: (ctx, _params, query) => {
      const affiliations = (
        query.get("affiliation") ?? "owner,collaborator,organization_member"
      ).split(",");
      const visibility = query.get("visibility") ?? "all";
      const sort = query.get("sort") ?? "full_name";
      const direction = query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
      const repos = [...ctx.world.repos.values()].filter((repo) => {
        const affiliation = ctx.world.affiliation(repo, ctx.viewer);
        if (!affiliation || !affiliations.includes(affiliation.toLowerCase())) return false;
        return visibility === "all" || (visibility === "private") === repo.private;
      });
      const key = (repo: Repo): string | number =>
        sort === "created"
          ? repo.createdAt
          : sort === "updated"
            ? repo.updatedAt
            : sort === "pushed"
              ? repo.pushedAt
              : `${repo.owner}/${repo.name}`.toLowerCase();
      repos.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const compared = x < y ? -1 : x > y ? 1 : 0;
        return direction === "asc" ? compared : -compared;
      });
      return { status: 200, body: paginate(repos, query).map((repo) => repoJson(ctx, repo)) };
    },
  },
  {
    method: "GET",
    pattern: /^\/users\/([^/]+)$/,
    handle: (ctx, params) => {
      const account = ctx.world.accounts.get(decodeURIComponent(params[0] ?? "").toLowerCase());
      return account
        ? { status: 200, body: { ...simpleUser(ctx, account.login), name: account.name } }
        : notFound();
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}$`),
    handle: withRepo((ctx, repo) => ({ status: 200, body: repoJson(ctx, repo) })),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/tags$`),
    handle: withRepo((ctx, repo, _params, query) => {
      const full = `${repo.owner}/${repo.name}`;
      const tags = [...repo.tags.values()].sort((a, b) =>
        b.name.localeCompare(a.name, "en", { numeric: true }),
      );
      return {
        status: 200,
        body: paginate(tags, query).map((tag) => {
          const commit = ctx.world.peel(repo, tag.targetSha, tag.targetType);
          return {
            name: tag.name,
            commit: { sha: commit.sha, url: `${ctx.api}/repos/${full}/commits/${commit.sha}` },
            zipball_url: `${ctx.api}/repos/${full}/zipball/refs/tags/${tag.name}`,
            tarball_url: `${ctx.api}/repos/${full}/tarball/refs/tags/${tag.name}`,
            node_id: Buffer.from(`04:Ref${repo.id}:refs/tags/${tag.name}`).toString("base64"),
          };
        }),
      };
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/releases$`),
    handle: withRepo((ctx, repo, _params, query) => {
      const releases = ctx.world
        .visibleReleases(repo, ctx.viewer)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return {
        status: 200,
        body: paginate(releases, query).map((release) => releaseJson(ctx, repo, release)),
      };
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/releases/latest$`),
    handle: withRepo((ctx, repo) => {
      const latest = ctx.world.latestRelease(repo);
      return latest ? { status: 200, body: releaseJson(ctx, repo, latest) } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/releases/tags/(.+)$`),
    handle: withRepo((ctx, repo, params) => {
      const tag = decodeURIComponent(params[0] ?? "");
      // GitHub's by-tag lookup never returns drafts.
      const release = repo.releases.find(
        (candidate) => candidate.tagName === tag && !candidate.draft,
      );
      return release ? { status: 200, body: releaseJson(ctx, repo, release) } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/releases/(\\d+)$`),
    handle: withRepo((ctx, repo, params) => {
      const release = ctx.world
        .visibleReleases(repo, ctx.viewer)
        .find((candidate) => String(candidate.id) === params[0]);
      return release ? { status: 200, body: releaseJson(ctx, repo, release) } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/releases/(\\d+)/assets$`),
    handle: withRepo((ctx, repo, params, query) => {
      const release = ctx.world
        .visibleReleases(repo, ctx.viewer)
        .find((candidate) => String(candidate.id) === params[0]);
      if (!release) return notFound();
      return {
        status: 200,
        body: paginate(release.assets, query).map((asset) => assetJson(ctx, repo, release, asset)),
      };
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows$`),
    handle: withRepo((ctx, repo, _params, query) => ({
      status: 200,
      body: {
        total_count: repo.workflows.length,
        workflows: paginate(repo.workflows, query).map((workflow) =>
          workflowJson(ctx, repo, workflow),
        ),
      },
    })),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)$`),
    handle: withRepo((ctx, repo, params) => {
      const workflow = findWorkflow(repo, params[0] ?? "");
      return workflow ? { status: 200, body: workflowJson(ctx, repo, workflow) } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/runs$`),
    handle: withRepo((ctx, repo, params, query) => {
      const workflow = findWorkflow(repo, params[0] ?? "");
      if (!workflow) return notFound();
      const runs = filterRuns(
        ctx,
        repo.runs.filter((run) => run.workflowId === workflow.id),
        query,
      );
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: paginate(runs, query).map((run) => runJson(ctx, repo, run)),
        },
      };
    }),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/dispatches$`),
    handle: withRepo(handleDispatch),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/runs$`),
    handle: withRepo((ctx, repo, _params, query) => {
      const runs = filterRuns(ctx, repo.runs, query);
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: paginate(runs, query).map((run) => runJson(ctx, repo, run)),
        },
      };
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)$`),
    handle: withRepo((ctx, repo, params) => {
      const run = repo.runs.find((candidate) => String(candidate.id) === params[0]);
      return run ? { status: 200, body: runJson(ctx, repo, run) } : notFound();
    }),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)/rerun$`),
    handle: withRepo((ctx, repo, params) => handleRerun(ctx, repo, params)),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)/rerun-failed-jobs$`),
    handle: withRepo((ctx, repo, params) => handleRerun(ctx, repo, params)),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/contents/?(.*)$`),
    handle: withRepo((ctx, repo, params, query) => {
      const ref = query.get("ref") ?? repo.defaultBranch;
      const commit = ctx.world.resolveCommit(repo, ref);
      if (!commit) return restError(404, `No commit found for the ref ${ref}`);
      const path = decodeURIComponent(params[0] ?? "").replace(/^\/+|\/+$/g, "");
      const body = contentsJson(ctx, repo, commit, path, ref);
      return body ? { status: 200, body } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/events$`),
    handle: withRepo((ctx, repo, _params, query) => {
      const horizon = ctx.world.now() - 90 * 86_400_000;
      const events = repo.events
        .filter((event) => event.createdAt >= horizon)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        .slice(0, 300);
      return {
        status: 200,
        body: paginate(events, query).map((event) => eventJson(ctx, repo, event)),
      };
    }),
  },
];

/** Routes a REST request (path without the /api/v3 prefix). */
export function handleRest(
  ctx: RestContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): RestResponse {
  const effectiveMethod = method === "HEAD" ? "GET" : method;
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== effectiveMethod) continue;
    return route.handle(ctx, match.slice(1), query, body);
  }
  return pathMatched ? restError(404, "Not Found") : notFound();
}

/** Whether a path (without /api/v3) belongs to the REST API rather than the web host. */
export function isRestPath(path: string): boolean {
  return /^\/(user|users|repos|rate_limit|orgs|app|installation|app-manifests)(\/|$)/.test(path);
}
