"use client";

import { Suspense, useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/client/api";
import { useRepositoryHealth } from "@/components/client/use-repository-health";
import { buttonClasses, LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { formatClock } from "@/components/ui/format";
import { ChevronDownIcon } from "@/components/ui/icons/chevron-down-icon";
import { InfoIcon } from "@/components/ui/icons/info-icon";
import { RepoIcon } from "@/components/ui/icons/repo-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import { lazyNamed } from "@/components/ui/lazy";
import { describeSummary, isFlagged } from "@/lib/health/summary";
import type { HealthSummary, Permission } from "@/lib/health/types";
import type { PageHealth, PageTag } from "@/lib/repository/json";
import { type TagView, tagViewCookie } from "@/lib/view-preference";
import { RepositoryLabels } from "./repository-labels";
import { SummaryBar } from "./summary-bar";
import { TagCard } from "./tag-card";
import { TagLine } from "./tag-line";
import { ViewSwitch } from "./view-switch";

type RenderAction = (tag: PageTag, refresh: () => void) => React.ReactNode;

type Props = {
  owner: string;
  repo: string;
  /** The server's first page, so the first paint needs no client fetch. */
  initial: PageHealth;
  /** Cards or the compact table, as the viewer last chose (the server read the cookie). */
  initialView?: TagView;
  /** The real buttons for a tag with an action; `refresh` re-fetches and polls fast for a while. */
  renderAction?: RenderAction;
  /** Above the list, e.g. a bulk re-dispatch; gets every loaded tag. */
  renderToolbar?: (tags: PageTag[], refresh: () => void) => React.ReactNode;
};

// Only for those who chose the compact view: kept out of the first-load bundle of everyone else
// (the server still renders it, so the first paint is right).
const TagTable = lazyNamed(() => import("./tag-table"), "TagTable");

const PERMISSION_LABELS: Record<Permission, string> = {
  ADMIN: "Admin",
  MAINTAIN: "Maintain",
  WRITE: "Write",
  TRIAGE: "Triage",
  READ: "Read",
};

const isProblem = (tag: PageTag) => isFlagged(tag.status);

/** A repository's release health, laid out; the data and its liveness come from the hook. */
export function RepositoryHealthView({
  owner,
  repo,
  initial,
  initialView = "cards",
  renderAction,
  renderToolbar,
}: Props) {
  const health = useRepositoryHealth(owner, repo, initial);
  const { data, error, tags, refresh } = health;
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [view, setView] = useState<TagView>(initialView);
  const chooseView = (next: TagView) => {
    setView(next);
    // biome-ignore lint/suspicious/noDocumentCookie: a plain layout preference the server reads
    document.cookie = tagViewCookie(next);
  };

  const [ownerName = owner, repoName = repo] = data.repository.split("/");
  const noTags = tags.length === 0;
  // The empty state says it already, in more words.
  const notes = noTags ? data.notes.filter((note) => !/\bno tags\b/i.test(note)) : data.notes;
  const visible = problemsOnly ? tags.filter(isProblem) : tags;
  const nothingVisible = problemsOnly && visible.length === 0;
  const olderFailures = health.older.filter((page) => page.error !== null);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <RepoIcon size={20} aria-hidden className="shrink-0 text-fg-muted" />
            <h1 className="min-w-0 break-words text-xl font-normal leading-7">
              <a href={data.url} {...NEW_TAB} className={LINK_CLASSES}>
                {ownerName}/<strong className="font-semibold">{repoName}</strong>
              </a>
            </h1>
            <RepositoryLabels isPrivate={data.isPrivate} isArchived={data.isArchived} />
          </div>
          <p className="text-xs text-fg-muted">
            {data.viewerPermission
              ? `Your access: ${PERMISSION_LABELS[data.viewerPermission]}`
              : "Your access: unknown"}
          </p>
        </div>
        <LiveIndicator
          updatedAt={health.updatedAt}
          failed={Boolean(error)}
          checking={health.checking}
          summary={data.summary}
        />
      </div>

      {error ? (
        <ErrorPanel
          title="Could not refresh"
          message={
            <>
              <p>{error.message}</p>
              <p className="text-fg-muted">
                Showing what tagwatch saw
                {health.updatedAt ? ` at ${formatClock(health.updatedAt)}` : " last"}.
              </p>
            </>
          }
          onRetry={health.retry}
          action={
            error instanceof ApiError && error.status === 401
              ? {
                  label: "Sign in again",
                  href: `/signin?callbackUrl=${encodeURIComponent(`/${owner}/${repo}`)}`,
                }
              : undefined
          }
        />
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
            <div className="flex flex-wrap items-center gap-3">
              <label className="inline-flex cursor-pointer select-none items-center gap-2 rounded-md text-sm">
                <input
                  type="checkbox"
                  checked={problemsOnly}
                  onChange={(event) => setProblemsOnly(event.target.checked)}
                  className="size-4 accent-accent"
                />
                Problems only
              </label>
              <ViewSwitch value={view} onChange={chooseView} />
            </div>
          </div>

          {renderToolbar ? renderToolbar(tags, refresh) : null}

          {nothingVisible ? (
            <p className="rounded-md border border-line px-4 py-6 text-center text-sm text-fg-muted">
              No problems: every tag shown has shipped or is on its way.
            </p>
          ) : view === "compact" ? (
            <Suspense fallback={<p className="py-2 text-center text-sm text-fg-muted">Loading…</p>}>
              <TagTable
                tags={visible}
                repository={data}
                renderAction={renderAction && ((tag) => renderAction(tag, refresh))}
              />
            </Suspense>
          ) : (
            <div className="space-y-3">
              {visible.map((tag) => {
                // A shipped tag needs one line; every other one (pending included) its card.
                const Row = tag.status === "healthy" ? TagLine : TagCard;
                return (
                  <Row
                    key={tag.name}
                    tag={tag}
                    repository={data}
                    actionSlot={renderAction && tag.action ? renderAction(tag, refresh) : undefined}
                  />
                );
              })}
            </div>
          )}

          {olderFailures.map((page) => (
            <ErrorPanel
              key={page.cursor}
              title="Older tags could not be loaded"
              message={page.error?.message}
              onRetry={() => health.retryOlder(page.cursor)}
            />
          ))}

          {health.canLoadOlder || health.loadingOlder ? (
            <div className="flex justify-center pt-1">
              <button
                type="button"
                aria-disabled={health.loadingOlder || undefined}
                onClick={health.loadOlder}
                className={buttonClasses("default", "medium")}
              >
                <ChevronDownIcon size={16} aria-hidden />
                {health.loadingOlder ? "Loading older tags…" : "Older tags"}
              </button>
            </div>
          ) : null}
        </section>
      )}
    </div>
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
  const described = describeSummary(summary).text;
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
