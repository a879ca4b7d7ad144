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
import type { RepositorySnapshot } from "@/lib/health/types";
import { describeProblems, getManifests, repositoryNotFound } from "@/lib/repository/load";
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

/** Attempts and actors of the release workflow's 100 newest runs (one REST request). */
async function getRunAttempts(
  client: GitHubClient,
  snapshot: RepositorySnapshot,
  asked: RunsToAsk | null,
): Promise<{ attempts: Map<number, RunAttempt>; notes: string[] }> {
  const attempts = new Map<number, RunAttempt>();
  if (!asked) return { attempts, notes: [] };
  const { owner, name } = snapshot;
  try {
    const { data } = await rest(
      client,
      "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
      {
        owner,
        repo: name,
        workflow_id: asked.workflowId,
        per_page: 100,
        exclude_pull_requests: true,
      },
    );
    for (const run of data.workflow_runs) {
      attempts.set(Number(run.id), {
        attempt: run.run_attempt ?? 1,
        startedAt: run.run_started_at ?? run.created_at,
        actor: run.actor?.login ?? null,
      });
    }
  } catch (error) {
    // A refused token ends the session (lib/http.ts): not a gap to note under a 200.
    if (
      error instanceof AppError &&
      (error.code === "rate-limited" || error.code === "unauthenticated")
    )
      throw error;
    return {
      attempts,
      notes: [
        "GitHub did not list the release workflow's runs: tags shipped after a re-run count as shipped on their own.",
      ],
    };
  }
  const unlisted = asked.runIds.filter((id) => !attempts.has(id)).length;
  return {
    attempts,
    notes:
      unlisted > 0
        ? [
            `${unlisted} release runs are older than the workflow's 100 newest runs: if they were re-run, their tags count as shipped on their own.`,
          ]
        : [],
  };
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
  now: Date,
): Promise<CachedHistory> {
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
  const asked = getRunsToAsk(judged);
  const [runs, manifests, runIds] = await Promise.all([
    getRunAttempts(client, snapshot, asked),
    getManifests(client, snapshot),
    getTagwatchRunIds(`${snapshot.owner}/${snapshot.name}`),
  ]);
  // The manifests only change which assets are expected: without any, the first judgement stands.
  const final =
    Object.keys(manifests).length === 0 ? judged : judgeHistory({ ...snapshot, manifests }, now);
  const slug = getAppSettings()?.slug ?? null;
  const history = getRepositoryHistory(final, {
    attempts: runs.attempts,
    tagwatch: { botLogin: slug ? `${slug}[bot]` : null, runIds },
    notes: [...describeProblems(result.problems), ...runs.notes],
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
    () => fetchHistory(client, owner, repo, options.now ?? new Date()),
    (value) => repositoryLifetimeMs(value.pending, watched),
  );
  return cached.history;
}
