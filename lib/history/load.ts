import "server-only";
import { AppError } from "@/lib/errors";
import { getAppSettings } from "@/lib/github/app";
import type { GitHubClient } from "@/lib/github/client";
import { hasPendingRun, toRepositorySnapshot } from "@/lib/github/queries/repository-health";
import {
  REPOSITORY_HISTORY_QUERY,
  type RepositoryHistoryOperation,
} from "@/lib/github/queries/repository-history";
import { rest } from "@/lib/github/rest";
import {
  describeProblems,
  getManifests,
  peekRepositoryHealth,
  repositoryNotFound,
} from "@/lib/repository/load";
import {
  cacheKeys,
  getRepositoryGeneration,
  isWatched,
  repositoryLifetimeMs,
} from "@/lib/store/cache-policy";
import { processWide } from "@/lib/store/process-cache";
import { SharedCache } from "@/lib/store/shared-cache";
import { getDispatchRecords } from "@/lib/watch/state";
import {
  getRepositoryHistory,
  getRunsToAsk,
  judgeHistory,
  type RunAttempt,
  type RunsToAsk,
} from "./derive";
import type { RepositoryHistory } from "./types";

// A repository's release history from GitHub: one GraphQL request (100 tags with their runs, 100
// releases with their assets' upload times), then one REST request for the release workflow's
// runs (GraphQL has no run attempts), beside the checksums manifests the page downloads too
// (shared cache, a day). Cached like the repository page, per user, and refreshed with it: a
// dispatch, a re-run or a webhook gives the repository a new generation.

type CachedHistory = { history: RepositoryHistory; pending: boolean };

// It may describe a private repository: sealed in the shared store.
const histories = processWide(
  "repository-histories",
  () => new SharedCache<CachedHistory>("history", { maxEntries: 1000, sealed: true }),
);

/** A workflow's runs as REST listed them; `listed` is false when GitHub did not list them. */
type RunListing = { attempts: Map<number, RunAttempt>; listed: boolean };

/** Attempts and actors of a workflow's 100 newest runs (one REST request). */
async function listRunAttempts(
  client: GitHubClient,
  owner: string,
  repo: string,
  workflowId: number,
): Promise<RunListing> {
  const attempts = new Map<number, RunAttempt>();
  try {
    const { data } = await rest(
      client,
      "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
      { owner, repo, workflow_id: workflowId, per_page: 100, exclude_pull_requests: true },
    );
    for (const run of data.workflow_runs) {
      attempts.set(Number(run.id), {
        attempt: run.run_attempt ?? 1,
        startedAt: run.run_started_at ?? run.created_at,
        actor: run.actor?.login ?? null,
      });
    }
    return { attempts, listed: true };
  } catch (error) {
    // A refused token ends the session (lib/http.ts): not a gap to note under a 200.
    if (
      error instanceof AppError &&
      (error.code === "rate-limited" || error.code === "unauthenticated")
    )
      throw error;
    return { attempts, listed: false };
  }
}

/** What the history says about the release runs it asked REST for and did not get. */
function runNotes(listing: RunListing, asked: RunsToAsk): string[] {
  if (!listing.listed)
    return [
      "GitHub did not list the release workflow's runs: tags shipped after a re-run count as shipped on their own.",
    ];
  const unlisted = asked.runIds.filter((id) => !listing.attempts.has(id)).length;
  return unlisted > 0
    ? [
        `${unlisted} release runs are older than the workflow's 100 newest runs: if they were re-run, their tags count as shipped on their own.`,
      ]
    : [];
}

/** The run ids of watch mode's own dispatches in the repository (from its run links). */
async function getTagwatchRunIds(repository: string): Promise<number[]> {
  const records = await getDispatchRecords(repository);
  return Object.values(records).flatMap((record) => {
    const id = record.runUrl?.match(/\/actions\/runs\/(\d+)/)?.[1];
    return id ? [Number(id)] : [];
  });
}

async function fetchHistory(
  client: GitHubClient,
  owner: string,
  repo: string,
  generation: string,
  now: Date,
): Promise<CachedHistory> {
  // The browser reads the history once the repository page is up, so the page's health is
  // usually cached: its release workflow is almost always the history's too, and that workflow's
  // runs are asked for beside the 100 tags instead of after them. A wrong guess costs one request;
  // a store that cannot answer is no guess.
  const page = await peekRepositoryHealth(client, owner, repo, generation).catch(() => null);
  const guessed = page ? getRunsToAsk(page) : null;
  const early = guessed ? listRunAttempts(client, owner, repo, guessed.workflowId) : null;
  early?.catch(() => {}); // awaited below when the guess holds; not an unhandled rejection otherwise
  const result = await client.query<RepositoryHistoryOperation>(REPOSITORY_HISTORY_QUERY, {
    owner,
    name: repo,
  });
  const repository = result.data.repository;
  if (!repository) throw repositoryNotFound(owner, repo);
  const snapshot = toRepositorySnapshot(repository, null);
  // Which runs are release runs does not depend on the checksums manifests: ask REST about them
  // while the manifests download, then judge with the manifests, as the page does.
  const judged = judgeHistory(snapshot, now);
  const asked = getRunsToAsk(judged.judgement.repository);
  const listing =
    asked === null
      ? null
      : early && guessed?.workflowId === asked.workflowId
        ? early
        : listRunAttempts(client, snapshot.owner, snapshot.name, asked.workflowId);
  const [runs, manifests, runIds] = await Promise.all([
    listing,
    getManifests(client, snapshot),
    getTagwatchRunIds(`${snapshot.owner}/${snapshot.name}`),
  ]);
  // The manifests only change which assets are expected: without any, the first judgement stands.
  const final =
    Object.keys(manifests).length === 0 ? judged : judgeHistory({ ...snapshot, manifests }, now);
  const slug = getAppSettings()?.slug ?? null;
  const history = getRepositoryHistory(final, {
    attempts: runs?.attempts ?? new Map(),
    tagwatch: { botLogin: slug ? `${slug}[bot]` : null, runIds },
    notes: [...describeProblems(result.problems), ...(runs && asked ? runNotes(runs, asked) : [])],
  });
  return { history, pending: hasPendingRun(snapshot) };
}

/** A repository's release history as the client's user sees it; cached like the repository page. */
export async function loadRepositoryHistory(
  client: GitHubClient,
  owner: string,
  repo: string,
  options: { now?: Date } = {},
): Promise<RepositoryHistory> {
  const [generation, watched] = await Promise.all([
    getRepositoryGeneration(owner, repo),
    isWatched(owner, repo),
  ]);
  const cached = await histories.get(
    cacheKeys.history(generation, owner, repo, client.tokenKey),
    () => fetchHistory(client, owner, repo, generation, options.now ?? new Date()),
    (value) => repositoryLifetimeMs(value.pending, watched),
  );
  return cached.history;
}
