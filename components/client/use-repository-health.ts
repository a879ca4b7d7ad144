"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import useSWR from "swr";
import type { HealthJson, TagJson } from "@/lib/repository/json";
import { getHealth, healthUrl, isWorthRetrying } from "./api";

const FAST_MS = 3_000;
const SLOW_MS = 60_000;
// After a dispatch GitHub takes a few seconds to list the new run; poll fast meanwhile even
// though nothing is pending yet.
const FAST_WINDOW_MS = 60_000;

/** An older page of tags: loaded when asked for, re-read while something on it runs. */
export type OlderPage = { cursor: string; page: HealthJson | null; error: Error | null };

export type RepositoryHealthState = {
  /** The newest page: the server's first paint, then kept live. */
  data: HealthJson;
  /** The last refresh of the newest page failed (the data shown is older). */
  error: Error | undefined;
  checking: boolean;
  updatedAt: Date | null;
  /** Every loaded tag, newest page first, each once. */
  tags: TagJson[];
  older: OlderPage[];
  /** A next page exists and is not being loaded. */
  canLoadOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => void;
  retryOlder: (cursor: string) => void;
  /** Re-read now: after a tag action was started, also poll fast for a while. */
  refresh: () => void;
  retry: () => void;
};

/** True for FAST_WINDOW_MS after `start()`: an action was taken and its run should show up soon. */
function useFastWindow(): [boolean, () => void] {
  const [until, setUntil] = useState(0);
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(() => setUntil(0), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  const start = useCallback(() => setUntil(Date.now() + FAST_WINDOW_MS), []);
  return [until > 0, start];
}

/** A repository's release health, kept live: the newest page polls, older pages load on demand. */
export function useRepositoryHealth(
  owner: string,
  repo: string,
  initial: HealthJson,
): RepositoryHealthState {
  const [fast, startFast] = useFastWindow();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  // `pending` mirrors the latest data so the interval can be a plain number: SWR re-reads a
  // function interval only when its current timer fires, so after a dispatch turned the data
  // pending, a 60 s timer would still stand.
  const [pending, setPending] = useState(initial.pending);
  const {
    data = initial,
    error,
    mutate,
    isValidating,
  } = useSWR<HealthJson, Error>(healthUrl(owner, repo), getHealth, {
    fallbackData: initial,
    refreshInterval: pending || fast ? FAST_MS : SLOW_MS,
    refreshWhenHidden: false,
    revalidateOnFocus: true,
    revalidateOnMount: false,
    shouldRetryOnError: isWorthRetrying,
    onSuccess: (latest) => {
      setPending(latest.pending);
      setUpdatedAt(new Date());
    },
  });
  useEffect(() => {
    setUpdatedAt(new Date());
  }, []);

  const [older, setOlder] = useState<OlderPage[]>([]);
  const olderRef = useRef(older);
  olderRef.current = older;
  const readOlder = useCallback(
    async (cursor: string) => {
      const update = (change: Partial<OlderPage>) =>
        setOlder((pages) =>
          pages.map((page) => (page.cursor === cursor ? { ...page, ...change } : page)),
        );
      try {
        update({ page: await getHealth(healthUrl(owner, repo, cursor)), error: null });
      } catch (failure) {
        update({ error: failure instanceof Error ? failure : new Error(String(failure)) });
      }
    },
    [owner, repo],
  );

  const olderPending = older.some((page) => page.page?.pending);
  useEffect(() => {
    if (!olderPending && !fast) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "hidden") return;
      for (const page of olderRef.current) if (page.page) void readOlder(page.cursor);
    }, FAST_MS);
    return () => clearInterval(timer);
  }, [olderPending, fast, readOlder]);

  const last = older.at(-1);
  const loadingOlder = last !== undefined && last.page === null && last.error === null;
  const nextCursor = last === undefined ? data.nextTagsCursor : (last.page?.nextTagsCursor ?? null);

  const loadOlder = useCallback(() => {
    if (loadingOlder || !nextCursor) return;
    if (olderRef.current.some((page) => page.cursor === nextCursor)) return;
    setOlder((pages) => [...pages, { cursor: nextCursor, page: null, error: null }]);
    void readOlder(nextCursor);
  }, [loadingOlder, nextCursor, readOlder]);

  const retryOlder = useCallback(
    (cursor: string) => {
      setOlder((pages) =>
        pages.map((page) => (page.cursor === cursor ? { ...page, error: null } : page)),
      );
      void readOlder(cursor);
    },
    [readOlder],
  );

  const refresh = useCallback(() => {
    startFast();
    void mutate();
    for (const page of olderRef.current) if (page.page) void readOlder(page.cursor);
  }, [startFast, mutate, readOlder]);
  const retry = useCallback(() => void mutate(), [mutate]);

  const seen = new Set(data.tags.map((tag) => tag.name));
  const tags = [...data.tags];
  for (const page of older) {
    for (const tag of page.page?.tags ?? []) {
      if (seen.has(tag.name)) continue;
      seen.add(tag.name);
      tags.push(tag);
    }
  }

  return {
    data,
    error,
    checking: isValidating,
    updatedAt,
    tags,
    older,
    canLoadOlder: nextCursor !== null && !loadingOlder,
    loadingOlder,
    loadOlder,
    retryOlder,
    refresh,
    retry,
  };
}
