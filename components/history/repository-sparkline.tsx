import { Suspense } from "react";
import type { GitHubClient } from "@/lib/github/client";
import { loadRepositoryHistory } from "@/lib/history/load";
import type { RepositoryHistory } from "@/lib/history/types";
import { limitConcurrency } from "@/lib/overview/batching";
import { HistorySparkline } from "./history-sparkline";

// The overview's sparklines: each repository's release history (the repository page's, from the
// same cache), streamed into its card on its own so the list never waits for them. A cold history
// costs two GitHub requests: one overview loads at most four at once.

const LOADS_AT_ONCE = 4;

type Repository = { owner: string; name: string };

async function Sparkline({ history }: { history: Promise<RepositoryHistory | Error> }) {
  const loaded = await history;
  if (loaded instanceof Error) {
    return (
      <span
        className="inline-block w-[72px] text-center text-xs text-fg-muted"
        title={loaded.message}
      >
        –<span className="sr-only">Release history unavailable</span>
      </span>
    );
  }
  return loaded.tags.length > 0 ? <HistorySparkline months={loaded.months} /> : null;
}

/**
 * For one overview: the sparkline of a repository, its history loaded once however often the
 * streamed list renders the card.
 */
export function createSparklines(
  client: GitHubClient,
): (repository: Repository) => React.ReactNode {
  const schedule = limitConcurrency(LOADS_AT_ONCE);
  const histories = new Map<string, Promise<RepositoryHistory | Error>>();
  return ({ owner, name }) => {
    const key = `${owner}/${name}`;
    let history = histories.get(key);
    if (!history) {
      history = schedule(() => loadRepositoryHistory(client, owner, name)).catch(
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      histories.set(key, history);
    }
    return (
      <Suspense
        fallback={<span aria-hidden className="h-5 w-[72px] rounded-sm bg-canvas-subtle" />}
      >
        <Sparkline history={history} />
      </Suspense>
    );
  };
}
