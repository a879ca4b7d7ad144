"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import useSWR from "swr";
import type { HealthJson, TagJson } from "@/lib/health/json";
import type { HealthSummary, Permission } from "@/lib/health/types";
import { buttonClasses, LINK_CLASSES } from "./button-classes";
import { EmptyState } from "./empty-state";
import { formatClock, plural } from "./format";
import { AlertIcon } from "./octicons/alert-icon";
import { ArchiveIcon } from "./octicons/archive-icon";
import { ChevronDownIcon } from "./octicons/chevron-down-icon";
import { InfoIcon } from "./octicons/info-icon";
import { LockIcon } from "./octicons/lock-icon";
import { RepoIcon } from "./octicons/repo-icon";
import { TagIcon } from "./octicons/tag-icon";
import { SummaryBar } from "./summary-bar";
import { TagRow } from "./tag-row";

type RenderAction = (tag: TagJson, refresh: () => void) => React.ReactNode;

type Props = {
  owner: string;
  repo: string;
  /** The server's first page, so the first paint needs no client fetch. */
  initial: HealthJson;
  /** The real buttons for a tag with an action; `refresh` re-fetches and polls fast for a while. */
  renderAction?: RenderAction;
  /** Above the list, e.g. a bulk re-dispatch; gets every loaded tag. */
  renderToolbar?: (tags: TagJson[], refresh: () => void) => React.ReactNode;
};

const FAST_MS = 3_000;
const SLOW_MS = 60_000;
// After a dispatch GitHub takes a few seconds to list the new run; poll fast meanwhile even
// though nothing is pending yet.
const FAST_WINDOW_MS = 60_000;

const PERMISSION_LABELS: Record<Permission, string> = {
  ADMIN: "Admin",
  MAINTAIN: "Maintain",
  WRITE: "Write",
  TRIAGE: "Triage",
  READ: "Read",
};

/** A failed request to tagwatch's own API, with the message from its `{ error }` body. */
export class HealthRequestError extends Error {
  readonly status: number;
  readonly code: string | null;
  constructor(message: string, status: number, code: string | null) {
    super(message);
    this.name = "HealthRequestError";
    this.status = status;
    this.code = code;
  }
}

export function healthUrl(owner: string, repo: string, after?: string): string {
  const base = `/api/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/health`;
  return after ? `${base}?after=${encodeURIComponent(after)}` : base;
}

async function fetchHealth(url: string): Promise<HealthJson> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new HealthRequestError("tagwatch could not be reached. Check your connection.", 0, null);
  }
  const body = (await response.json().catch(() => null)) as
    | (HealthJson & { error?: undefined })
    | { error?: { code?: string; message?: string } }
    | null;
  if (!response.ok || !body || body.error) {
    throw new HealthRequestError(
      body?.error?.message ?? `tagwatch answered HTTP ${response.status}.`,
      response.status,
      body?.error?.code ?? null,
    );
  }
  return body as HealthJson;
}

// Retrying cannot fix a lost session or a repository that went away.
function shouldRetry(error: Error): boolean {
  return !(error instanceof HealthRequestError && [400, 401, 403, 404].includes(error.status));
}

function isProblem(tag: TagJson): boolean {
  return tag.status !== "healthy" && tag.status !== "run-pending";
}

function describeSummary(summary: HealthSummary): string {
  if (summary.total === 0) return "no tags";
  if (summary.flagged > 0) {
    return `${summary.flagged} of ${plural(summary.total, "tag")} ${summary.flagged === 1 ? "needs" : "need"} attention`;
  }
  const running = summary.counts["run-pending"];
  if (running > 0) return `${plural(running, "release run")} in progress`;
  return `all ${plural(summary.total, "tag")} shipped`;
}

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

