import "server-only";
import { createHash } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { TtlCache } from "@/lib/github/cache";
import { createGitHubClient, type GitHubClient } from "@/lib/github/client";
import { loadRepositoryHealth } from "@/lib/github/repository-health";
import type { HealthSummary } from "@/lib/health/types";
import { isValidOwner, isValidRepositoryName } from "@/lib/names";
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

// Public badges are read with the server's GITHUB_TOKEN and shared by every visitor, so each
// repository is fetched at most once per REPOSITORY_TTL_MS per instance, and each variant of the
// badge (format, style, label) is rendered once per fetch.

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

const REPOSITORY_TTL_MS = 5 * 60_000;
const UNAVAILABLE_TTL_MS = 30_000;

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
};

const repositories = new TtlCache<BadgeData>(5000);
const rendered = new Map<string, { source: BadgeData; badge: RenderedBadge }>();
const MAX_RENDERED = 10_000;

const NOT_CONFIGURED: BadgeData = { state: "not-configured", summary: null, pendingTag: null };
const NOT_FOUND: BadgeData = { state: "not-found", summary: null, pendingTag: null };
const UNAVAILABLE: BadgeData = { state: "unavailable", summary: null, pendingTag: null };
const INVALID: Record<InvalidPart, BadgeData> = {
  repository: { state: "invalid", summary: null, pendingTag: null },
  style: { state: "invalid", summary: null, pendingTag: null },
  label: { state: "invalid", summary: null, pendingTag: null },
  format: { state: "invalid", summary: null, pendingTag: null },
};

let client: { token: string; github: GitHubClient } | null = null;

function getBadgeClient(): GitHubClient | null {
  let token: string | undefined;
  try {
    token = getEnv().githubToken;
  } catch {
    // An environment tagwatch cannot start sign-in with still serves "not configured" badges.
    return null;
  }
  if (!token) return null;
  if (client?.token !== token) client = { token, github: createGitHubClient(token) };
  return client.github;
}

/** Maps a failed load to what the badge may say: never why a repository cannot be seen. */
export function badgeDataForError(error: unknown): BadgeData {
  if (error instanceof AppError) {
    switch (error.code) {
      case "not-found":
      case "forbidden":
      case "unauthenticated":
      case "invalid-input":
      case "unprocessable":
        return NOT_FOUND;
      case "rate-limited":
      case "github-unavailable":
        return UNAVAILABLE;
      default:
        break;
    }
  }
  console.error(error);
  return UNAVAILABLE;
}

async function fetchBadgeData(
  github: GitHubClient,
  owner: string,
  repo: string,
): Promise<BadgeData> {
  try {
    const health = await loadRepositoryHealth(github, owner, repo);
    // The server's token may see private repositories; a public badge must not tell them apart
    // from ones that do not exist.
    if (health.isPrivate) return NOT_FOUND;
    return {
      state: "ok",
      summary: health.summary,
      pendingTag: health.tags.find((tag) => tag.status === "run-pending")?.name ?? null,
    };
  } catch (error) {
    return badgeDataForError(error);
  }
}

function repositoryKey(owner: string, repo: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}`;
}

async function getBadgeData(owner: string, repo: string): Promise<BadgeData> {
  const github = getBadgeClient();
  if (!github) return NOT_CONFIGURED;
  const key = repositoryKey(owner, repo);
  return (
    repositories.peek(key) ??
    repositories.get(
      key,
      () => fetchBadgeData(github, owner, repo),
      (data) => (data.state === "unavailable" ? UNAVAILABLE_TTL_MS : REPOSITORY_TTL_MS),
    )
  );
}

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

/** The badge for `/api/badge/{owner}/{repo}`, from raw (still percent-encoded) route segments. */
export async function getBadge(
  rawOwner: string,
  rawRepo: string,
  params: URLSearchParams,
): Promise<RenderedBadge> {
  const parsed = parseBadgeQuery(params);
  if (!parsed.ok) {
    const query: BadgeQuery = { format: parsed.format, style: "flat", label: null };
    return getRendered(
      `invalid:${parsed.invalid}\n${parsed.format}`,
      INVALID[parsed.invalid],
      query,
      parsed.invalid,
    );
  }
  const { query } = parsed;
  const owner = safeDecode(rawOwner);
  const repo = safeDecode(rawRepo);
  if (owner === null || repo === null || !isValidOwner(owner) || !isValidRepositoryName(repo)) {
    return getRendered(
      `invalid:repository\n${variantKey(query.format, query)}`,
      INVALID.repository,
      query,
      "repository",
    );
  }
  const data = await getBadgeData(owner, repo);
  const scope = data.state === "ok" ? repositoryKey(owner, repo) : data.state;
  return getRendered(`${scope}\n${variantKey(query.format, query)}`, data, query);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Forgets every cached badge (tests). */
export function clearBadgeCache(): void {
  repositories.clear();
  rendered.clear();
}
