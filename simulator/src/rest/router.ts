import { actionsRoutes } from "./actions";
import { notFound, type RestContext, type RestResponse, type Route, restError } from "./context";
import { repoRoutes } from "./repos";

// The REST route table of repos.ts and actions.ts (issues, pulls and Apps route their own
// requests first: see server.ts).

const routes: Route[] = [...repoRoutes, ...actionsRoutes];

/** Routes a REST request (path without the /api/v3 prefix). */
export function handleRest(
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
  return /^\/(user|users|repos|rate_limit|orgs|app|installation|app-manifests)(\/|$)/.test(path);
}
