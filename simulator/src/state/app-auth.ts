import { createPrivateKey, randomBytes, sign, verify } from "node:crypto";
import {
  type AppPermissions,
  appOfBot,
  botLogin,
  type GitHubApp,
  hasAppPermission,
  type Installation,
  type InstallationToken,
  installationFor,
  permissionForRepoPath,
} from "./apps";
import type { World } from "./world";

// How Apps authenticate, as GitHub checks it: App JWTs, installation tokens (issued, expired, the
// installation behind one), and the gate every installation-token request passes first.

export const TOKEN_LIFETIME_MS = 3_600_000;

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

export const SUSPENDED = "This installation has been suspended";

/** Whether `token` is an installation token of a suspended installation (GitHub answers 403). */
export function isSuspendedToken(world: World, token: string): boolean {
  const info = world.installationTokens.get(token);
  return info
    ? (world.installations.get(info.installationId)?.suspendedAt ?? null) !== null
    : false;
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
