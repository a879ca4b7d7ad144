import { appOfBot } from "../../state/apps";
import { type Account, BOT, iso, nodeId, type Repo } from "../../state/model";
import { type Args, connection } from "../connection";
import type { Graph } from "../graph";

// Users, organisations and bots, and the repositories an owner (or the viewer) has.

function botUserNode(g: Graph) {
  return {
    __typename: "User",
    id: nodeId("Bot", BOT.id),
    databaseId: BOT.id,
    login: BOT.login,
    name: BOT.name,
    email: "",
    avatarUrl: () => g.avatar(BOT.login),
    url: `${g.base}/apps/github-actions`,
    resourcePath: "/apps/github-actions",
    isViewer: false,
  };
}

/** `viewer` for an installation token: GitHub answers a User named `<slug>[bot]`. */
export function appViewerNode(g: Graph) {
  const app = appOfBot(g.world, g.viewer);
  if (!app) return null;
  return {
    __typename: "User",
    id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
    databaseId: app.botId,
    login: g.viewer,
    name: null,
    avatarUrl: () => g.avatar(g.viewer),
    url: `${g.base}/apps/${app.slug}`,
    resourcePath: `/apps/${app.slug}`,
    isViewer: true,
  };
}

export function userNode(g: Graph, login: string | null) {
  if (!login) return null;
  if (login === BOT.login) return botUserNode(g);
  const app = appOfBot(g.world, login);
  if (app) {
    // GraphQL names an App's bot by its slug (REST: `<slug>[bot]`).
    return {
      __typename: "Bot",
      id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
      databaseId: app.botId,
      login: app.slug,
      avatarUrl: () => g.avatar(login),
      url: `${g.base}/apps/${app.slug}`,
      resourcePath: `/apps/${app.slug}`,
      createdAt: iso(app.createdAt),
      updatedAt: iso(app.createdAt),
    };
  }
  const account = g.world.accounts.get(login.toLowerCase());
  return account ? ownerNode(g, account) : null;
}

export function ownerNode(g: Graph, account: Account) {
  const isOrg = account.type === "Organization";
  return {
    __typename: account.type,
    id: account.nodeId,
    databaseId: account.id,
    login: account.login,
    name: account.name,
    email: isOrg ? null : account.email,
    avatarUrl: () => g.avatar(account.login),
    url: `${g.base}/${account.login}`,
    resourcePath: `/${account.login}`,
    createdAt: iso(account.createdAt),
    updatedAt: iso(account.createdAt),
    isViewer: account.login.toLowerCase() === g.viewer.toLowerCase(),
    viewerIsAMember: isOrg ? account.members.has(g.viewer.toLowerCase()) : undefined,
    // Organization.viewerCanAdminister: the organisation's owners (role admin).
    viewerCanAdminister: isOrg
      ? account.members.get(g.viewer.toLowerCase()) === "admin"
      : undefined,
    repository: (args: Args) => {
      const repo = g.world.repo(account.login, String(args.name));
      return repo && g.world.canSee(repo, g.viewer) ? g.repository(repo) : null;
    },
    repositories: (args: Args) => repositoriesConnection(g, account, args),
  };
}

function repositoriesConnection(g: Graph, account: Account, args: Args) {
  const isViewer = account.login.toLowerCase() === g.viewer.toLowerCase();
  const ownerAffiliations = (args.ownerAffiliations as string[] | null | undefined) ?? [
    "OWNER",
    "COLLABORATOR",
  ];
  const affiliations = args.affiliations as string[] | null | undefined;
  let repos = [...g.world.repos.values()].filter((repo) => g.world.canSee(repo, g.viewer));
  if (isViewer && account.type === "User") {
    repos = repos.filter((repo) => {
      const affiliation = g.world.affiliation(repo, account.login);
      if (!affiliation) return false;
      return (
        ownerAffiliations.includes(affiliation) &&
        (!affiliations || affiliations.includes(affiliation))
      );
    });
  } else {
    repos = repos.filter((repo) => repo.owner.toLowerCase() === account.login.toLowerCase());
  }
  if (typeof args.isArchived === "boolean")
    repos = repos.filter((repo) => repo.archived === args.isArchived);
  if (typeof args.isFork === "boolean" && args.isFork) repos = [];
  if (args.privacy)
    repos = repos.filter((repo) => (repo.private ? "PRIVATE" : "PUBLIC") === args.privacy);
  const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
    field: "CREATED_AT",
    direction: "ASC",
  };
  const key = (repo: Repo): number | string =>
    order.field === "NAME"
      ? repo.name.toLowerCase()
      : order.field === "PUSHED_AT"
        ? repo.pushedAt
        : order.field === "UPDATED_AT"
          ? repo.updatedAt
          : order.field === "STARGAZERS"
            ? 0
            : repo.createdAt;
  repos.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const compared = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return order.direction === "DESC" ? -compared : compared;
  });
  return {
    ...connection(repos, args, (repo) => g.repository(repo)),
    totalDiskUsage: 0,
    isOverLimit: false,
  };
}
