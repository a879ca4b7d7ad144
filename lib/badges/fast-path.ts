import type { IncomingMessage, ServerResponse } from "node:http";
import { isTokenRequest } from "./badge";
import { resolveBadge } from "./render-cache";
import { badgeHeaders, matchesIfNoneMatch } from "./response";

// README badges are the one high-traffic URL. A Next route costs a few milliseconds of framework
// work per request; a warm badge needs none of it. The Node server calls this first and hands the
// request to Next only when the badge's data is not cached yet (Next then fills the cache).

const BADGE_PATH = /^\/api\/badge\/([^/]+)\/([^/]+)$/;

/**
 * Answers a badge request from the caches (this process's, else the shared store's); false when
 * Next has to handle it. The repository's generation is read first, so a dispatch on any instance
 * is seen here at once.
 */
export async function serveWarmBadge(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (!request.url?.startsWith("/api/badge/")) return false;
  const url = new URL(request.url, "http://localhost");
  // A badge link is checked against its token and served from the App's view: Next's route.
  if (isTokenRequest(url.searchParams)) return false;
  const match = BADGE_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return false;
  const resolved = await resolveBadge(match[1], match[2], url.searchParams);
  if (!("badge" in resolved)) return false;
  const { badge } = resolved;
  const headers = badgeHeaders(badge);
  const ifNoneMatch = request.headers["if-none-match"];
  if (matchesIfNoneMatch(typeof ifNoneMatch === "string" ? ifNoneMatch : null, badge.etag)) {
    headers.delete("content-type");
    response.writeHead(304, Object.fromEntries(headers));
    response.end();
    return true;
  }
  response.writeHead(badge.status, Object.fromEntries(headers));
  response.end(request.method === "HEAD" ? undefined : badge.body);
  return true;
}
