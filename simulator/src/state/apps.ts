import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import type { Permission, Repo, World } from "./world";

// GitHub Apps: registrations, installations, App JWTs and installation tokens, and what an
// installation token may do. Pure model (no HTTP): apps-rest.ts serves it. Only type imports from
// world.ts, so world.ts can hold the maps without an import cycle.

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
};

export type InstallationToken = {
  installationId: number;
  expiresAt: number;
  permissions: AppPermissions;
  /** Narrowed to these repositories when the token was requested with a list. */
  repositoryIds: Set<number> | null;
};

export const TOKEN_LIFETIME_MS = 3_600_000;
const RANK: Record<AppPermissionLevel, number> = { read: 1, write: 2, admin: 3 };

/** A key pair as GitHub issues it: PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`). */
export function generateAppKey(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey,
  };
}

export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(createPrivateKey(privateKeyPem.replace(/\\n/g, "\n")));
}

export function botLogin(app: GitHubApp): string {
  return `${app.slug}[bot]`;
}

/** The App whose bot user is `login` (`tagwatch[bot]`), if any. */
export function appOfBot(world: World, login: string | null): GitHubApp | undefined {
  if (!login?.endsWith("[bot]")) return undefined;
  const slug = login.slice(0, -"[bot]".length).toLowerCase();
  return [...world.apps.values()].find((app) => app.slug.toLowerCase() === slug);
}

export function appBySlug(world: World, slug: string): GitHubApp | undefined {
  return [...world.apps.values()].find((app) => app.slug.toLowerCase() === slug.toLowerCase());
}

/** The App's installation on the account owning `repo` that includes it, if any. */
export function installationFor(world: World, app: GitHubApp, repo: Repo): Installation | null {
  for (const installation of world.installations.values()) {
    if (installation.appId !== app.id) continue;
    if (installation.account.toLowerCase() !== repo.owner.toLowerCase()) continue;
    if (installation.repositorySelection === "all" || installation.repositoryIds.has(repo.id))
      return installation;
  }
  return null;
}

export function installationRepos(world: World, installation: Installation): Repo[] {
  return [...world.repos.values()]
    .filter(
      (repo) =>
        repo.owner.toLowerCase() === installation.account.toLowerCase() &&
        (installation.repositorySelection === "all" || installation.repositoryIds.has(repo.id)),
    )
    .sort((a, b) => a.id - b.id);
}

/** The installation behind an installation token's bot login (the viewer). */
export function installationOfViewer(
  world: World,
  login: string,
  token: string | null,
): { app: GitHubApp; installation: Installation; token: InstallationToken } | null {
  const app = appOfBot(world, login);
  if (!app || !token) return null;
  const info = world.installationTokens.get(token);
  const installation = info ? world.installations.get(info.installationId) : undefined;
  if (!info || !installation) return null;
  return { app, installation, token: info };
}

/**
 * Repository permission of an App's bot user: WRITE on installed repositories (the fine-grained
 * App permissions are checked by `integrationGate`), READ on other public ones, none otherwise.
 */
