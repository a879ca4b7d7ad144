import { createHash } from "node:crypto";
import type { HealthSummary, JudgedTag } from "@/lib/health/types";
import { isValidOwner, isValidRepositoryName, tryDecodeSegment } from "@/lib/names";
import { cacheKeys, getRepositoryGeneration, repositoryKey } from "@/lib/store/cache-policy";
import { processWide } from "@/lib/store/process-cache";
import { SharedCache } from "@/lib/store/shared-cache";
import {
  type BadgeFormat,
  type BadgeQuery,
  type BadgeState,
  describeBadge,
  type InvalidPart,
  isErrorState,
  parseBadgeQuery,
  renderBadgeSvg,
  toShieldsJson,
} from "./badge";

// Rendered badges and what they are rendered from, without I/O: shared by the badge route and the
// server's warm-badge fast path (which cannot import server-only code).

/** What the badge knows about one repository. */
export type BadgeData = {
  state: BadgeState;
  summary: HealthSummary | null;
  pendingTag: string | null;
};

export type RenderedBadge = {
  status: number;
  body: string;
  /** Strong ETag: a hash of the body. */
  etag: string;
  contentType: string;
  cacheControl: string;
  /** Allows shields.io-style consumers to read the JSON from browsers too. */
  cors: boolean;
};

export const REPOSITORY_TTL_MS = 5 * 60_000;
export const UNAVAILABLE_TTL_MS = 30_000;

const CACHE_CONTROL = "max-age=0, s-maxage=300, stale-while-revalidate=600";
const SHORT_CACHE_CONTROL = "max-age=0, s-maxage=30, stale-while-revalidate=60";

const STATUS: Record<BadgeState, number> = {
  ok: 200,
  "not-configured": 200,
  "not-found": 404,
  invalid: 400,
  // 200, not 503: camo shows a broken image for error statuses, and a README is better off
  // saying "unavailable" for half a minute.
  unavailable: 200,
  "app-not-installed": 200,
};

// Process-wide: the Node server in front of Next answers warm badges from these same caches.
// Shared between instances through the store (not sealed: a private repository's badge data is
// NOT_FOUND, which says nothing), keyed by the repository's generation so a dispatch anywhere
// shows "building" everywhere.
export const badgeRepositories = processWide(
  "badge-repositories",
  () => new SharedCache<BadgeData>("badge", { maxEntries: 5000 }),
);
const rendered = processWide(
  "badge-rendered",
  () => new Map<string, { source: BadgeData; badge: RenderedBadge }>(),
);
const MAX_RENDERED = 10_000;

export const NOT_CONFIGURED: BadgeData = {
  state: "not-configured",
  summary: null,
  pendingTag: null,
};
export const NOT_FOUND: BadgeData = { state: "not-found", summary: null, pendingTag: null };
export const UNAVAILABLE: BadgeData = { state: "unavailable", summary: null, pendingTag: null };
export const APP_NOT_INSTALLED: BadgeData = {
  state: "app-not-installed",
  summary: null,
  pendingTag: null,
};

/** What a badge says about a repository whose health was read. */
export function healthBadgeData(health: {
  summary: HealthSummary;
  tags: Pick<JudgedTag, "name" | "status">[];
}): BadgeData {
  return {
    state: "ok",
    summary: health.summary,
    pendingTag: health.tags.find((tag) => tag.status === "run-pending")?.name ?? null,
  };
}
const INVALID: Record<InvalidPart, BadgeData> = {
  repository: { state: "invalid", summary: null, pendingTag: null },
  style: { state: "invalid", summary: null, pendingTag: null },
  label: { state: "invalid", summary: null, pendingTag: null },
  format: { state: "invalid", summary: null, pendingTag: null },
};

