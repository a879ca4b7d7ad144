"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { fetcher, overviewApiUrl } from "@/components/client/api";
import { buttonClasses } from "@/components/ui/button";
import type { MissingRepository, RepositoryOverviewItem } from "@/lib/overview/rank";

// The part of a large overview that is not judged up front: later windows, loaded when the
// person scrolls to the end of the list or asks, and repositories found by name that no window
// has reached yet (the filter needs only the list of names). When the page came with the first
// page of a long list only, the whole list of names is asked for first.

/** How many repositories one "more" request judges. */
const WINDOW = 100;
/** How many repositories found by name are judged on request at once. */
const FOUND_LIMIT = 25;

/** What GET /api/repos answers (app/api/repos/route.ts). */
type Answer = {
  repositories: RepositoryOverviewItem[];
  missing: MissingRepository[];
  next: number | null;
};

/** What GET /api/repos?fields=names answers. */
type NamesAnswer = { names: string[] };

export type MoreState = {
  /** Every listed repository ("owner/name") known so far, in the overview's order. */
  names: string[];
  /** Repositories beyond the first window that the whole list ranks into the first screen. */
  ahead: RepositoryOverviewItem[];
  /** Whether `names` is the whole list, is still being read, or could not be read (the message). */
  listing: "complete" | "reading" | { error: string };
  /** Reads the whole list again after it failed. */
  readListing(): void;
  items: RepositoryOverviewItem[];
  missing: MissingRepository[];
  /** Where the next window starts; null when every window was loaded. */
  next: number | null;
  busy: boolean;
  error: string | null;
  /** Judged so far: up front (the first window) or later. */
  loaded: ReadonlySet<string>;
  loadNext(): void;
  /** Judges these repositories ("owner/name", found by name) now. */
  loadNamed(names: string[]): void;
};

/** The first entry of `names` not judged yet; null when all are. */
function firstUnjudged(names: string[], loaded: ReadonlySet<string>): number | null {
  const index = names.findIndex((name) => !loaded.has(name));
  return index === -1 ? null : index;
}

/**
 * The state of the windows after the first, for an overview of `firstNames` judging `upFront`;
 * `listed` is false when `firstNames` is only the first window of the list.
 */
