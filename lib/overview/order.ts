import type { ListedRepository } from "@/lib/github/queries/repository-overview";
import { compareOverviewItems, type RepositoryOverviewItem } from "./rank";

// Which repositories an overview of thousands shows first, and which come later: plain data, no
// I/O. The list comes from GitHub 100 a page; cards the viewer already has a judgement for (watch
// mode's, with the App) are ranked problems first over the whole list, the rest follow in GitHub's
// order (most recently pushed first) and are judged window by window.

/** A repository's full name as the overview names it: "owner/name". */
export function fullNameOf(repository: { owner: string; name: string }): string {
  return `${repository.owner}/${repository.name}`;
}

/**
 * The pages of a listing as one list in GitHub's order. A push while paging moves a repository
 * to the top of a later page's order, so one may show up twice: the first sighting counts.
 */
export function mergeListedPages(pages: ListedRepository[][]): ListedRepository[] {
  const seen = new Set<string>();
  const merged: ListedRepository[] = [];
  for (const page of pages) {
    for (const repository of page) {
      const key = fullNameOf(repository).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(repository);
    }
  }
  return merged;
}

/**
 * The overview's order: repositories with a known card first, ranked problems first over the
 * whole list; then the others in the listing's order. `known` is keyed by lower-cased full name.
 */
export function orderForOverview(
  listed: ListedRepository[],
  known: ReadonlyMap<string, RepositoryOverviewItem>,
): ListedRepository[] {
  const withCard: { repository: ListedRepository; item: RepositoryOverviewItem }[] = [];
  const rest: ListedRepository[] = [];
  for (const repository of listed) {
    const item = known.get(fullNameOf(repository).toLowerCase());
    if (item) withCard.push({ repository, item });
    else rest.push(repository);
  }
  withCard.sort((a, b) => compareOverviewItems(a.item, b.item));
  return [...withCard.map((entry) => entry.repository), ...rest];
}

/** Whether a repository's full name matches what a person typed in the filter box. */
export function matchesName(fullName: string, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  return wanted === "" || fullName.toLowerCase().includes(wanted);
}

/** A window of an ordered list: `limit` entries from `offset`, and where the next one starts. */
export function windowOf<T>(
  ordered: T[],
  offset: number,
  limit: number,
): { entries: T[]; next: number | null } {
  const entries = ordered.slice(offset, offset + limit);
  const end = offset + entries.length;
  return { entries, next: end < ordered.length ? end : null };
}
