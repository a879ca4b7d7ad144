import "server-only";
import { LATE, within } from "@/lib/deadline";
import { getRepositoryGeneration } from "@/lib/store/cache-policy";
import { isStale, readAppView, refreshAppView } from "./app-view";
import type { BadgeQuery } from "./badge";
import {
  type BadgeData,
  NOT_FOUND,
  parseBadgeRequest,
  type RenderedBadge,
  renderBadge,
  UNAVAILABLE,
} from "./render-cache";
import { isBadgeTokenValid } from "./token-store";

// `GET /api/badge/{owner}/{repo}?token=…`: a badge link, for private repositories. A token that is
// not the repository's current one (wrong, rotated, removed, another repository's) and a
// repository that does not exist get one neutral answer, the public "not found" badge, so the
// endpoint cannot tell anyone which private repositories exist. Every answer is no-cache: GitHub's
// image proxy asks again each time (a 304 when nothing changed), and a rotated link stops at once.

const NO_CACHE = "no-cache";
/** How long a first request waits for the App's read (GitHub's image proxy gives up after ~4 s). */
export const COLD_WAIT_MS = 2_500;

/** The answer, and the refresh to run after it when the stored view was stale. */
export type TokenBadge = { badge: RenderedBadge; refresh: (() => Promise<unknown>) | null };

function render(data: BadgeData, query: BadgeQuery): RenderedBadge {
  return { ...renderBadge(data, query), cacheControl: NO_CACHE };
}

/** The badge a badge link shows, from raw (still percent-encoded) route segments. */
export async function getTokenBadge(
  rawOwner: string,
  rawRepo: string,
  params: URLSearchParams,
  options: { coldWaitMs?: number } = {},
): Promise<TokenBadge> {
  const request = parseBadgeRequest(rawOwner, rawRepo, params);
  if ("badge" in request)
    return { badge: { ...request.badge, cacheControl: NO_CACHE }, refresh: null };
  const { owner, repo, query } = request;
  if (!(await isBadgeTokenValid(owner, repo, params.get("token") ?? ""))) {
    return { badge: render(NOT_FOUND, query), refresh: null };
  }
  const [view, generation] = await Promise.all([
    readAppView(owner, repo),
    getRepositoryGeneration(owner, repo),
  ]);
  if (view) {
    const stale = isStale(view, generation, Date.now());
    return {
      badge: render(view.data, query),
      refresh: stale ? () => refreshAppView(owner, repo) : null,
    };
  }
  // No view yet (it is read when the link is made, so rarely): wait briefly for it.
  const loading = refreshAppView(owner, repo);
  const first = await within(
    loading.catch(() => null),
    options.coldWaitMs ?? COLD_WAIT_MS,
  );
  if (first && first !== LATE) return { badge: render(first.data, query), refresh: null };
  return { badge: render(UNAVAILABLE, query), refresh: () => loading };
}
