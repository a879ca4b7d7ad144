"use client";

import { createContext, useContext, useId, useMemo, useState } from "react";
import { SearchIcon } from "@/components/ui/icons/search-icon";
import { matchesName } from "@/lib/overview/order";
import { type OverviewCard, sortOverviewItems } from "@/lib/overview/rank";
import { CardPlaceholder } from "./card-placeholder";
import {
  MoreButton,
  type MoreState,
  UnjudgedMatches,
  useLoadPinned,
  useMoreRepositories,
} from "./overview-more";
import { usePinnedRepositories } from "./pin-toggle";
import { RepositoryCard } from "./repository-card";

// The overview's interactive parts. The filters sit above the streamed lists so what a user typed
// survives each batch arriving (every batch re-renders the list below them).

type Filters = { query: string; owner: string; more: MoreState | null };

const FiltersContext = createContext<Filters>({ query: "", owner: "", more: null });

type FiltersProps = {
  /** Offer an owner select (shown for two or more owners among the listed repositories). */
  ownerFilter: boolean;
  /** Listed repositories ("owner/name") in the overview's order: the filter searches them all. */
  names: string[];
  /** Whether `names` is the whole list (else its first window: the browser asks for the rest). */
  listed: boolean;
  /** How many of `names` (the first ones) the server judges; the rest come on request. */
  upFront: number;
  /** The owner of an owner overview (its API scope); null for the viewer's. */
  scopeOwner: string | null;
  children: React.ReactNode;
};

/** The search box and owner select, and the filtered lists below them. */
export function OverviewFilters({
  ownerFilter,
  names,
  listed,
  upFront,
  scopeOwner,
  children,
}: FiltersProps) {
  const [query, setQuery] = useState("");
  const [owner, setOwner] = useState("");
  const more = useMoreRepositories(names, upFront, scopeOwner, listed);
  const owners = useMemo(
    () =>
      ownerFilter
        ? [...new Set(more.names.map((name) => name.split("/")[0] ?? ""))].sort((a, b) =>
            a.localeCompare(b),
          )
        : [],
    [ownerFilter, more.names],
  );
  useLoadPinned(more, usePinnedRepositories());
  const searchId = useId();
  const ownerId = useId();
  return (
    <FiltersContext.Provider value={{ query, owner, more }}>
      <search className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor={searchId} className="sr-only">
          Search repositories
        </label>
        <div className="relative flex-1">
          <SearchIcon
            size={16}
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-fg-muted"
          />
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Find a repository…"
            autoComplete="off"
            spellCheck={false}
            className="h-8 w-full rounded-md border border-line bg-canvas pr-2 pl-8 text-sm placeholder:text-fg-muted"
          />
        </div>
        {owners.length > 1 ? (
          <div className="flex items-center gap-2">
            <label htmlFor={ownerId} className="text-sm text-fg-muted">
              Owner
            </label>
            <select
              id={ownerId}
              value={owner}
              onChange={(event) => setOwner(event.target.value)}
              className="h-8 rounded-md border border-line bg-canvas-subtle px-2 text-sm"
            >
              <option value="">All owners</option>
              {owners.map((login) => (
                <option key={login} value={login}>
                  {login}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </search>
      {children}
    </FiltersContext.Provider>
  );
}

type ListProps = {
  /** Sorted problems first. */
  items: OverviewCard[];
  /** Repositories still on their way: drawn as skeleton rows. */
  loading: number;
};

/** Whether a listed repository ("owner/name") passes the filters. */
function nameMatches(fullName: string, filters: Filters): boolean {
  if (filters.owner && !fullName.startsWith(`${filters.owner}/`)) return false;
  return matchesName(fullName, filters.query);
}

/** The repositories that pass the filters, pinned ones on top, then the order given. */
export function OverviewList({ items, loading }: ListProps) {
  const filters = useContext(FiltersContext);
  const pins = usePinnedRepositories();
  const { more } = filters;
  const own = new Set(items.map((item) => item.repository));
  const ahead = (more?.ahead ?? []).filter((item) => !own.has(item.repository));
  // Those the whole list ranks into the first screen join it in its order, problems first.
  const firstScreen = ahead.length > 0 ? sortOverviewItems([...items, ...ahead]) : items;
  const first = new Set(firstScreen.map((item) => item.repository));
  const later = (more?.items ?? []).filter((item) => !first.has(item.repository));
  const visible = [...firstScreen, ...later].filter((item) =>
    nameMatches(item.repository, filters),
  );
  const pinned = visible.filter((item) => pins.includes(item.repository));
  const rest = visible.filter((item) => !pins.includes(item.repository));
  const filtering = filters.query.trim() !== "" || filters.owner !== "";
  return (
    <div className="space-y-2">
      <ul aria-label="Repositories" aria-busy={loading > 0} className="space-y-2">
        {[...pinned, ...rest].map((item) => (
          <li key={item.repository}>
            <RepositoryCard item={item} pinned={pins.includes(item.repository)} />
          </li>
        ))}
        {Array.from({ length: Math.min(loading, 6) }, (_, index) => (
          <CardPlaceholder key={`loading-${index}`} as="li" />
        ))}
      </ul>
      {loading > 0 ? (
        <p role="status" className="text-sm text-fg-muted">
          Loading {loading} more {loading === 1 ? "repository" : "repositories"}…
        </p>
      ) : null}
      {more && loading === 0 && filters.query.trim() !== "" ? (
        <UnjudgedMatches more={more} matches={(name) => nameMatches(name, filters)} />
      ) : null}
      {more && loading === 0 ? <MoreButton more={more} filtering={filtering} /> : null}
      {filtering &&
      visible.length === 0 &&
      items.length > 0 &&
      !more?.names.some((name) => nameMatches(name, filters)) ? (
        <p className="rounded-md border border-line px-4 py-6 text-center text-sm text-fg-muted">
          No repositories match{filters.query.trim() ? ` “${filters.query.trim()}”` : ""}
          {filters.owner ? ` in ${filters.owner}` : ""}.
        </p>
      ) : null}
    </div>
  );
}
