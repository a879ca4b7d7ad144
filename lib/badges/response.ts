import type { RenderedBadge } from "./render-cache";

// The HTTP side of a badge: headers for GitHub's camo proxy and CDNs, and conditional requests.

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag.replace(/^W\//, "") === wanted;
  });
}

/** Badge headers, identical for every response that carries the same body. */
export function badgeHeaders(badge: RenderedBadge): Headers {
  const headers = new Headers({
    "content-type": badge.contentType,
    "cache-control": badge.cacheControl,
    etag: badge.etag,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "cross-origin-resource-policy": "cross-origin",
  });
  if (badge.cors) headers.set("access-control-allow-origin", "*");
  return headers;
}

/** The badge as a Response, or 304 when the client already has this body. */
export function toBadgeResponse(badge: RenderedBadge, ifNoneMatch: string | null): Response {
  const headers = badgeHeaders(badge);
  if (matchesIfNoneMatch(ifNoneMatch, badge.etag)) {
    headers.delete("content-type");
    return new Response(null, { status: 304, headers });
  }
  return new Response(badge.body, { status: badge.status, headers });
}