export function useMoreRepositories(
  firstNames: string[],
  upFront: number,
  owner: string | null,
  listed: boolean,
): MoreState {
  const [names, setNames] = useState(firstNames);
  const [listing, setListing] = useState<MoreState["listing"]>(listed ? "complete" : "reading");
  const [ahead, setAhead] = useState<RepositoryOverviewItem[]>([]);
  const [items, setItems] = useState<RepositoryOverviewItem[]>([]);
  const [missing, setMissing] = useState<MissingRepository[]>([]);
  const [next, setNext] = useState<number | null>(
    listed && upFront < firstNames.length ? upFront : null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busyRef = useRef(false);

  const load = useCallback(
    async (url: string, onNext?: (value: number | null) => void, intoFirstScreen = false) => {
      if (busyRef.current) return false;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      try {
        const answer = await fetcher<Answer>(url);
        const seen = (list: { repository: string }[]) => new Set(list.map((e) => e.repository));
        (intoFirstScreen ? setAhead : setItems)((current) => {
          const known = seen(current);
          return [...current, ...answer.repositories.filter((item) => !known.has(item.repository))];
        });
        setMissing((current) => {
          const known = seen(current);
          return [...current, ...answer.missing.filter((entry) => !known.has(entry.repository))];
        });
        onNext?.(answer.next);
        return true;
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : "tagwatch could not load them.");
        return false;
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [],
  );

  const loaded = useMemo(() => {
    const set = new Set(firstNames.slice(0, upFront));
    for (const item of [...ahead, ...items]) set.add(item.repository);
    for (const entry of missing) set.add(entry.repository);
    return set;
  }, [firstNames, upFront, ahead, items, missing]);

  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const readListing = useCallback(async () => {
    setListing("reading");
    try {
      const answer = await fetcher<NamesAnswer>(overviewApiUrl(owner, { fields: "names" }));
      setNames(answer.names);
      setListing("complete");
      const start = firstUnjudged(answer.names, loadedRef.current);
      // With the App the whole list is ranked by watch mode's cards: repositories beyond the
      // first window that rank into the first screen (problems) join it, problems first.
      const joined =
        start !== null &&
        start < upFront &&
        (await load(overviewApiUrl(owner, { offset: 0, limit: upFront }), setNext, true));
      if (!joined) setNext(start);
    } catch (failure) {
      setListing({
        error: failure instanceof Error ? failure.message : "tagwatch could not read the list.",
      });
    }
  }, [owner, upFront, load]);
  useEffect(() => {
    if (!listed) void readListing();
  }, [listed, readListing]);

  return {
    names,
    ahead,
    listing,
    readListing: () => void readListing(),
    items,
    missing,
    next,
    busy,
    error,
    loaded,
    loadNext: () => {
      if (next !== null) void load(overviewApiUrl(owner, { offset: next, limit: WINDOW }), setNext);
    },
    loadNamed: (wanted: string[]) => {
      void load(overviewApiUrl(owner, { names: wanted.slice(0, FOUND_LIMIT) }));
    },
  };
}

/**
 * Pinned repositories stay on top however far down the list they are: those no window has
 * reached yet are judged as soon as the page is there (each name asked for once).
 */
export function useLoadPinned(more: MoreState, pins: readonly string[]): void {
  const asked = useRef(new Set<string>());
  const { names, loaded, busy, loadNamed } = more;
  useEffect(() => {
    if (busy) return;
    const listed = new Set(names);
    const wanted = pins
      .filter((pin) => listed.has(pin) && !loaded.has(pin) && !asked.current.has(pin))
      .slice(0, FOUND_LIMIT);
    if (wanted.length === 0) return;
    for (const pin of wanted) asked.current.add(pin);
    loadNamed(wanted);
  }, [names, loaded, busy, pins, loadNamed]);
}

/** Below the list: "show more" (also when the person scrolls to it), and what went wrong. */
export function MoreButton({ more, filtering }: { more: MoreState; filtering: boolean }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { next, busy, loadNext } = more;
  const remaining = next === null ? 0 : more.names.length - more.loaded.size;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || next === null || busy || filtering || more.error) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadNext();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [next, busy, filtering, more.error, loadNext]);
  const { listing } = more;
  if (next === null && !more.error && more.missing.length === 0 && listing === "complete")
    return null;
  return (
    <div ref={sentinel} className="flex flex-wrap items-center gap-3 text-sm text-fg-muted">
      {listing === "reading" ? (
        <p role="status">Reading the rest of the list from GitHub…</p>
      ) : null}
      {typeof listing === "object" ? (
        <>
          <p role="alert" className="text-danger">
            The rest of the list could not be read: {listing.error}
          </p>
          <button
            type="button"
            onClick={more.readListing}
            className={buttonClasses("default", "small")}
          >
            Try again
          </button>
        </>
      ) : null}
      {next !== null && !filtering ? (
        <button
          type="button"
          onClick={loadNext}
          disabled={busy}
          className={buttonClasses("default", "small")}
        >
          {busy ? "Checking…" : `Show ${Math.min(WINDOW, remaining)} more of ${remaining}`}
        </button>
      ) : null}
      {more.missing.length > 0 ? (
        <p>GitHub did not send {more.missing.map((entry) => entry.repository).join(", ")}.</p>
      ) : null}
      {more.error ? (
        <p role="alert" className="text-danger">
          {more.error}
        </p>
      ) : null}
    </div>
  );
}

/** Repositories whose name passes the filters but that no window has judged yet. */
export function UnjudgedMatches({
  more,
  matches,
}: {
  more: MoreState;
  matches: (fullName: string) => boolean;
}) {
  const found = more.names.filter((name) => !more.loaded.has(name) && matches(name));
  if (found.length === 0) return null;
  const shown = found.slice(0, FOUND_LIMIT);
  return (
    <section
      aria-label="Not checked yet"
      className="space-y-2 rounded-md border border-line px-4 py-3"
    >
      <p className="text-sm text-fg-muted">
        {found.length} more {found.length === 1 ? "repository matches" : "repositories match"}, not
        checked yet:
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 font-mono text-sm">
        {shown.map((name) => (
          <li key={name}>
            <Link href={`/${name}`} className="text-accent hover:underline">
              {name}
            </Link>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => more.loadNamed(shown)}
        disabled={more.busy}
        className={buttonClasses("default", "small")}
      >
        {more.busy
          ? "Checking…"
          : `Check ${shown.length === found.length ? "them" : `the first ${shown.length}`}`}
      </button>
    </section>
  );
}
