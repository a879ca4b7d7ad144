import { useState } from "react";
import { LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { formatDay, formatMinuteUtc } from "@/components/ui/format";
import { StatusPill } from "@/components/ui/status-pill";
import { AssetsSummary } from "./release";
import { RunLink } from "./runs";
import { type TagCardProps, TagDetail, TagMeta, tagDetailId, tagPageUrl } from "./tag-card";

/**
 * A tag that shipped, in one line: a maintainer scans for problems, and a dozen elements per tag
 * instead of a card's ~50 is what the page's style, layout and hydration time follow. Its name links
 * to the release (as GitHub's list of tags does); "Details" shows what its card would.
 */
export function TagLine({ tag, repository, actionSlot }: TagCardProps) {
  const [open, setOpen] = useState(false);
  const detailId = tagDetailId(tag.name);
  const run = tag.runs[0];
  return (
    <article aria-label={`Tag ${tag.name}`} data-status={tag.status} className="card">
      <div className="line">
        <h3 className="line-name">
          <a href={tagPageUrl(tag, repository.url)} {...NEW_TAB} className={LINK_CLASSES}>
            {tag.name}
          </a>
        </h3>
        <time dateTime={tag.date} title={formatMinuteUtc(tag.date)} className="text-fg-muted">
          {formatDay(tag.date)}
        </time>
        <StatusPill status={tag.status} size="small" />
        <AssetsSummary tag={tag} unit />
        <span className="line-end">
          {run ? <RunLink run={run} repositoryUrl={repository.url} /> : null}
          <button
            type="button"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            onClick={() => setOpen(!open)}
            className={`${LINK_CLASSES} font-medium`}
          >
            Details
          </button>
        </span>
      </div>
      {open ? (
        <div id={detailId} className="border-t border-line">
          <div className="card-head">
            <TagMeta tag={tag} repositoryUrl={repository.url} />
          </div>
          <TagDetail tag={tag} repository={repository} actionSlot={actionSlot} />
        </div>
      ) : null}
    </article>
  );
}
