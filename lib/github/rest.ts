import type { Endpoints } from "@octokit/types";
import type { GitHubClient, RestResult } from "./client";

// REST calls named by GitHub's route ("POST /repos/{owner}/{repo}/issues") and typed from its
// OpenAPI description (@octokit/types' Endpoints): parameters, body and answer, as octokit does,
// over tagwatch's own client (its timeouts, its retries of reads only, its error mapping).
// The route template is the one place a REST path is built.

type Method = "GET" | "POST" | "PUT" | "PATCH";

export type RestRoute = Extract<keyof Endpoints, `${Method} ${string}`>;

/** What GitHub answers on a route (its success body). */
export type RestResponse<R extends RestRoute> = Endpoints[R]["response"]["data"];

/** What a route takes: its path placeholders, then its query (GET) or its JSON body. */
export type RestParameters<R extends RestRoute> = Endpoints[R]["parameters"];

/** A path placeholder's value in a URL: each segment encoded, the slashes of a file path kept. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The request a route and its parameters make: method, path (with query for GET) and body. */
export function restRequest<R extends RestRoute>(
  route: R,
  parameters: RestParameters<R>,
): { method: Method; path: string; body: Record<string, unknown> | undefined } {
  const [method, template = ""] = route.split(" ") as [Method, string];
  const rest: Record<string, unknown> = { ...parameters };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodePath(String(value));
  });
  if (method !== "GET") return { method, path, body: rest };
  const query = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join("&");
  return { method, path: query ? `${path}?${query}` : path, body: undefined };
}

/**
 * Sends one REST request on `route`: placeholders filled from `parameters`, the rest sent as the
 * query (GET) or the JSON body. Reads are retried, writes never unless `retry` says so.
 */
export function rest<R extends RestRoute>(
  client: GitHubClient,
  route: R,
  parameters: RestParameters<R>,
  options: { retry?: boolean } = {},
): Promise<RestResult<RestResponse<R>>> {
  const { method, path, body } = restRequest(route, parameters);
  return client.rest<RestResponse<R>>(method, path, { body, retry: options.retry });
}
