import { AppErrorPanel } from "@/components/ui/error-panel";
import type { GitHubClient } from "@/lib/github/client";
import { loadRepositoryHistory } from "@/lib/history/load";
import type { RepositoryHistory, TagHistory } from "@/lib/history/types";
import { toPageError } from "@/lib/page-errors";
import { formatMinutes, formatShare, SERIES } from "./chart-scales";
import { HistoryChart } from "./history-chart";
import { HistoryTable } from "./history-table";

// The repository page's "Release history" section: loads on its own (its own Suspense boundary on
// the page), so the tags never wait for it.

const HEADING_ID = "release-history";
const HELP_LISTED = 20;

type Props = { client: GitHubClient; owner: string; repo: string; path: string };

function Section({ children }: { children: React.ReactNode }) {
  return (
    <section aria-labelledby={HEADING_ID} className="mt-8 space-y-3">
      <h2 id={HEADING_ID} className="text-lg font-semibold">
        Release history
      </h2>
      {children}
    </section>
  );
}

/** The repository's release history: numbers, monthly chart, its table and the tags that needed help. */
export async function ReleaseHistory({ client, owner, repo, path }: Props) {
  let history: RepositoryHistory;
  try {
    history = await loadRepositoryHistory(client, owner, repo);
  } catch (error) {
    return (
      <Section>
        <AppErrorPanel
          error={toPageError(error, path)}
          retryHref={path}
          unavailableTitle="The release history could not be loaded"
        />
      </Section>
    );
  }
  return (
    <Section>
      {history.tags.length > 0 ? (
        <HistoryView history={history} />
      ) : (
        <p className="text-sm text-fg-muted">No tags were pushed in the last 12 months.</p>
      )}
    </Section>
  );
}

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

function HistoryView({ history }: { history: RepositoryHistory }) {
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
        <HistoryChart months={months} id={`${HEADING_ID}-chart`} />
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

/** The section's first paint while GitHub answers. */
export function ReleaseHistorySkeleton() {
  return (
    <Section>
      <div aria-busy="true" className="space-y-3">
        <span className="sr-only">Loading the release history…</span>
        <div aria-hidden className="space-y-3 motion-safe:animate-pulse">
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-5">
            {Array.from({ length: 5 }, (_, index) => (
              <div key={index} className="h-14 rounded-md border border-line bg-canvas-subtle" />
            ))}
          </div>
          <div className="h-60 rounded-md border border-line bg-canvas-subtle" />
        </div>
      </div>
    </Section>
  );
}

/** The section when the page's tags could not be read from GitHub: its own read would fail too. */
export function ReleaseHistoryUnavailable() {
  return (
    <Section>
      <p className="text-sm text-fg-muted">
        Unavailable: GitHub could not be read for this repository (see above).
      </p>
    </Section>
  );
}
