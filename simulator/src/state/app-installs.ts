import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { type AppPermissions, type GitHubApp, type Installation, installationRepos } from "./apps";
import type { World } from "./world";

// Registering Apps (with a key pair as GitHub issues them) and installing them on accounts, with
// the `installation` / `installation_repositories` events GitHub sends the App.

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

export function newClientSecret(): string {
  return randomBytes(20).toString("hex");
}
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
    suspendedAt: null,
    suspendedBy: null,
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

/**
 * Suspends (or unsuspends) an installation, as its account's owner does in settings: while
 * suspended the App gets no tokens and no repository webhooks; it hears `installation.suspend`
 * and `installation.unsuspend`.
 */
export function setSuspended(
  world: World,
  installation: Installation,
  suspended: boolean,
  by: string,
): boolean {
  if ((installation.suspendedAt !== null) === suspended) return false;
  const now = world.now();
  installation.suspendedAt = suspended ? now : null;
  installation.suspendedBy = suspended ? by : null;
  installation.updatedAt = now;
  world.emit({
    kind: "installation",
    action: suspended ? "suspend" : "unsuspend",
    installationId: installation.id,
    appId: installation.appId,
    actor: by,
    repos: installationRepos(world, installation),
  });
  return true;
}

/**
 * The account accepts what the App now asks for (after its owner changed the App's permissions
 * or events): the installation takes them over and the App hears
 * `installation.new_permissions_accepted`.
 */
export function acceptNewPermissions(
  world: World,
  app: GitHubApp,
  installation: Installation,
  by: string,
): void {
  installation.permissions = { ...app.permissions };
  installation.events = [...app.events];
  installation.updatedAt = world.now();
  world.emit({
    kind: "installation",
    action: "new_permissions_accepted",
    installationId: installation.id,
    appId: installation.appId,
    actor: by,
    repos: installationRepos(world, installation),
  });
}
