import type { RepositoryHistory, TagHistory } from "@/lib/history/types";
import { formatMinutes, formatShare, SERIES } from "./chart-scales";
import { HistoryChart } from "./history-chart";
import { HistoryTable } from "./history-table";

// The release history laid out: numbers, monthly chart, its table and the tags that needed help.
// Loaded by the browser after the page (release-history.tsx), so its code is not first-load.

const HELP_LISTED = 20;

function describeHelp(tag: TagHistory): string {
  switch (tag.shippedBy) {
    case "rerun":
      return "re-run";
    case "dispatch":
      return tag.dispatchedBy === "tagwatch" ? "dispatched by tagwatch" : "dispatched by a person";
    case "manual":
      return "released by hand";
    default:
      return "not shipped";
  }
}

/** A repository's release history, drawn from the history JSON. */
export function HistoryView({ history }: { history: RepositoryHistory }) {
  const { summary, months } = history;
  const first = months[0]?.month;
  const helped = history.tags.filter((tag) => tag.shippedBy !== "itself");
  const stats: [label: string, value: string][] = [
    ["Tags", String(history.tags.length)],
    ["Shipped on their own", formatShare(summary.shippedItselfShare)],
    ["Median time to ship", formatMinutes(summary.medianMinutesToShip)],
    ["90th percentile", formatMinutes(summary.p90MinutesToShip)],
    ["Median time to recover", formatMinutes(summary.medianMinutesToRecover)],
  ];
  return (
    <div className="space-y-3" data-history={history.repository}>
      <p className="text-sm text-fg-muted">
        Tags pushed since {first} (UTC months), from push to a published release with every expected
        asset.
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-md border border-line px-3 py-2">
            <dt className="text-xs text-fg-muted">{label}</dt>
            <dd className="text-base font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="rounded-md border border-line p-3">
        <HistoryChart months={months} id="release-history-chart" />
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted" aria-hidden>
          {SERIES.map((series) => (
            <li key={series.key} className="inline-flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm" style={{ background: series.color }} />
              {series.label}
            </li>
          ))}
          <li className="inline-flex items-center gap-1.5">
            <span className="h-0.5 w-4 rounded-sm bg-accent" />
            Median time to ship
          </li>
        </ul>
      </div>
      <HistoryTable months={months} />
      {helped.length > 0 ? (
        <div className="text-sm">
          <h3 className="font-semibold">Tags that did not ship on their own</h3>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-fg-muted">
            {helped.slice(0, HELP_LISTED).map((tag) => (
              <li key={tag.name} data-tag={tag.name} data-shipped-by={tag.shippedBy ?? "none"}>
                <span className="font-mono text-fg">{tag.name}</span> {describeHelp(tag)}
                {tag.minutesToShip !== null ? `, after ${formatMinutes(tag.minutesToShip)}` : ""}
              </li>
            ))}
          </ul>
          {helped.length > HELP_LISTED ? (
            <p className="mt-1 text-fg-muted">and {helped.length - HELP_LISTED} older ones.</p>
          ) : null}
        </div>
      ) : null}
      {history.notes.map((note) => (
        <p key={note} className="text-xs text-fg-muted">
          {note}
        </p>
      ))}
    </div>
  );
}
