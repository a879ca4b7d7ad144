"use client";

import { Suspense } from "react";
import useSWR from "swr";
import { type ApiError, fetcher, repositoryApiUrl } from "@/components/client/api";
import { ErrorPanel } from "@/components/ui/error-panel";
import { lazyNamed } from "@/components/ui/lazy";
import type { RepositoryHistory } from "@/lib/history/types";

// The repository page's "Release history" section. The browser reads the history JSON once the
// page is up: the tags never wait for it, and its charts (100 tags' worth of markup) are not part
// of the page's HTML nor of its first-load code.

const HEADING_ID = "release-history";

const HistoryView = lazyNamed(() => import("./history-view"), "HistoryView");

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

type Props = {
  owner: string;
  repo: string;
  /** The page's own read of GitHub failed: this one would only fail again, after its retries. */
  unavailable?: boolean;
};

/** The repository's release history, read after the page: numbers, chart, table, tags helped. */
export function ReleaseHistory({ owner, repo, unavailable = false }: Props) {
  const url = unavailable ? null : repositoryApiUrl(owner, repo, "history");
  // Read once per page: the server retries GitHub, and the person asks again with the button.
  const { data, error, mutate, isValidating } = useSWR<RepositoryHistory, ApiError>(url, fetcher, {
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    shouldRetryOnError: false,
  });
  if (unavailable)
    return (
      <Section>
        <p className="text-sm text-fg-muted">
          Unavailable: GitHub could not be read for this repository (see above).
        </p>
      </Section>
    );
  if (error && !isValidating)
    return (
      <Section>
        <ErrorPanel
          title={
            error.code === "rate-limited"
              ? "GitHub's rate limit is used up"
              : "The release history could not be loaded"
          }
          message={error.message}
          onRetry={() => mutate()}
        />
      </Section>
    );
  return (
    <Section>
      {!data ? (
        <HistorySkeleton />
      ) : data.tags.length > 0 ? (
        <Suspense fallback={<HistorySkeleton />}>
          <HistoryView history={data} />
        </Suspense>
      ) : (
        <p className="text-sm text-fg-muted">No tags were pushed in the last 12 months.</p>
      )}
    </Section>
  );
}

/** The section's first paint while GitHub answers. */
function HistorySkeleton() {
  return (
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
  );
}
