import { Fragment, useState } from "react";
import { formatDay, formatMinuteUtc } from "@/components/ui/format";
import { ChevronDownIcon } from "@/components/ui/icons/chevron-down-icon";
import { Label } from "@/components/ui/label";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { StatusPill } from "@/components/ui/status-pill";
import type { PageHealth, PageTag } from "@/lib/repository/json";
import { AssetsSummary } from "./release";
import { RunSummary } from "./runs";
import { TagCard, tagDetailId } from "./tag-card";

type Props = {
  tags: PageTag[];
  repository: Pick<PageHealth, "url">;
  /** The real buttons for an expanded tag, as in the card view. */
  renderAction?: (tag: PageTag) => React.ReactNode;
};

const COLUMNS = ["Tag", "Date", "Pushed by", "Run", "Release", "Assets", "Status", "Fix"];

/** One table per page: its caption names the box it scrolls in. */
const CAPTION_ID = "tag-table";

/** Many tags at a glance, one line each; a line expands to the tag's full card. */
export function TagTable({ tags, repository, renderAction }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <ScrollRegion labelledBy={CAPTION_ID} className="rounded-md border border-line">
      <table className="w-full border-collapse text-left text-xs">
        <caption id={CAPTION_ID} className="sr-only">
          Tags, newest first; expand a tag for its detail and fix
        </caption>
        <thead className="bg-canvas-subtle text-fg-muted">
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-2 py-1.5 font-semibold">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => {
            const open = expanded.has(tag.name);
            const detailId = tagDetailId(tag.name);
            return (
              <Fragment key={tag.name}>
                <tr
                  data-status={tag.status}
                  className="border-t border-line hover:bg-canvas-subtle"
                >
                  <th scope="row" className="max-w-48 px-2 py-0.5 font-semibold">
                    <button
                      type="button"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      onClick={() => toggle(tag.name)}
                      className="inline-flex max-w-full items-center gap-1 rounded-sm text-left hover:text-accent focus-visible:outline-2 focus-visible:outline-focus"
                    >
                      <ChevronDownIcon
                        size={12}
                        aria-hidden
                        className={`shrink-0 text-fg-muted transition-transform ${open ? "" : "-rotate-90"}`}
                      />
                      <span className="truncate">{tag.name}</span>
                    </button>
                  </th>
                  <td className="whitespace-nowrap px-2 py-0.5 text-fg-muted">
                    <time dateTime={tag.date} title={formatMinuteUtc(tag.date)}>
                      {formatDay(tag.date)}
                    </time>
                  </td>
                  <td className="max-w-36 truncate px-2 py-0.5" title={tag.pushedBy ?? undefined}>
                    {tag.pushedBy ?? <span className="text-fg-muted">—</span>}
                  </td>
                  <td className="whitespace-nowrap px-2 py-0.5">
                    <RunSummary tag={tag} />
                  </td>
                  <td className="max-w-40 truncate px-2 py-0.5" title={tag.release?.name}>
                    {tag.release ? (
                      <>
                        {tag.release.name}
                        {tag.release.draft ? (
                          <>
                            {" "}
                            <Label tone="attention">Draft</Label>
                          </>
                        ) : null}
                      </>
                    ) : (
                      <span className="text-fg-muted">—</span>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-2 py-0.5 tabular-nums">
                    <AssetsSummary tag={tag} />
                  </td>
                  <td className="px-2 py-0.5">
                    <StatusPill status={tag.status} size="small" />
                  </td>
                  <td className="whitespace-nowrap px-2 py-0.5">
                    <ActionSummary tag={tag} />
                  </td>
                </tr>
                {open ? (
                  <tr id={detailId} className="border-t border-line bg-canvas-subtle">
                    <td colSpan={COLUMNS.length} className="p-2">
                      <TagCard
                        tag={tag}
                        repository={repository}
                        actionSlot={renderAction && tag.action ? renderAction(tag) : undefined}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** The tag action in one word, as the card's button would name it. */
function ActionSummary({ tag }: { tag: PageTag }) {
  const action = tag.action;
  if (!action) return <span className="text-fg-muted">—</span>;
  const label = action.kind === "dispatch" ? "Re-dispatch" : "Re-run";
  return action.available ? (
    <span>{label}</span>
  ) : (
    <span className="text-fg-muted" title={action.reason ?? undefined}>
      {label} (unavailable)
    </span>
  );
}