/** A strong ETag for a body. */
export function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** Renders one variant of a badge; pure apart from the hash. */
export function renderBadge(
  data: BadgeData,
  query: BadgeQuery,
  invalid?: InvalidPart,
): RenderedBadge {
  const description = describeBadge(data.summary, data.state, {
    label: query.label,
    pendingTag: data.pendingTag,
    invalid,
  });
  const body =
    query.format === "shields"
      ? JSON.stringify(
          toShieldsJson(description, {
            isError: isErrorState(data.state),
          }),
        )
      : renderBadgeSvg(description, query.style);
  return {
    status: STATUS[data.state],
    body,
    etag: etagOf(body),
    contentType:
      query.format === "shields"
        ? "application/json; charset=utf-8"
        : "image/svg+xml; charset=utf-8",
    cacheControl:
      data.state === "unavailable" || data.state === "not-configured"
        ? SHORT_CACHE_CONTROL
        : CACHE_CONTROL,
    cors: query.format === "shields",
  };
}

function getRendered(
  key: string,
  data: BadgeData,
  query: BadgeQuery,
  invalid?: InvalidPart,
): RenderedBadge {
  const hit = rendered.get(key);
  if (hit && hit.source === data) return hit.badge;
  const badge = renderBadge(data, query, invalid);
  if (!hit && rendered.size >= MAX_RENDERED) {
    const oldest = rendered.keys().next().value;
    if (oldest !== undefined) rendered.delete(oldest);
  }
  rendered.set(key, { source: data, badge });
  return badge;
}

function variantKey(format: BadgeFormat, query: BadgeQuery | null): string {
  return query ? `${query.format}\n${query.style}\n${query.label ?? ""}` : format;
}

/** The cache key of a repository's badge data right now (its generation may have moved on). */
export async function badgeDataKey(owner: string, repo: string): Promise<string> {
  return cacheKeys.badge(await getRepositoryGeneration(owner, repo), owner, repo);
}

/** A badge request's repository and variant, or the finished badge that says what is wrong. */
export type ParsedBadgeRequest =
  | { badge: RenderedBadge }
  | { owner: string; repo: string; query: BadgeQuery };

/** Reads a badge request from raw (still percent-encoded) route segments and its query. */
export function parseBadgeRequest(
  rawOwner: string,
  rawRepo: string,
  params: URLSearchParams,
): ParsedBadgeRequest {
  const parsed = parseBadgeQuery(params);
  if (!parsed.ok) {
    const query: BadgeQuery = { format: parsed.format, style: "flat", label: null };
    const key = `invalid:${parsed.invalid}\n${parsed.format}`;
    return { badge: getRendered(key, INVALID[parsed.invalid], query, parsed.invalid) };
  }
  const { query } = parsed;
  const owner = tryDecodeSegment(rawOwner);
  const repo = tryDecodeSegment(rawRepo);
  if (owner === null || repo === null || !isValidOwner(owner) || !isValidRepositoryName(repo)) {
    const key = `invalid:repository\n${variantKey(query.format, query)}`;
    return { badge: getRendered(key, INVALID.repository, query, "repository") };
  }
  return { owner, repo, query };
}

/** Either the finished badge, or the repository whose data the badge still needs (and its key). */
export type ResolvedBadge =
  | { badge: RenderedBadge }
  | { owner: string; repo: string; query: BadgeQuery; key: string };

/** Works out a public badge from raw route segments as far as caches allow. */
export async function resolveBadge(
  rawOwner: string,
  rawRepo: string,
  params: URLSearchParams,
): Promise<ResolvedBadge> {
  const request = parseBadgeRequest(rawOwner, rawRepo, params);
  if ("badge" in request) return request;
  const { owner, repo, query } = request;
  const key = await badgeDataKey(owner, repo);
  const data = await badgeRepositories.peek(key);
  return data ? { badge: renderFor(owner, repo, data, query) } : { owner, repo, query, key };
}

/** The badge variant for a repository's data (rendered once per data and variant). */
export function renderFor(
  owner: string,
  repo: string,
  data: BadgeData,
  query: BadgeQuery,
): RenderedBadge {
  const scope = data.state === "ok" ? repositoryKey(owner, repo) : data.state;
  return getRendered(`${scope}\n${variantKey(query.format, query)}`, data, query);
}

/** Forgets every cached badge (tests). */
export function clearBadgeCache(): void {
  badgeRepositories.clearLocal();
  rendered.clear();
}
