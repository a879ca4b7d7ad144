import { json, type Reply } from "../http/reply";
import { acceptNewPermissions, setSuspended } from "../state/app-installs";
import { type AppPermissionLevel, type AppPermissions, appBySlug } from "../state/apps";
import { renameRepo, transferRepo } from "../state/repo-moves";
import type { World } from "../state/world";

// The control API for what people do on github.com that an App hears about (its lifecycle):
// suspending an installation, the App asking for new permissions and an account accepting them,
// revoking one's authorization of the App, renaming and transferring repositories. Each acts
// through src/state/ and so sends the webhooks GitHub sends (webhooks/webhooks.ts).

const LEVELS = new Set(["read", "write", "admin"]);

/** Who acts when the request does not say: the account itself, or an organisation's admin. */
function ownerOf(world: World, login: string): string {
  const account = world.accounts.get(login.toLowerCase());
  if (!account || account.type === "User") return account?.login ?? login;
  return [...account.members.entries()].find(([, role]) => role === "admin")?.[0] ?? login;
}

function actor(world: World, input: Record<string, unknown>, fallback: string): string | Reply {
  if (input.by === undefined) return ownerOf(world, fallback);
  if (typeof input.by !== "string" || !world.accounts.has(input.by.toLowerCase()))
    return json(400, { message: `Unknown user ${String(input.by)}` });
  return input.by;
}

function appRoutes(world: World, path: string, input: Record<string, unknown>): Reply | null {
  const match =
    /^\/_simulator\/apps\/([^/]+)\/(permissions|authorizations\/revoke|installations\/(\d+)\/(suspend|unsuspend|accept-permissions))$/.exec(
      path,
    );
  if (!match) return null;
  const app = appBySlug(world, decodeURIComponent(match[1] ?? ""));
  if (!app) return json(404, { message: `No App ${match[1]}` });
  if (match[2] === "permissions") {
    const { permissions, events } = input;
    if (
      permissions !== undefined &&
      (!permissions ||
        typeof permissions !== "object" ||
        Object.values(permissions).some((level) => !LEVELS.has(String(level))))
    )
      return json(400, { message: "permissions: { name: read | write | admin }" });
    if (
      events !== undefined &&
      (!Array.isArray(events) || events.some((e) => typeof e !== "string"))
    )
      return json(400, { message: "events: a list of event names" });
    // The App's owner changes what it asks for; installations keep theirs until they accept.
    if (permissions)
      app.permissions = {
        metadata: "read",
        ...(permissions as Record<string, AppPermissionLevel>),
      } as AppPermissions;
    if (events) app.events = events as string[];
    return json(200, { permissions: app.permissions, events: app.events });
  }
  if (match[2] === "authorizations/revoke") {
    const login = typeof input.login === "string" ? input.login : "";
    const account = world.accounts.get(login.toLowerCase());
    if (account?.type !== "User") return json(400, { message: `Unknown user ${login}` });
    world.emit({
      kind: "github_app_authorization",
      action: "revoked",
      appId: app.id,
      actor: account.login,
    });
    return json(200, { revoked: account.login });
  }
  const installation = world.installations.get(Number(match[3]));
  if (!installation || installation.appId !== app.id)
    return json(404, { message: "No such installation" });
  const by = actor(world, input, installation.account);
  if (typeof by !== "string") return by;
  if (match[4] === "accept-permissions") acceptNewPermissions(world, app, installation, by);
  else setSuspended(world, installation, match[4] === "suspend", by);
  return json(200, {
    id: installation.id,
    suspendedAt:
      installation.suspendedAt === null ? null : new Date(installation.suspendedAt).toISOString(),
    permissions: installation.permissions,
    events: installation.events,
  });
}

function repoRoutes(world: World, path: string, input: Record<string, unknown>): Reply | null {
  const match = /^\/_simulator\/repos\/([^/]+)\/([^/]+)\/(rename|transfer)$/.exec(path);
  if (!match) return null;
  const repo = world.repo(decodeURIComponent(match[1] ?? ""), decodeURIComponent(match[2] ?? ""));
  if (!repo) return json(404, { message: `No repository ${match[1]}/${match[2]}` });
  const by = actor(world, input, repo.owner);
  if (typeof by !== "string") return by;
  const target = match[3] === "rename" ? input.name : input.owner;
  if (typeof target !== "string" || !target)
    return json(400, { message: match[3] === "rename" ? "name is required" : "owner is required" });
  const refused =
    match[3] === "rename"
      ? renameRepo(world, repo, target, by)
      : transferRepo(world, repo, target, by);
  if (refused) return json(422, { message: refused });
  return json(200, { id: repo.id, owner: repo.owner, name: repo.name });
}

/** `POST /_simulator/apps/{slug}/...` and `/_simulator/repos/{o}/{r}/...` lifecycle actions. */
export function lifecycleControl(
  world: World,
  method: string,
  path: string,
  input: Record<string, unknown>,
): Reply | null {
  if (method !== "POST") return null;
  return appRoutes(world, path, input) ?? repoRoutes(world, path, input);
}
