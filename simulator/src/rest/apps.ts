import {
  installationOfViewer,
  integrationGate,
  issueInstallationToken,
  looksLikeJwt,
  SUSPENDED,
  verifyAppJwt,
} from "../state/app-auth";
import { uninstallApp } from "../state/app-installs";
import {
  type AppPermissions,
  type GitHubApp,
  hasAppPermission,
  type Installation,
  installationRepos,
} from "../state/apps";
import { iso } from "../state/model";
import type { World } from "../state/world";
import type { Delivery } from "../webhooks/webhooks";
import { paginate, parseBody, type RestContext, type RestResponse, restError } from "./context";
import { installationJson, integrationJson, repoJson } from "./json";

/** The webhook log (webhooks/webhooks.ts), for `/app/hook/...`. */
export type HookLog = {
  deliveries: Delivery[];
  redeliver(id: string): Promise<Delivery | null>;
};

type AppRestContext = RestContext & { hooks?: HookLog };

// The REST side of GitHub Apps: endpoints authenticated with an App JWT (`/app`, installation
// tokens, `/repos/{o}/{r}/installation`), with an installation token (`/installation/...`), and the
// permission gate every installation-token request passes first.

const DOCS = "https://docs.github.com/rest";

/** POST /app/installations/{id}/access_tokens, optionally narrowed to repositories/permissions. */
function createToken(
  ctx: RestContext,
  app: GitHubApp,
  installation: Installation,
  body: string,
): RestResponse {
  const input = parseBody(body);
  if (!input) return restError(400, "Problems parsing JSON");
  const available = installationRepos(ctx.world, installation);
  let repositoryIds: Set<number> | null = null;
  if (Array.isArray(input.repositories) || Array.isArray(input.repository_ids)) {
    const names = ((input.repositories as unknown[] | undefined) ?? []).map(String);
    const ids = ((input.repository_ids as unknown[] | undefined) ?? []).map(Number);
    const chosen = available.filter(
      (repo) =>
        names.some((name) => name.toLowerCase() === repo.name.toLowerCase()) ||
        ids.includes(repo.id),
    );
    if (chosen.length !== names.length + ids.length)
      return restError(
        422,
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
      );
    repositoryIds = new Set(chosen.map((repo) => repo.id));
  }
  let permissions: AppPermissions | undefined;
  if (input.permissions !== undefined) {
    if (!input.permissions || typeof input.permissions !== "object")
      return restError(
        422,
        "Invalid request.\n\nFor 'properties/permissions', it is not an object.",
      );
    permissions = {};
    for (const [name, level] of Object.entries(input.permissions as Record<string, unknown>)) {
      if (
        (level !== "read" && level !== "write" && level !== "admin") ||
        !hasAppPermission(installation.permissions, name, level)
      )
        return restError(422, "The permissions requested are not granted to this installation.");
      permissions[name] = level;
    }
  }
  const { token, info } = issueInstallationToken(ctx.world, app, installation, {
    permissions,
    repositoryIds,
  });
  const repos = repositoryIds ? available.filter((repo) => repositoryIds.has(repo.id)) : null;
  return {
    status: 201,
    body: {
      token,
      expires_at: iso(info.expiresAt),
      permissions: info.permissions,
      repository_selection: repos ? "selected" : installation.repositorySelection,
      ...(repos ? { repositories: repos.map((repo) => repoJson(ctx, repo)) } : {}),
    },
  };
}

function ownInstallation(world: World, app: GitHubApp, id: string): Installation | null {
  const installation = world.installations.get(Number(id));
  return installation && installation.appId === app.id ? installation : null;
}

/** Endpoints that need the App's JWT. */
function deliveryJson(delivery: Delivery) {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.delivered_at,
    redelivery: delivery.redelivery,
    duration: delivery.duration ?? 0,
    status: delivery.status,
    status_code: delivery.status_code ?? 0,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installation_id,
    repository_id: delivery.repository_id,
    throttled_at: null,
  };
}

