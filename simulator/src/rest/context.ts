import type { Repo } from "../state/model";
import type { World } from "../state/world";

// What every REST file shares: the request context, GitHub's error body, paging, the route
// table's shape and the repository lookup most routes start with.

export type RestResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type RestContext = {
  world: World;
  viewer: string;
  /** Web base, e.g. http://127.0.0.1:4010 */
  base: string;
  /** API base: `${base}` or `${base}/api/v3`, as the request came in. */
  api: string;
  faults: { rejectReturnRunDetails: boolean };
  /** The token's OAuth scopes (e.g. ["repo", "read:user"]); `workflow` guards workflow files. */
  scopes: string[];
};

const DOCS = "https://docs.github.com/rest";

export function restError(status: number, message: string, documentation = DOCS): RestResponse {
  return { status, body: { message, documentation_url: documentation, status: String(status) } };
}

export const notFound = () => restError(404, "Not Found");

/** GitHub's `per_page` (1..100, default 30) and `page` paging. */
export function paginate<T>(items: T[], query: URLSearchParams): T[] {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  return items.slice((page - 1) * perPage, page * perPage);
}

/** A request's JSON object body: {} when empty, null when it is not a JSON object (GitHub answers 400). */
export function parseBody(body: string): Record<string, unknown> | null {
  if (!body.trim()) return {};
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A route of a REST table: a method, a path pattern and its handler (params: the pattern's groups). */
export type Route = {
  method: string;
  pattern: RegExp;
  handle: (
    ctx: RestContext,
    params: string[],
    query: URLSearchParams,
    body: string,
  ) => RestResponse;
};

/** `/repos/{owner}/{repo}` at the start of a route pattern. */
export const REPO = "/repos/([^/]+)/([^/]+)";

/** A route handler for `/repos/{o}/{r}/...`: 404 unless the viewer can see the repository. */
export function withRepo(
  handle: (
    ctx: RestContext,
    repo: Repo,
    params: string[],
    query: URLSearchParams,
    body: string,
  ) => RestResponse,
): Route["handle"] {
  return (ctx, params, query, body) => {
    const repo = ctx.world.repo(
      decodeURIComponent(params[0] ?? ""),
      decodeURIComponent(params[1] ?? ""),
    );
    if (!repo || !ctx.world.canSee(repo, ctx.viewer)) return notFound();
    return handle(ctx, repo, params.slice(2), query, body);
  };
}
