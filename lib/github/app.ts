import "server-only";
import { App } from "@octokit/app";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import type { components } from "@octokit/openapi-types";
import { request } from "@octokit/request";
import { type GitHubAppSettings, getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/health/types";
import { getStore } from "@/lib/store";
import { processWide } from "@/lib/store/process-cache";
import { seal, unseal } from "@/lib/store/sealed";
import { sealingKey, storeKeyOf } from "@/lib/store/shared-cache";
import { createGitHubClient, type GitHubClient } from "./client";
import { errorCodeOf, type HeaderSource, rateLimited } from "./errors";
import { observingFetch, type RateBudget } from "./rate-budget";
import { rest } from "./rest";

// The tagwatch GitHub App (watch mode): its JWT, installations and installation tokens, through
// @octokit/app against GITHUB_API_URL (so GitHub Enterprise Server works). The private key stays
// in this module's App instance and never reaches a log or a browser.

export type Installation = {
  id: number;
  /** The account (user or organisation) it is installed on. */
  account: string;
  createdAt: string;
  /** e.g. { actions: "write", issues: "write", contents: "read", metadata: "read" } */
  permissions: Record<string, string>;
};

export type InstallationClient = {
  client: GitHubClient;
  installation: Installation;
  /** What the App may do, as the dashboard's permission levels (GraphQL's viewerPermission is null for Apps). */
  permission: Permission;
};

type InstallationPayload = components["schemas"]["installation"];

const INSTALLATION_LOOKUP_TTL_SECONDS = 60;
const TIMEOUT_MS = 10_000;

/** Every App request gives up like the rest of tagwatch's reads: a page never waits on it forever. */
function timeout() {
  return { signal: AbortSignal.timeout(TIMEOUT_MS) };
}

/** Whether watch mode is configured (GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY). */
export function getAppSettings(): GitHubAppSettings | null {
  return getEnv().githubApp;
}

function requireSettings(): GitHubAppSettings {
  const settings = getAppSettings();
  if (!settings) {
    throw new AppError("not-found", "Watch mode is not configured (GITHUB_APP_ID is not set).");
  }
  return settings;
}

function getApp(): App {
  const settings = requireSettings();
  const baseUrl = getEnv().githubApiUrl;
  return processWide(`github-app:${settings.appId}:${baseUrl}`, () => {
    // The App's own (JWT) calls: installations. Installation tokens come from
    // getInstallationAuth, shared through the store.
    return new App({
      appId: settings.appId,
      privateKey: settings.privateKey,
      Octokit: Octokit.defaults({ baseUrl, userAgent: "tagwatch" }),
      // Quiet: its messages could quote request details.
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  });
}

/** An App request's failure in words for the operator; the code comes from THE mapping (errors.ts). */
function toAppError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const failure = error as { status?: unknown; response?: { headers?: HeaderSource } } | null;
  const status = failure?.status;
  // @octokit/request reports an unreachable server as a status 500 without a response.
  if (typeof status !== "number" || (status === 500 && !failure?.response)) {
    return new AppError("github-unavailable", `GitHub could not be reached while ${what}.`);
  }
  const headers = failure?.response?.headers;
  const code = errorCodeOf(status, headers);
  switch (code) {
    case "rate-limited":
      return rateLimited(headers);
    case "unauthenticated":
      return new AppError(
        code,
        `GitHub refused the tagwatch App's credentials while ${what}: check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY.`,
      );
    case "forbidden":
      return new AppError(code, `GitHub refused ${what} to the App.`);
    case "not-found":
      return new AppError(code, `GitHub found nothing while ${what}.`);
    case "github-unavailable":
      return new AppError(code, `GitHub did not answer while ${what}.`);
    default:
      return new AppError(code, `GitHub answered HTTP ${status} while ${what}.`);
  }
}

function toInstallation(payload: InstallationPayload): Installation {
  const account = payload.account;
  return {
    id: payload.id,
    // A user or organisation has a login; an enterprise account a slug.
    account: account ? ("login" in account ? account.login : account.slug) : "",
    createdAt: payload.created_at,
    permissions: { ...payload.permissions } as Record<string, string>,
  };
}

/** Every installation of the App (each account that installed it). */
export async function listInstallations(): Promise<Installation[]> {
  const app = getApp();
  const installations: Installation[] = [];
  try {
    for (let page = 1; page <= 50; page++) {
      const { data } = await app.octokit.request("GET /app/installations", {
        per_page: 100,
        page,
        request: timeout(),
      });
      installations.push(...data.map(toInstallation));
      if (data.length < 100) break;
    }
  } catch (error) {
    throw toAppError(error, "listing the App's installations");
  }
  return installations;
}

/** One installation by id (webhooks carry only its id); cached briefly in the shared store. */
export async function getInstallation(id: number): Promise<Installation> {
  const key = `app-installation-id:${id}`;
  const store = getStore();
  const cached = await store.get(key);
  if (cached !== null) return JSON.parse(cached) as Installation;
  let installation: Installation;
  try {
    const { data } = await getApp().octokit.request("GET /app/installations/{installation_id}", {
      installation_id: id,
      request: timeout(),
    });
    installation = toInstallation(data);
  } catch (error) {
    throw toAppError(error, `reading installation ${id}`);
  }
  await store.set(key, JSON.stringify(installation), {
    ttlSeconds: INSTALLATION_LOOKUP_TTL_SECONDS,
  });
  return installation;
}

/** What the App's permissions let it do, in the dashboard's terms. */
export function permissionOf(permissions: Record<string, string>): Permission {
  return permissions.actions === "write" ? "WRITE" : "READ";
}

// GitHub's tokens live an hour; auth-app reuses them for 59 minutes. Kept a little shorter here.
const TOKEN_SECONDS = 55 * 60;

/**
 * Installation tokens in the shared store, sealed (they are credentials), so every instance uses
 * the token one of them minted instead of minting its own. auth-app reads and writes through it.
 */
const sharedTokenCache = {
  // auth-app treats an empty answer as a miss.
  async get(key: string): Promise<string> {
    const entry = storeKeyOf("app-token", key);
    const sealed = await getStore().get(entry);
    return (sealed && unseal(sealingKey(), entry, sealed)) || "";
  },
  async set(key: string, value: string): Promise<void> {
    const entry = storeKeyOf("app-token", key);
    await getStore().set(entry, seal(sealingKey(), entry, value), { ttlSeconds: TOKEN_SECONDS });
  },
};

function getInstallationAuth() {
  const settings = requireSettings();
  const baseUrl = getEnv().githubApiUrl;
  return processWide(`github-app-auth:${settings.appId}:${baseUrl}`, () =>
    createAppAuth({
      appId: settings.appId,
      privateKey: settings.privateKey,
      request: request.defaults({ baseUrl, headers: { "user-agent": "tagwatch" } }),
      cache: sharedTokenCache,
      log: { warn() {} },
    }),
  );
}

async function installationToken(
  installation: Installation,
  refresh: boolean,
): Promise<{ token: string; permissions: Record<string, string> }> {
  try {
    const auth = (await getInstallationAuth()({
      type: "installation",
      installationId: installation.id,
      refresh,
    })) as { token: string; permissions?: Record<string, string> };
    return { token: auth.token, permissions: auth.permissions ?? installation.permissions };
  } catch (error) {
    throw toAppError(error, `creating a token for installation ${installation.id}`);
  }
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof AppError && error.code === "unauthenticated";
}

function haltKey(installationId: number): string {
  return storeKeyOf("app-installation-halted", String(installationId));
}

// A deleted installation's id never comes back (a reinstall gets a new one): kept a month.
const HALTED_SECONDS = 30 * 24 * 60 * 60;

/**
 * Stops (or resumes) everything the App does in an installation: GitHub suspended or deleted it,
 * so it would refuse every token anyway; no round reads and no write is even tried meanwhile.
 */
export async function setInstallationHalted(
  installationId: number,
  reason: "suspended" | "deleted" | null,
): Promise<void> {
  if (reason === null) await getStore().delete(haltKey(installationId));
  else await getStore().set(haltKey(installationId), reason, { ttlSeconds: HALTED_SECONDS });
}

/** Why the App does nothing in an installation now, or null when it may work there. */
export async function getInstallationHalted(
  installationId: number,
): Promise<"suspended" | "deleted" | null> {
  const reason = await getStore().get(haltKey(installationId));
  return reason === "suspended" || reason === "deleted" ? reason : null;
}

/**
 * Drops the installation's cached token (new permissions accepted, suspended, deleted): the next
 * one is minted afresh and carries what GitHub grants now. auth-app keys a token made without
 * narrowed repositories or permissions by the installation id alone.
 */
export async function forgetInstallationToken(installationId: number): Promise<void> {
  await getStore().delete(storeKeyOf("app-token", String(installationId)));
}

/**
 * A GitHub client acting as the App in one installation. A cached token GitHub no longer accepts
 * (revoked when the App was reinstalled or suspended) is replaced once: GitHub checks the token
 * before doing anything, so repeating a refused request cannot do it twice.
 */
export async function getInstallationClient(
  installation: Installation,
  options: { budget?: RateBudget } = {},
): Promise<InstallationClient> {
  const halted = await getInstallationHalted(installation.id);
  if (halted) {
    throw new AppError(
      "forbidden",
      `The tagwatch App's installation ${installation.id} is ${halted}: nothing is read or written there${halted === "suspended" ? " until it is unsuspended" : ""}.`,
    );
  }
  const first = await installationToken(installation, false);
  // A budget sees every answer's rate-limit headers (the sweep stops with headroom left).
  const clientOptions = options.budget ? { fetch: observingFetch(options.budget) } : {};
  let current = createGitHubClient(first.token, clientOptions);
  // One refresh per client, shared by the requests that were in flight with the refused token.
  let refreshing: Promise<GitHubClient> | null = null;
  const withFreshToken = async <T>(call: (client: GitHubClient) => Promise<T>): Promise<T> => {
    const used = current;
    try {
      return await call(used);
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      refreshing ??= installationToken(installation, true).then(({ token }) => {
        current = createGitHubClient(token, clientOptions);
        return current;
      });
      const fresh = await refreshing;
      if (fresh === used) throw error;
      try {
        return await call(fresh);
      } catch (retryError) {
        if (!isUnauthenticated(retryError)) throw retryError;
        throw new AppError(
          "unauthenticated",
          `GitHub refused the tagwatch App's token for installation ${installation.id}.`,
        );
      }
    }
  };
  const client: GitHubClient = {
    get tokenKey() {
      return current.tokenKey;
    },
    query: (text, variables) => withFreshToken((inner) => inner.query(text, variables)),
    rest: (method, path, options) => withFreshToken((inner) => inner.rest(method, path, options)),
    download: (url) => current.download(url),
  };
  return { client, installation, permission: permissionOf(first.permissions) };
}

/** A repository an installation may see: its ids (GraphQL's and REST's) next to its name. */
export type InstalledRepository = { nodeId: string; id: number; fullName: string };

/** The repositories one installation may see (a page of 100 per request). */
export async function listInstallationRepositories(
  client: GitHubClient,
): Promise<InstalledRepository[]> {
  const repositories: InstalledRepository[] = [];
  for (let page = 1; page <= 500; page++) {
    const { data } = await rest(client, "GET /installation/repositories", { per_page: 100, page });
    for (const { node_id, id, full_name } of data.repositories)
      repositories.push({ nodeId: node_id, id: Number(id), fullName: full_name });
    if (data.repositories.length < 100 || repositories.length >= data.total_count) break;
  }
  return repositories;
}

/** The store key of a repository's installation lookup: a hash, as the repository may be private. */
function installationLookupKey(repository: string): string {
  return storeKeyOf("app-installation", repository.toLowerCase());
}

/** The installation that covers a repository, or null when the App does not watch it. */
export async function findInstallation(owner: string, repo: string): Promise<Installation | null> {
  const key = installationLookupKey(`${owner}/${repo}`);
  const store = getStore();
  const cached = await store.get(key);
  if (cached !== null) return cached === "none" ? null : (JSON.parse(cached) as Installation);
  let installation: Installation | null;
  try {
    const { data } = await getApp().octokit.request("GET /repos/{owner}/{repo}/installation", {
      owner,
      repo,
      request: timeout(),
    });
    installation = toInstallation(data);
  } catch (error) {
    if ((error as { status?: unknown }).status !== 404) {
      throw toAppError(error, `looking up the App's installation on ${owner}/${repo}`);
    }
    installation = null;
  }
  await store.set(key, installation ? JSON.stringify(installation) : "none", {
    ttlSeconds: INSTALLATION_LOOKUP_TTL_SECONDS,
  });
  return installation;
}

/** Forgets cached installation lookups after installation webhooks. */
export async function forgetInstallation(id: number, repositories: string[]): Promise<void> {
  const store = getStore();
  await Promise.all([
    store.delete(`app-installation-id:${id}`),
    ...repositories.map((name) => store.delete(installationLookupKey(name))),
  ]);
}

/** Where a person installs the App (the "Install the tagwatch App" link); null without a slug. */
export function getInstallUrl(): string | null {
  const slug = getAppSettings()?.slug;
  return slug
    ? `${getEnv().githubServerUrl}/apps/${encodeURIComponent(slug)}/installations/new`
    : null;
}
