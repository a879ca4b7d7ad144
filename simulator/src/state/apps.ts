import type { KeyObject } from "node:crypto";
import type { Permission, Repo } from "./model";

// GitHub Apps: the records (registrations, installations, installation tokens) and the lookups
// over them, including what an App's permissions allow. No World import: World holds these maps
// and asks botPermission; app-auth.ts (JWTs, tokens, the integration gate) and app-installs.ts
// (registering, installing) act on them; rest/apps.ts serves them.

export type AppPermissionLevel = "read" | "write" | "admin";
export type AppPermissions = Record<string, AppPermissionLevel>;

export type GitHubApp = {
  id: number;
  slug: string;
  name: string;
  nodeId: string;
  /** The account that owns the App (user or organisation login). */
  owner: string;
  description: string;
  externalUrl: string;
  clientId: string;
  clientSecret: string;
  privateKeyPem: string;
  publicKey: KeyObject;
  webhookSecret: string | null;
  webhookUrl: string | null;
  webhookActive: boolean;
  hookId: number;
  permissions: AppPermissions;
  events: string[];
  createdAt: number;
  /** The `<slug>[bot]` user that acts with installation tokens. */
  botId: number;
};

export type Installation = {
  id: number;
  appId: number;
  /** Login of the account the App is installed on. */
  account: string;
  repositorySelection: "all" | "selected";
  /** Repository ids when `selected`. */
  repositoryIds: Set<number>;
  permissions: AppPermissions;
  events: string[];
  createdAt: number;
  updatedAt: number;
  /** Set while the account has suspended the App: no API access, no repository webhooks. */
  suspendedAt: number | null;
  suspendedBy: string | null;
};

export type InstallationToken = {
  installationId: number;
  expiresAt: number;
  permissions: AppPermissions;
  /** Narrowed to these repositories when the token was requested with a list. */
  repositoryIds: Set<number> | null;
};

/** The maps World keeps for Apps (World satisfies this; taking it avoids importing World). */
export type AppRegistry = {
  apps: Map<number, GitHubApp>;
  installations: Map<number, Installation>;
  repos: Map<string, Repo>;
};

const RANK: Record<AppPermissionLevel, number> = { read: 1, write: 2, admin: 3 };

export function botLogin(app: GitHubApp): string {
  return `${app.slug}[bot]`;
}

/** The App whose bot user is `login` (`tagwatch[bot]`), if any. */
export function appOfBot(world: AppRegistry, login: string | null): GitHubApp | undefined {
  if (!login?.endsWith("[bot]")) return undefined;
  const slug = login.slice(0, -"[bot]".length).toLowerCase();
  return [...world.apps.values()].find((app) => app.slug.toLowerCase() === slug);
}

export function appBySlug(world: AppRegistry, slug: string): GitHubApp | undefined {
  return [...world.apps.values()].find((app) => app.slug.toLowerCase() === slug.toLowerCase());
}

/** The App's installation on the account owning `repo` that includes it, if any. */
export function installationFor(
  world: AppRegistry,
  app: GitHubApp,
  repo: Repo,
): Installation | null {
  for (const installation of world.installations.values()) {
    if (installation.appId !== app.id) continue;
    if (installation.account.toLowerCase() !== repo.owner.toLowerCase()) continue;
    if (installation.repositorySelection === "all" || installation.repositoryIds.has(repo.id))
      return installation;
  }
  return null;
}

export function installationRepos(world: AppRegistry, installation: Installation): Repo[] {
  return [...world.repos.values()]
    .filter(
      (repo) =>
        repo.owner.toLowerCase() === installation.account.toLowerCase() &&
        (installation.repositorySelection === "all" || installation.repositoryIds.has(repo.id)),
    )
    .sort((a, b) => a.id - b.id);
}

/**
 * Repository permission of an App's bot user: WRITE on installed repositories (the fine-grained
 * App permissions are checked by `integrationGate`), READ on other public ones, none otherwise.
 */
export function botPermission(
  world: AppRegistry,
  repo: Repo,
  login: string,
): Permission | null | undefined {
  const app = appOfBot(world, login);
  if (!app) return undefined;
  if (installationFor(world, app, repo)) return "WRITE";
  return repo.private ? null : "READ";
}

export function hasAppPermission(
  permissions: AppPermissions,
  name: string,
  level: AppPermissionLevel,
): boolean {
  if (name === "metadata" && level === "read") return true;
  const granted = permissions[name];
  return granted !== undefined && RANK[granted] >= RANK[level];
}

/** Which App permission a repository REST path needs (`/repos/o/r<rest>`). */
export function permissionForRepoPath(rest: string): string {
  if (/^\/(issues|labels|milestones)(\/|$)/.test(rest)) return "issues";
  if (/^\/actions(\/|$)/.test(rest)) return "actions";
  if (/^\/pulls(\/|$)/.test(rest)) return "pull_requests";
  if (/^\/(check-runs|check-suites)(\/|$)/.test(rest)) return "checks";
  if (/^\/statuses(\/|$)/.test(rest)) return "statuses";
  if (
    /^\/(tags|releases|contents|git|commits|branches|dispatches|compare|tarball|zipball)(\/|$)/.test(
      rest,
    )
  )
    return "contents";
  return "metadata";
}
