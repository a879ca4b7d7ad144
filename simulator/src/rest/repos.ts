import { createHash } from "node:crypto";
import { type Commit, iso, type Repo } from "../state/model";
import {
  notFound,
  paginate,
  REPO,
  type RestContext,
  type Route,
  restError,
  withRepo,
} from "./context";
import { assetJson, publicUserJson, releaseJson, repoJson, simpleUser } from "./json";
import { blobSha } from "./pulls";

// Users, repositories and what a repository holds: tags, releases and assets, contents, events.

function contentsJson(ctx: RestContext, repo: Repo, commit: Commit, path: string, ref: string) {
  const full = `${repo.owner}/${repo.name}`;
  const text = commit.files.get(path);
  const link = (p: string) =>
    `${ctx.api}/repos/${full}/contents/${p}?ref=${encodeURIComponent(ref)}`;
  if (text !== undefined) {
    const sha = blobSha(text);
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
      // A file's sha is its blob's, as in the file's own answer; a folder's stands in for its tree.
      const sha =
        type === "file"
          ? blobSha(content)
          : createHash("sha1").update(`tree:${childPath}`).digest("hex");
      const git = `${ctx.api}/repos/${full}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
      const html = `${ctx.base}/${full}/${type === "file" ? "blob" : "tree"}/${ref}/${childPath}`;
      return {
        type,
        name,
        path: childPath,
        size: type === "file" ? Buffer.byteLength(content) : 0,
        sha,
        url: link(childPath),
        git_url: git,
        html_url: html,
        download_url: type === "file" ? `${ctx.base}/${full}/raw/${ref}/${childPath}` : null,
        _links: { self: link(childPath), git, html },
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

export const repoRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^\/user$/,
    handle: (ctx) => {
      const account = ctx.world.accounts.get(ctx.viewer.toLowerCase());
      if (!account) return notFound();
      return { status: 200, body: publicUserJson(ctx, account.login) };
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
      return account ? { status: 200, body: publicUserJson(ctx, account.login) } : notFound();
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