/** A repository's release health, kept live: the first page polls, older pages load on demand. */
export function RepoHealthView({ owner, repo, initial, renderAction, renderToolbar }: Props) {
  const [fast, startFast] = useFastWindow();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const [older, setOlder] = useState<Record<string, HealthJson>>({});

  // `pending` mirrors the latest data so the interval can be a plain number: SWR re-reads a
  // function interval only when its current timer fires, so after a dispatch turned the data
  // pending, a 60 s timer would still stand.
  const [pending, setPending] = useState(initial.pending);
  const {
    data = initial,
    error,
    mutate,
    isValidating,
  } = useSWR<HealthJson, Error>(healthUrl(owner, repo), fetchHealth, {
    fallbackData: initial,
    refreshInterval: pending || fast ? FAST_MS : SLOW_MS,
    refreshWhenHidden: false,
    revalidateOnFocus: true,
    revalidateOnMount: false,
    shouldRetryOnError: shouldRetry,
    onSuccess: (latest) => {
      setPending(latest.pending);
      setUpdatedAt(new Date());
    },
  });

  useEffect(() => {
    setUpdatedAt(new Date());
  }, []);

  const refresh = useCallback(() => {
    startFast();
    void mutate();
  }, [startFast, mutate]);

  const onOlderLoaded = useCallback((cursor: string, page: HealthJson) => {
    setOlder((previous) =>
      previous[cursor] === page ? previous : { ...previous, [cursor]: page },
    );
  }, []);

  const lastCursor = cursors.at(-1);
  const nextCursor =
    lastCursor === undefined ? data.nextTagsCursor : (older[lastCursor]?.nextTagsCursor ?? null);
  const loadingOlder = lastCursor !== undefined && older[lastCursor] === undefined;
  const firstPageNames = new Set(data.tags.map((tag) => tag.name));
  const allTags = [
    ...data.tags,
    ...cursors.flatMap(
      (cursor) => older[cursor]?.tags.filter((tag) => !firstPageNames.has(tag.name)) ?? [],
    ),
  ];
  const [ownerName = owner, repoName = repo] = data.repository.split("/");
  const noTags = data.tags.length === 0 && cursors.length === 0;
  // The empty state says it already, in more words.
  const notes = noTags ? data.notes.filter((note) => !/\bno tags\b/i.test(note)) : data.notes;
  const visibleFirst = problemsOnly ? data.tags.filter(isProblem) : data.tags;
  const nothingVisible = problemsOnly && allTags.filter(isProblem).length === 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <RepoIcon size={20} aria-hidden className="shrink-0 text-fg-muted" />
            <h1 className="min-w-0 break-words text-xl font-normal leading-7">
              <a href={data.url} target="_blank" rel="noreferrer" className={LINK_CLASSES}>
                {ownerName}/<strong className="font-semibold">{repoName}</strong>
              </a>
            </h1>
            {data.isPrivate ? (
              <RepoBadge>
                <LockIcon size={12} aria-hidden /> Private
              </RepoBadge>
            ) : null}
            {data.isArchived ? (
              <RepoBadge tone="attention">
                <ArchiveIcon size={12} aria-hidden /> Archived
              </RepoBadge>
            ) : null}
          </div>
          <p className="text-xs text-fg-muted">
            {data.viewerPermission
              ? `Your access: ${PERMISSION_LABELS[data.viewerPermission]}`
              : "Your access: unknown"}
          </p>
        </div>
        <LiveIndicator
          updatedAt={updatedAt}
          failed={Boolean(error)}
          checking={isValidating}
          summary={data.summary}
        />
      </div>

      {error ? (
        <div
          role="alert"
          className="flex gap-3 rounded-md border border-danger-line bg-danger-subtle px-4 py-3 text-sm"
        >
          <AlertIcon size={16} aria-hidden className="mt-0.5 shrink-0 text-danger" />
          <div className="min-w-0 flex-1 space-y-1">
            <p className="font-semibold">Could not refresh</p>
            <p className="break-words">{error.message}</p>
            <p className="text-fg-muted">
              Showing what tagwatch saw{updatedAt ? ` at ${formatClock(updatedAt)}` : " last"}.
            </p>
            <div className="flex flex-wrap gap-2 pt-1">
              <button
                type="button"
                onClick={() => void mutate()}
                className={buttonClasses("default", "small")}
              >
                Try again
              </button>
              {error instanceof HealthRequestError && error.status === 401 ? (
                <a
                  href={`/signin?callbackUrl=${encodeURIComponent(`/${owner}/${repo}`)}`}
                  className={buttonClasses("primary", "small")}
                >
                  Sign in again
                </a>
              ) : null}
            </div>
          </div>
        </div>
      ) : null}

      {noTags ? null : <SummaryBar summary={data.summary} partial={data.nextTagsCursor !== null} />}

      {notes.length > 0 ? (
        <ul className="space-y-1 rounded-md border border-accent-line bg-accent-subtle px-4 py-3 text-sm">
          {notes.map((note) => (
            <li key={note} className="flex gap-2">
              <InfoIcon size={16} aria-hidden className="mt-0.5 shrink-0 text-accent" />
              <span>{note}</span>
            </li>
          ))}
        </ul>
      ) : null}

      {noTags ? (
        <NoTags />
      ) : (
        <section aria-labelledby="tags-heading" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="tags-heading" className="text-base font-semibold">
              Tags
            </h2>
            <label className="inline-flex cursor-pointer select-none items-center gap-2 rounded-md text-sm">
              <input
                type="checkbox"
                checked={problemsOnly}
                onChange={(event) => setProblemsOnly(event.target.checked)}
                className="size-4 accent-[var(--fg-accent)]"
              />
              Problems only
            </label>
          </div>

          {renderToolbar ? renderToolbar(allTags, refresh) : null}

          {nothingVisible ? (
            <p className="rounded-md border border-line px-4 py-6 text-center text-sm text-fg-muted">
              No problems: every tag shown has shipped or is on its way.
            </p>
          ) : null}

          <div className="space-y-3">
            {visibleFirst.map((tag) => (
              <TagRow
                key={tag.name}
                tag={tag}
                repository={data}
                actionSlot={renderAction && tag.action ? renderAction(tag, refresh) : undefined}
              />
            ))}
            {cursors.map((cursor) => (
              <OlderTags
                key={cursor}
                url={healthUrl(owner, repo, cursor)}
                cursor={cursor}
                exclude={firstPageNames}
                problemsOnly={problemsOnly}
                renderAction={renderAction}
                onLoaded={onOlderLoaded}
              />
            ))}
          </div>

          {nextCursor || loadingOlder ? (
            <div className="flex justify-center pt-1">
              <button
                type="button"
                aria-disabled={loadingOlder || undefined}
                onClick={() => {
                  if (loadingOlder || !nextCursor) return;
                  setCursors((previous) =>
                    previous.includes(nextCursor) ? previous : [...previous, nextCursor],
                  );
                }}
                className={buttonClasses("default", "medium")}
              >
                <ChevronDownIcon size={16} aria-hidden />
                {loadingOlder ? "Loading older tags…" : "Older tags"}
              </button>
            </div>
          ) : null}
        </section>
      )}
    </div>
  );
}

