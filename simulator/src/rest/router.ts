import { actionsRoutes } from "./actions";
import { handleInstallationRest } from "./apps";
import { notFound, type RestContext, type RestResponse, type Route, restError } from "./context";
import { handleIssuesRest } from "./issues";
import { handlePullsRest } from "./pulls";
import { repoRoutes } from "./repos";

// Where an authenticated REST request goes: the installation-token gate and `/installation/...`
// (apps.ts), issues, pull requests and branches, then the route table of repos.ts and actions.ts.
// (App-JWT endpoints are routed before authentication: see http/rest-endpoint.ts.)

const routes: Route[] = [...repoRoutes, ...actionsRoutes];

/** Routes a REST request made with `token` (path without the /api/v3 prefix). */
export function routeRest(
  ctx: RestContext,
  token: string,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): RestResponse {
  return (
    handleInstallationRest(ctx, token, method, path, query) ??
    handleIssuesRest(ctx, method, path, query, body) ??
    handlePullsRest(ctx, method, path, query, body) ??
    routeTable(ctx, method, path, query, body)
  );
}

function routeTable(
  ctx: RestContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): RestResponse {
  const effectiveMethod = method === "HEAD" ? "GET" : method;
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== effectiveMethod) continue;
    return route.handle(ctx, match.slice(1), query, body);
  }
  return pathMatched ? restError(404, "Not Found") : notFound();
}

/** Whether a path (without /api/v3) belongs to the REST API rather than the web host. */
export function isRestPath(path: string): boolean {
  return /^\/(user|users|repos|repositories|rate_limit|orgs|app|installation|app-manifests)(\/|$)/.test(
    path,
  );
}
