import Link from "next/link";
import { HistorySparkline } from "@/components/history/history-sparkline";
import { RepositoryLabels } from "@/components/repository/repository-labels";
import { formatDay } from "@/components/ui/format";
import { PackageIcon } from "@/components/ui/icons/package-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import { StatusPill } from "@/components/ui/status-pill";
import { TAG_STATUSES, type TagStatus } from "@/lib/health/types";
import type { OverviewCard } from "@/lib/overview/rank";
import { PinToggle } from "./pin-toggle";

type Props = { item: OverviewCard; pinned?: boolean };

/** One repository on an overview: its newest tag and release, and its flagged tags per status. */
export function RepositoryCard({ item, pinned = false }: Props) {
  const headingId = `repo-${item.owner}-${item.name}`.replace(/[^\w-]/g, "_");
  const count = (status: TagStatus) => item.counts[status] ?? 0;
  const statuses = TAG_STATUSES.filter((status) => status !== "healthy" && count(status) > 0);
  return (
    <article
      aria-labelledby={headingId}
      data-repository={item.repository}
      data-worst={item.worst}
      className={pinned ? "repo-card repo-card-pinned" : "repo-card"}
    >
      <div className="min-w-0 space-y-1">
        <h2 id={headingId} className="repo-name">
          <Link href={`/${item.owner}/${item.name}`} className="link truncate">
            {`${item.owner}/`}
            <span className="font-semibold">{item.name}</span>
          </Link>
          <RepositoryLabels isPrivate={item.isPrivate} isArchived={item.isArchived} />
        </h2>
        <dl className="repo-facts">
          <div className="meta-item">
            {/* The icon sits in the <dt>: a <dl>'s groups may hold only <dt> and <dd> (axe definition-list). */}
            <dt className="meta-item">
              <TagIcon size={12} aria-hidden />
              Latest tag
            </dt>
            <dd className="font-mono text-fg">{item.latestTag ?? "none"}</dd>
          </div>
          <div className="meta-item">
            <dt className="meta-item">
              <PackageIcon size={12} aria-hidden />
              Latest release
            </dt>
            <dd className="font-mono text-fg">{item.latestRelease ?? "none"}</dd>
          </div>
          {item.pushedAt ? (
            <div className="meta-item">
              <dt>Pushed</dt>
              <dd>
                <time dateTime={item.pushedAt}>{formatDay(item.pushedAt)}</time>
              </dd>
            </div>
          ) : null}
        </dl>
      </div>
      <div className="repo-side">
        <HistorySparkline owner={item.owner} name={item.name} />
        {statuses.length > 0 ? (
          <ul
            className="flex flex-wrap gap-1.5"
            aria-label={`Newest ${item.judged} tags by status`}
          >
            {statuses.map((status) => (
              <li key={status} data-status={status} data-count={count(status)}>
                <StatusPill status={status} count={count(status)} size="small" />
              </li>
            ))}
          </ul>
        ) : item.judged > 0 ? (
          <StatusPill status="healthy" count={count("healthy")} size="small" />
        ) : (
          <span className="text-xs text-fg-muted">Releases only, no tags</span>
        )}
        <PinToggle repository={item.repository} />
      </div>
    </article>
  );
}
