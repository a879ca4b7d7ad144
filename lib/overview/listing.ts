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
import { fullNameOf, mergeListedPages, orderForOverview } from "./order";
import type { RepositoryOverviewItem } from "./rank";
import { currentWatchedItems } from "./watched";

// Which repositories an overview covers, in the order it shows them: GitHub's list, 100 a page
// through its cursor, ordered once per read (order.ts) and cached whole per viewer and scope.
// Filtering by name and paging need only this list. A first screen need not wait for all of it:
// startOverviewListing answers with the first page while the rest is read.

export type OverviewScope = { kind: "viewer" } | { kind: "owner"; login: string };

export type OverviewListing = {
  /** The owner of an owner overview; null for the viewer's own. */
  owner: { login: string; type: "User" | "Organization" } | null;
  /** Repositories with tags or releases, in the overview's order (order.ts). */
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

/**
 * The overview's order of a list: with the App, watch mode's kept cards rank it problems first
 * without asking GitHub; without it, GitHub's order (most recently pushed first).
 */
async function inOverviewOrder(listed: ListedRepository[], now: Date): Promise<ListedRepository[]> {
  const items = await currentWatchedItems(listed, now);
  const known = new Map<string, RepositoryOverviewItem>();
  items.forEach((item, index) => {
    const repository = listed[index];
    if (item && repository) known.set(fullNameOf(repository).toLowerCase(), item);
  });
  return known.size === 0 ? listed : orderForOverview(listed, known);
}

async function fetchListing(
  client: GitHubClient,
  scope: OverviewScope,
  now: Date,
  /** Called once with the first page(s) that list anything, when more pages follow. */
  onFirstPage?: (listing: OverviewListing) => void,
): Promise<OverviewListing> {
  const pages: ListedRepository[][] = [];
  let owner: OverviewListing["owner"] = null;
  let after: string | null = null;
  let more = true;
  let first = onFirstPage;
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
    if (first && more && pages.some((listedPage) => listedPage.length > 0)) {
      first({
        owner,
        repositories: await inOverviewOrder(mergeListedPages(pages), now),
        truncated: false,
      });
      first = undefined;
    }
  }
  return {
    owner,
    repositories: await inOverviewOrder(mergeListedPages(pages), now),
    truncated: more,
  };
}

function listingKey(client: GitHubClient, scope: OverviewScope): string {
  return cacheKeys.listing(client.tokenKey, scope.kind === "viewer" ? "@viewer" : scope.login);
}

/** The repositories (with tags or releases) an overview covers, all of them; cached ~30 s per user. */
export async function getOverviewListing(
  client: GitHubClient,
  scope: OverviewScope,
  now: Date = new Date(),
): Promise<OverviewListing> {
  return listings.get(
    listingKey(client, scope),
    () => fetchListing(client, scope, now),
    getEnv().cacheTtlMs,
  );
}

export type ListingStart = {
  /** All of the listing, or its first page while the rest is read. */
  listing: OverviewListing;
  /** The whole listing while it is still being read (cached once read); null when `listing` is it. */
  rest: Promise<OverviewListing> | null;
};

/**
 * An overview's listing for its first screen: the cached one, or GitHub's first page as soon as
 * it is there (one request, whatever the size of the list) while the rest is read.
 */
export async function startOverviewListing(
  client: GitHubClient,
  scope: OverviewScope,
  now: Date = new Date(),
): Promise<ListingStart> {
  const key = listingKey(client, scope);
  const cached = await listings.peek(key);
  if (cached) return { listing: cached, rest: null };
  let onFirstPage: (listing: OverviewListing) => void = () => {};
  const firstPage = new Promise<OverviewListing>((resolve) => {
    onFirstPage = resolve;
  });
  // Joining a read already under way (another view) leaves firstPage pending: the whole answers.
  const whole = listings.get(
    key,
    () => fetchListing(client, scope, now, onFirstPage),
    getEnv().cacheTtlMs,
  );
  return Promise.race([
    whole.then((listing): ListingStart => ({ listing, rest: null })),
    firstPage.then((listing): ListingStart => ({ listing, rest: whole })),
  ]);
}