export function botPermission(
  world: World,
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

export type GateResult = { status: number; message: string } | null;

const NOT_ACCESSIBLE = "Resource not accessible by integration";

/**
 * What GitHub answers an installation token before the endpoint runs: 404 for private
 * repositories outside the installation, 403 `Resource not accessible by integration` for a
 * missing App permission or a write outside the installation, and 403 for user endpoints.
 */
export function integrationGate(
  world: World,
  access: { app: GitHubApp; installation: Installation; token: InstallationToken },
  method: string,
  path: string,
): GateResult {
  const write = method !== "GET" && method !== "HEAD";
  if (path === "/rate_limit" || /^\/users\//.test(path) || path === "/installation/repositories")
    return null;
  if (path === "/user" || path.startsWith("/user/"))
    return { status: 403, message: NOT_ACCESSIBLE };
  const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return null;
  const repo = world.repo(decodeURIComponent(match[1] ?? ""), decodeURIComponent(match[2] ?? ""));
  if (!repo) return null;
  const covered =
    installationFor(world, access.app, repo)?.id === access.installation.id &&
    (access.token.repositoryIds === null || access.token.repositoryIds.has(repo.id));
  if (!covered) {
    if (repo.private) return { status: 404, message: "Not Found" };
    return write ? { status: 403, message: NOT_ACCESSIBLE } : null;
  }
  const needed = permissionForRepoPath(match[3] ?? "");
  if (!hasAppPermission(access.token.permissions, needed, write ? "write" : "read"))
    return { status: 403, message: NOT_ACCESSIBLE };
  return null;
}

// ---------------------------------------------------------------------------------------------
// App JWTs

export type JwtCheck =
  | { ok: true; app: GitHubApp }
  | { ok: false; status: number; message: string };

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

const CLOCK_SKEW_S = 60;

/**
 * Checks an App JWT the way GitHub does: RS256 signed with the App's key, `iss` the App id (or
 * client id), `iat` not in the future, `exp` in the future and at most 10 minutes ahead (with a
 * minute of clock skew). The messages are GitHub's (octokit's auth-app retries on them).
 */
export function verifyAppJwt(world: World, token: string, nowMs = world.now()): JwtCheck {
  const undecodable: JwtCheck = {
    ok: false,
    status: 401,
    message: "A JSON web token could not be decoded",
  };
  const parts = token.split(".");
  if (parts.length !== 3) return undecodable;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = base64urlJson(headerPart);
  const payload = base64urlJson(payloadPart);
  if (!header || !payload) return undecodable;
  if (header.alg !== "RS256") return undecodable;
  const iss = payload.iss;
  const app = [...world.apps.values()].find(
    (candidate) =>
      (typeof iss === "number" || typeof iss === "string") &&
      (String(candidate.id) === String(iss) || candidate.clientId === iss),
  );
  // An unknown App id gets the same answer as a bad signature on github.com.
  if (!app) return undecodable;
  const signed = verify(
    "sha256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    app.publicKey,
    Buffer.from(signaturePart, "base64url"),
  );
  if (!signed) return undecodable;
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== "number" || !Number.isInteger(iat) || iat > now + CLOCK_SKEW_S) {
    return {
      ok: false,
      status: 401,
      message:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
    };
  }
  if (typeof exp !== "number" || exp <= now - CLOCK_SKEW_S) {
    return {
      ok: false,
      status: 401,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
    };
  }
  if (exp > now + 600 + CLOCK_SKEW_S || exp - iat > 600 + CLOCK_SKEW_S) {
    return {
      ok: false,
      status: 401,
      message: "'Expiration time' claim ('exp') is too far in the future.",
    };
  }
  return { ok: true, app };
}

/** Signs an App JWT (tests, scripts): what octokit's universal-github-app-jwt produces. */
export function signAppJwt(
  appId: number | string,
  privateKeyPem: string,
  options: { iat?: number; exp?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const iat = options.iat ?? now - 30;
  const exp = options.exp ?? iat + 600;
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat, exp, iss: appId })}`;
  const key = createPrivateKey(privateKeyPem);
  return `${body}.${sign("sha256", Buffer.from(body), key).toString("base64url")}`;
}

// ---------------------------------------------------------------------------------------------
// Installation tokens

/** A fresh installation token (`ghs_` + 60 characters; real ones vary in length, up to ~520). */
export function newInstallationToken(): string {
  return `ghs_${randomBytes(45).toString("base64url")}`;
}

/**
 * Issues an installation token: registered as the `<slug>[bot]` user in `world.tokens` (so every
 * endpoint sees that login) and in `world.installationTokens` with its expiry and scope.
 */
export function issueInstallationToken(
  world: World,
  app: GitHubApp,
  installation: Installation,
  request: { permissions?: AppPermissions; repositoryIds?: Set<number> | null },
): { token: string; info: InstallationToken } {
  const token = newInstallationToken();
  const now = world.now();
  const info: InstallationToken = {
    installationId: installation.id,
    expiresAt: now + TOKEN_LIFETIME_MS,
    permissions: request.permissions ?? { ...installation.permissions },
    repositoryIds: request.repositoryIds ?? null,
  };
  world.installationTokens.set(token, info);
  world.tokens.set(token, { login: botLogin(app), scope: "", issuedAt: now, fixed: false });
  return { token, info };
}

/** Drops installation tokens past their hour (GitHub then answers 401 Bad credentials). */
export function expireInstallationTokens(world: World, now = world.now()): void {
  for (const [token, info] of world.installationTokens) {
    if (info.expiresAt > now) continue;
    world.installationTokens.delete(token);
    world.tokens.delete(token);
  }
}

export function newClientSecret(): string {
  return randomBytes(20).toString("hex");
}

// ---------------------------------------------------------------------------------------------
// Registering and installing

let appKeyCache = new Map<string, { privateKeyPem: string; publicKey: KeyObject }>();

/** A generated key per App slug, kept for the process so resets do not change credentials. */
export function keyForSlug(slug: string): { privateKeyPem: string; publicKey: KeyObject } {
  let key = appKeyCache.get(slug.toLowerCase());
  if (!key) {
    key = generateAppKey();
    appKeyCache.set(slug.toLowerCase(), key);
  }
  return key;
}

/** Tests: forget generated keys. */
export function clearKeyCache(): void {
  appKeyCache = new Map();
}

export function registerApp(
  world: World,
  spec: {
    id: number;
    slug: string;
    name: string;
    owner: string;
    description?: string;
    externalUrl?: string;
    clientId?: string;
    clientSecret?: string;
    privateKeyPem?: string;
    webhookSecret?: string | null;
    webhookUrl?: string | null;
    webhookActive?: boolean;
    permissions: AppPermissions;
    events: string[];
    createdAt: number;
  },
): GitHubApp {
  const key = spec.privateKeyPem
    ? {
        privateKeyPem: spec.privateKeyPem.replace(/\\n/g, "\n"),
        publicKey: publicKeyOf(spec.privateKeyPem),
      }
    : keyForSlug(spec.slug);
  const app: GitHubApp = {
    id: spec.id,
    slug: spec.slug,
    name: spec.name,
    nodeId: Buffer.from(`04:Integration${spec.id}`).toString("base64").replace(/=+$/, ""),
    owner: spec.owner,
    description: spec.description ?? "",
    externalUrl: spec.externalUrl ?? "",
    clientId:
      spec.clientId ?? `Iv23li${spec.slug.replace(/[^a-z0-9]/gi, "").slice(0, 8)}${spec.id}`,
    clientSecret: spec.clientSecret ?? newClientSecret(),
    privateKeyPem: key.privateKeyPem,
    publicKey: key.publicKey,
    webhookSecret: spec.webhookSecret ?? null,
    webhookUrl: spec.webhookUrl ?? null,
    webhookActive: spec.webhookActive ?? true,
    hookId: 400_000_000 + spec.id,
    permissions: { metadata: "read", ...spec.permissions },
    events: spec.events,
    createdAt: spec.createdAt,
    botId: 150_000_000 + spec.id,
  };
  world.apps.set(app.id, app);
  return app;
}

/**
 * Installs an App on an account (all repositories, or the given ids) and tells the App
 * (`installation.created`). Installing again on the same account updates the selection instead
 * (`installation_repositories.added`/`removed`).
 */
export function installApp(
  world: World,
  app: GitHubApp,
  options: {
    id?: number;
    account: string;
    selection: "all" | "selected";
    repositoryIds: number[];
    by: string;
    at: number;
    notify: boolean;
  },
): Installation {
  const existing = [...world.installations.values()].find(
    (candidate) =>
      candidate.appId === app.id &&
      candidate.account.toLowerCase() === options.account.toLowerCase(),
  );
  if (existing) {
    const before = installationRepos(world, existing);
    existing.repositorySelection = options.selection;
    existing.repositoryIds = new Set(options.repositoryIds);
    existing.updatedAt = options.at;
    const after = installationRepos(world, existing);
    const added = after.filter((repo) => !before.includes(repo));
    const removed = before.filter((repo) => !after.includes(repo));
    if (options.notify) {
      for (const [action, list] of [
        ["added", added],
        ["removed", removed],
      ] as const) {
        if (list.length === 0) continue;
        world.emit({
          kind: "installation_repositories",
          action,
          installationId: existing.id,
          appId: app.id,
          actor: options.by,
          added: action === "added" ? list : [],
          removed: action === "removed" ? list : [],
        });
      }
    }
    return existing;
  }
  const id = options.id ?? Math.max(70_000_000, ...world.installations.keys()) + 1;
  const installation: Installation = {
    id,
    appId: app.id,
    account: world.accounts.get(options.account.toLowerCase())?.login ?? options.account,
    repositorySelection: options.selection,
    repositoryIds: new Set(options.repositoryIds),
    permissions: { ...app.permissions },
    events: [...app.events],
    createdAt: options.at,
    updatedAt: options.at,
  };
  world.installations.set(id, installation);
  if (options.notify) {
    world.emit({
      kind: "installation",
      action: "created",
      installationId: id,
      appId: app.id,
      actor: options.by,
      repos: installationRepos(world, installation),
    });
  }
  return installation;
}

/** Uninstalls: the installation and its tokens are gone; the App hears `installation.deleted`. */
export function uninstallApp(world: World, installation: Installation, by: string): void {
  const repos = installationRepos(world, installation);
  world.emit({
    kind: "installation",
    action: "deleted",
    installationId: installation.id,
    appId: installation.appId,
    actor: by,
    repos,
  });
  world.installations.delete(installation.id);
  for (const [token, info] of world.installationTokens) {
    if (info.installationId !== installation.id) continue;
    world.installationTokens.delete(token);
    world.tokens.delete(token);
  }
}
