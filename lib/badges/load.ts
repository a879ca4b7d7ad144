import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createGitHubClient, type GitHubClient } from "@/lib/github/client";
import { loadRepositoryHealth } from "@/lib/repository/load";
import {
  type BadgeData,
  badgeRepositories,
  clearBadgeCache,
  healthBadgeData,
  NOT_CONFIGURED,
  NOT_FOUND,
  REPOSITORY_TTL_MS,
  type RenderedBadge,
  renderFor,
  resolveBadge,
  UNAVAILABLE,
  UNAVAILABLE_TTL_MS,
} from "./render-cache";

// Public badges are read with the server's GITHUB_TOKEN and shared by every visitor, so each
// repository is fetched at most once per REPOSITORY_TTL_MS (per deployment with a shared store,
// else per instance) or until a dispatch or re-run invalidates it, and each variant of the badge
// (format, style, label) is rendered once per fetch.

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
    return healthBadgeData(health);
  } catch (error) {
    return badgeDataForError(error);
  }
}

async function getBadgeData(owner: string, repo: string, key: string): Promise<BadgeData> {
  const github = getBadgeClient();
  if (!github) return NOT_CONFIGURED;
  return badgeRepositories.get(
    key,
    () => fetchBadgeData(github, owner, repo),
    (data) => (data.state === "unavailable" ? UNAVAILABLE_TTL_MS : REPOSITORY_TTL_MS),
  );
}

/** The badge for `/api/badge/{owner}/{repo}`, from raw (still percent-encoded) route segments. */
export async function getBadge(
  rawOwner: string,
  rawRepo: string,
  params: URLSearchParams,
): Promise<RenderedBadge> {
  const resolved = await resolveBadge(rawOwner, rawRepo, params);
  if ("badge" in resolved) return resolved.badge;
  const { owner, repo, query, key } = resolved;
  return renderFor(owner, repo, await getBadgeData(owner, repo, key), query);
}

export { clearBadgeCache };