const jwtRoutes: {
  method: string;
  pattern: RegExp;
  handle: (
    ctx: AppRestContext,
    app: GitHubApp,
    params: string[],
    query: URLSearchParams,
    body: string,
  ) => RestResponse;
}[] = [
  {
    method: "GET",
    pattern: /^\/app$/,
    handle: (ctx, app) => ({ status: 200, body: integrationJson(ctx, app) }),
  },
  {
    method: "GET",
    pattern: /^\/app\/hook\/config$/,
    handle: (_ctx, app) => ({
      status: 200,
      body: {
        content_type: "json",
        insecure_ssl: "0",
        url: app.webhookUrl ?? "",
        ...(app.webhookSecret ? { secret: "********" } : {}),
      },
    }),
  },
  {
    method: "GET",
    pattern: /^\/app\/hook\/deliveries$/,
    handle: (ctx, app, _params, query) => {
      const mine = (ctx.hooks?.deliveries ?? [])
        .filter((delivery) => delivery.app === app.slug && delivery.status !== "pending")
        .sort((a, b) => b.id - a.id);
      // GitHub pages this list with an opaque cursor; the simulator uses the last id seen.
      const cursor = Number(query.get("cursor") ?? 0);
      const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
      const page = mine.filter((delivery) => !cursor || delivery.id < cursor).slice(0, perPage);
      const last = page[page.length - 1];
      const headers: Record<string, string> = {};
      if (last && mine.some((delivery) => delivery.id < last.id))
        headers.link = `<${ctx.api}/app/hook/deliveries?per_page=${perPage}&cursor=${last.id}>; rel="next"`;
      return { status: 200, body: page.map(deliveryJson), headers };
    },
  },
  {
    method: "GET",
    pattern: /^\/app\/hook\/deliveries\/(\d+)$/,
    handle: (ctx, app, params) => {
      const delivery = ctx.hooks?.deliveries.find(
        (candidate) => candidate.app === app.slug && String(candidate.id) === params[0],
      );
      if (!delivery) return restError(404, "Not Found");
      return {
        status: 200,
        body: {
          ...deliveryJson(delivery),
          url: delivery.url,
          request: { headers: delivery.request.headers, payload: delivery.request.payload },
          response: {
            headers: {},
            payload: delivery.response?.body ?? null,
          },
        },
      };
    },
  },
  {
    method: "POST",
    pattern: /^\/app\/hook\/deliveries\/(\d+)\/attempts$/,
    handle: (ctx, app, params) => {
      const delivery = ctx.hooks?.deliveries.find(
        (candidate) => candidate.app === app.slug && String(candidate.id) === params[0],
      );
      if (!delivery || !ctx.hooks) return restError(404, "Not Found");
      void ctx.hooks.redeliver(String(delivery.id));
      return { status: 202, body: {} };
    },
  },
  {
    method: "GET",
    pattern: /^\/app\/installations$/,
    handle: (ctx, app, _params, query) => {
      const installations = [...ctx.world.installations.values()]
        .filter((installation) => installation.appId === app.id)
        .sort((a, b) => a.id - b.id);
      return {
        status: 200,
        body: paginate(installations, query).map((installation) =>
          installationJson(ctx, installation),
        ),
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/app\/installations\/(\d+)$/,
    handle: (ctx, app, params) => {
      const installation = ownInstallation(ctx.world, app, params[0] ?? "");
      return installation
        ? { status: 200, body: installationJson(ctx, installation) }
        : restError(404, "Not Found");
    },
  },
  {
    method: "DELETE",
    pattern: /^\/app\/installations\/(\d+)$/,
    handle: (ctx, app, params) => {
      const installation = ownInstallation(ctx.world, app, params[0] ?? "");
      if (!installation) return restError(404, "Not Found");
      uninstallApp(ctx.world, installation, installation.account);
      return { status: 204 };
    },
  },
  {
    method: "POST",
    pattern: /^\/app\/installations\/(\d+)\/access_tokens$/,
    handle: (ctx, app, params, _query, body) => {
      const installation = ownInstallation(ctx.world, app, params[0] ?? "");
      if (!installation) return restError(404, "Not Found");
      if (installation.suspendedAt !== null)
        return restError(
          403,
          SUSPENDED,
          `${DOCS}/apps/apps#create-an-installation-access-token-for-an-app`,
        );
      return createToken(ctx, app, installation, body);
    },
  },
  {
    method: "GET",
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/installation$/,
    handle: (ctx, app, params) => {
      const repo = ctx.world.repo(
        decodeURIComponent(params[0] ?? ""),
        decodeURIComponent(params[1] ?? ""),
      );
      const installation = repo
        ? [...ctx.world.installations.values()].find(
            (candidate) =>
              candidate.appId === app.id &&
              candidate.account.toLowerCase() === repo.owner.toLowerCase() &&
              (candidate.repositorySelection === "all" || candidate.repositoryIds.has(repo.id)),
          )
        : undefined;
      return installation
        ? { status: 200, body: installationJson(ctx, installation) }
        : restError(404, "Not Found");
    },
  },
  {
    method: "GET",
    pattern: /^\/(?:users|orgs)\/([^/]+)\/installation$/,
    handle: (ctx, app, params) => {
      const login = decodeURIComponent(params[0] ?? "").toLowerCase();
      const installation = [...ctx.world.installations.values()].find(
        (candidate) => candidate.appId === app.id && candidate.account.toLowerCase() === login,
      );
      return installation
        ? { status: 200, body: installationJson(ctx, installation) }
        : restError(404, "Not Found");
    },
  },
];

/**
 * App-authenticated endpoints. Answers null when the path is not one of them (the request then
 * goes on with a user or installation token).
 */
export function handleJwtRest(
  ctx: Omit<AppRestContext, "viewer">,
  method: string,
  path: string,
  query: URLSearchParams,
  token: string | null,
  body: string,
): RestResponse | null {
  const effective = method === "HEAD" ? "GET" : method;
  for (const route of jwtRoutes) {
    const match = route.pattern.exec(path);
    if (!match || route.method !== effective) continue;
    if (!token || !looksLikeJwt(token)) {
      // A user or installation token on an App endpoint.
      if (token && ctx.world.tokens.has(token))
        return restError(
          401,
          "A JSON web token could not be decoded",
          `${DOCS}/apps/apps#get-the-authenticated-app`,
        );
      return restError(
        401,
        token ? "A JSON web token could not be decoded" : "Requires authentication",
      );
    }
    const check = verifyAppJwt(ctx.world, token);
    if (!check.ok) return restError(check.status, check.message);
    return route.handle({ ...ctx, viewer: "" }, check.app, match.slice(1), query, body);
  }
  return null;
}

/** Endpoints for an installation token, and the gate in front of every other endpoint. */
export function handleInstallationRest(
  ctx: RestContext,
  token: string,
  method: string,
  path: string,
  query: URLSearchParams,
): RestResponse | null {
  const access = installationOfViewer(ctx.world, ctx.viewer, token);
  if (access && access.installation.suspendedAt !== null) return restError(403, SUSPENDED);
  if (path === "/installation/repositories" && (method === "GET" || method === "HEAD")) {
    if (!access)
      return restError(
        403,
        "You must authenticate with an installation access token in order to list repositories for an installation.",
      );
    const repos = installationRepos(ctx.world, access.installation).filter(
      (repo) => access.token.repositoryIds === null || access.token.repositoryIds.has(repo.id),
    );
    return {
      status: 200,
      body: {
        total_count: repos.length,
        repository_selection: access.installation.repositorySelection,
        repositories: paginate(repos, query).map((repo) => repoJson(ctx, repo)),
      },
    };
  }
  if (path === "/installation/token" && method === "DELETE") {
    if (!access) return restError(401, "Bad credentials");
    ctx.world.installationTokens.delete(token);
    ctx.world.tokens.delete(token);
    return { status: 204 };
  }
  if (!access) return null;
  const gate = integrationGate(ctx.world, access, method, path);
  return gate ? restError(gate.status, gate.message) : null;
}