function RepoBadge({ children, tone }: { children: React.ReactNode; tone?: "attention" }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border px-2 text-xs font-medium leading-5 ${tone === "attention" ? "border-attention-line text-attention" : "border-line text-fg-muted"}`}
    >
      {children}
    </span>
  );
}

function LiveIndicator({
  updatedAt,
  failed,
  checking,
  summary,
}: {
  updatedAt: Date | null;
  failed: boolean;
  checking: boolean;
  summary: HealthSummary;
}) {
  // Screen readers hear a change of the summary, not every poll.
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef<string | null>(null);
  const described = describeSummary(summary);
  useEffect(() => {
    if (previous.current !== null && previous.current !== described) {
      setAnnouncement(`Updated: ${described}.`);
    }
    previous.current = described;
  }, [described]);

  const clock = updatedAt ? formatClock(updatedAt) : null;
  return (
    <div className="flex items-center gap-2 text-xs text-fg-muted">
      <span className="relative inline-flex size-2" aria-hidden>
        {!failed && checking ? (
          <span className="absolute inline-flex size-full rounded-full bg-success opacity-60 motion-safe:animate-ping" />
        ) : null}
        <span
          className={`relative inline-flex size-2 rounded-full ${failed ? "bg-attention" : "bg-success"}`}
        />
      </span>
      <span>
        {failed ? "Paused" : "Live"}
        {clock ? (
          <>
            {" "}
            · {failed ? "last updated" : "updated"} <span className="tabular-nums">{clock}</span>
          </>
        ) : null}
      </span>
      <span className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </span>
    </div>
  );
}

function NoTags() {
  return (
    <EmptyState
      icon={TagIcon}
      title="No tags yet"
      message="When you push a tag, tagwatch checks that it shipped. It looks at:"
    >
      <ul className="mx-auto inline-block space-y-1 text-left text-fg-muted">
        <li>
          • tags, the <code className="font-mono text-fg">refs/tags/*</code> refs of this
          repository;
        </li>
        <li>• the workflow runs of your release workflows on each tag's commit;</li>
        <li>• releases for those tags, and the assets each one carries.</li>
      </ul>
    </EmptyState>
  );
}

type OlderTagsProps = {
  url: string;
  cursor: string;
  exclude: Set<string>;
  problemsOnly: boolean;
  renderAction: RenderAction | undefined;
  onLoaded: (cursor: string, page: HealthJson) => void;
};

/** One older page of tags: fetched when asked for, polled only while something runs on it. */
function OlderTags({ url, cursor, exclude, problemsOnly, renderAction, onLoaded }: OlderTagsProps) {
  const [fast, startFast] = useFastWindow();
  const [pending, setPending] = useState(false);
  const { data, error, mutate } = useSWR<HealthJson, Error>(url, fetchHealth, {
    refreshInterval: pending || fast ? FAST_MS : 0,
    onSuccess: (latest) => setPending(latest.pending),
    refreshWhenHidden: false,
    revalidateOnFocus: false,
    shouldRetryOnError: shouldRetry,
  });

  useEffect(() => {
    if (data) onLoaded(cursor, data);
  }, [cursor, data, onLoaded]);

  const refresh = useCallback(() => {
    startFast();
    void mutate();
  }, [startFast, mutate]);

  if (!data) {
    if (!error) {
      return (
        <p aria-busy="true" className="py-2 text-center text-sm text-fg-muted">
          Loading older tags…
        </p>
      );
    }
    return (
      <div
        role="alert"
        className="rounded-md border border-danger-line bg-danger-subtle px-4 py-3 text-sm"
      >
        <p className="font-semibold">Older tags could not be loaded</p>
        <p className="break-words">{error.message}</p>
        <button
          type="button"
          onClick={() => void mutate()}
          className={`mt-2 ${buttonClasses("default", "small")}`}
        >
          Try again
        </button>
      </div>
    );
  }
  const tags = data.tags.filter(
    (tag) => !exclude.has(tag.name) && (!problemsOnly || isProblem(tag)),
  );
  return (
    <>
      {tags.map((tag) => (
        <TagRow
          key={tag.name}
          tag={tag}
          repository={data}
          actionSlot={renderAction && tag.action ? renderAction(tag, refresh) : undefined}
        />
      ))}
    </>
  );
}
