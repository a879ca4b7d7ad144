import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import {
  type ListedRepository,
  OWNER_REPOSITORIES_QUERY,
  type OwnerRepositoriesOperation,
  type RepositoryConnection,
  toListedRepositories,
  VIEWER_REPOSITORIES_QUERY,
  type ViewerRepositoriesOperation,
} from "@/lib/github/queries/repository-overview";
import { cacheKeys } from "@/lib/store/cache-policy";
import { processWide } from "@/lib/store/process-cache";
import { SharedCache } from "@/lib/store/shared-cache";
import { mergeListedPages } from "./order";

// Which repositories an overview covers: GitHub's list, 100 a page through its cursor, cached
// whole per viewer and scope. Filtering by name and ordering need only this list.

export type OverviewScope = { kind: "viewer" } | { kind: "owner"; login: string };

export type OverviewListing = {
  /** The owner of an owner overview; null for the viewer's own. */
  owner: { login: string; type: "User" | "Organization" } | null;
  /** Repositories with tags or releases, most recently pushed first. */
  repositories: ListedRepository[];
  /** True when GitHub had more repositories than the overview lists (MAX_LISTED_PAGES pages). */
  truncated: boolean;
};

/** Pages of 100 an overview reads at most: 10,000 repositories. */
export const MAX_LISTED_PAGES = 100;

// Listings may name private repositories: sealed in the shared store.
const listings = processWide(
  "overview-listings",
  () => new SharedCache<OverviewListing>("listing", { maxEntries: 500, sealed: true }),
);

type Page = { owner: OverviewListing["owner"]; connection: RepositoryConnection };

async function fetchPage(
  client: GitHubClient,
  scope: OverviewScope,
  after: string | null,
): Promise<Page> {
  if (scope.kind === "viewer") {
    const { data } = await client.query<ViewerRepositoriesOperation>(VIEWER_REPOSITORIES_QUERY, {
      after,
    });
    const connection = data.viewer?.repositories;
    if (!connection) throw new AppError("github-error", "GitHub did not list your repositories.");
    return { owner: null, connection };
  }
  const { data } = await client.query<OwnerRepositoriesOperation>(OWNER_REPOSITORIES_QUERY, {
    login: scope.login,
    after,
  });
  const owner = data.repositoryOwner;
  if (!owner) throw new AppError("not-found", `${scope.login} was not found on GitHub.`);
  return {
    owner: { login: owner.login, type: owner.__typename },
    connection: owner.repositories,
  };
}

async function fetchListing(client: GitHubClient, scope: OverviewScope): Promise<OverviewListing> {
  const pages: ListedRepository[][] = [];
  let owner: OverviewListing["owner"] = null;
  let after: string | null = null;
  let more = true;
  while (more && pages.length < MAX_LISTED_PAGES) {
    const page = await fetchPage(client, scope, after);
    owner = page.owner;
    let listed = toListedRepositories(page.connection);
    // ownerAffiliations: [OWNER] already says so; a user's collaborations must never leak in.
    if (owner) {
      const login = owner.login.toLowerCase();
      listed = listed.filter((repository) => repository.owner.toLowerCase() === login);
    }
    pages.push(listed);
    after = page.connection.pageInfo?.endCursor ?? null;
    more = Boolean(page.connection.pageInfo?.hasNextPage && after);
  }
  return { owner, repositories: mergeListedPages(pages), truncated: more };
}

/** The repositories (with tags or releases) an overview covers; cached ~30 s per user. */
export async function getOverviewListing(
  client: GitHubClient,
  scope: OverviewScope,
): Promise<OverviewListing> {
  const key = cacheKeys.listing(client.tokenKey, scope.kind === "viewer" ? "@viewer" : scope.login);
  return listings.get(key, () => fetchListing(client, scope), getEnv().cacheTtlMs);
}
