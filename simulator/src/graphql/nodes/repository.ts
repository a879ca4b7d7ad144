import type { Repo } from "../../state/model";
import { iso } from "../../state/model";
import { type Args, connection } from "../connection";
import type { Graph } from "../graph";
import { objectAt, refsConnection } from "./git";
import { checkIssuesAccess, issuesConnection } from "./issues";

// `Repository`: its fields, and the connections that start at it (refs, releases, issues).

export function repositoryNode(g: Graph, repo: Repo) {
  const world = g.world;
  const path = `/${repo.owner}/${repo.name}`;
  const permission = world.permission(repo, g.viewer);
  const ownerAccount = world.accounts.get(repo.owner.toLowerCase());
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: () => (ownerAccount ? g.owner(ownerAccount) : null),
    description: repo.description,
    url: `${g.base}${path}`,
    resourcePath: path,
    homepageUrl: null,
    sshUrl: `git@${new URL(g.base).host}:${repo.owner}/${repo.name}.git`,
    isPrivate: repo.private,
    visibility: repo.private ? "PRIVATE" : "PUBLIC",
    isArchived: repo.archived,
    isFork: false,
    isTemplate: false,
    isDisabled: false,
    isLocked: false,
    isMirror: false,
    isEmpty: repo.commits.size === 0,
    stargazerCount: 0,
    forkCount: 0,
    createdAt: iso(repo.createdAt),
    updatedAt: iso(repo.updatedAt),
    pushedAt: iso(repo.pushedAt),
    viewerPermission: permission,
    viewerCanAdminister: permission === "ADMIN",
    viewerHasStarred: false,
    defaultBranchRef: () =>
      repo.branches.has(repo.defaultBranch) ? g.ref(repo, "refs/heads/", repo.defaultBranch) : null,
    object: (args: Args) => objectAt(g, repo, args),
    ref: (args: Args) => {
      const qualified = String(args.qualifiedName);
      const match = /^(refs\/(?:heads|tags)\/)(.+)$/.exec(qualified);
      if (match) return g.ref(repo, match[1] as string, match[2] as string);
      if (repo.branches.has(qualified)) return g.ref(repo, "refs/heads/", qualified);
      if (repo.tags.has(qualified)) return g.ref(repo, "refs/tags/", qualified);
      return null;
    },
    refs: (args: Args) => refsConnection(g, repo, args),
    releases: (args: Args) => {
      const releases = world.visibleReleases(repo, g.viewer);
      const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
        field: "CREATED_AT",
        direction: "DESC",
      };
      releases.sort((a, b) => {
        const compared =
          order.field === "NAME"
            ? a.name.localeCompare(b.name)
            : a.createdAt - b.createdAt || a.id - b.id;
        return order.direction === "DESC" ? -compared : compared;
      });
      return connection(releases, args, (release) => g.release(repo, release));
    },
    release: (args: Args) => {
      const release = world
        .visibleReleases(repo, g.viewer)
        .find((candidate) => candidate.tagName === args.tagName);
      return release ? g.release(repo, release) : null;
    },
    latestRelease: () => {
      const latest = world.latestRelease(repo);
      return latest ? g.release(repo, latest) : null;
    },
    hasIssuesEnabled: true,
    issues: (args: Args) => issuesConnection(g, repo, args),
    issue: (args: Args) => {
      checkIssuesAccess(g, repo);
      const issue = world.issues.issue(repo, Number(args.number));
      return issue ? g.issue(repo, issue) : null;
    },
  };
}
