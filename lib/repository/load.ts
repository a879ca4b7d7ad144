import "server-only";
import { within } from "@/lib/deadline";
import { AppError } from "@/lib/errors";
import type { GitHubClient, GraphQLProblem } from "@/lib/github/client";
import {
  hasPendingRun,
  REPOSITORY_HEALTH_QUERY,
  type RepositoryHealthOperation,
  TAGS_PER_PAGE,
  toRepositorySnapshot,
} from "@/lib/github/queries/repository-health";
import { rest } from "@/lib/github/rest";
import type { RepositorySnapshot, WorkflowInfo } from "@/lib/health/types";
import { getRepositoryHealth, type RepositoryHealth } from "@/lib/repository/health";
import {
  cacheKeys,
  getRepositoryGeneration,
  invalidateRepository,
  isWatched,
  LAST_GOOD_CACHE_MS,
  MANIFEST_CACHE_MS,
  repositoryLifetimeMs,
} from "@/lib/store/cache-policy";
import { processWide } from "@/lib/store/process-cache";
import { SharedCache } from "@/lib/store/shared-cache";

export type LoadedSnapshot = {
  snapshot: RepositorySnapshot;
  warnings: string[];
  fetchedAt: number;
};

// Every value here may describe a private repository: sealed in the shared store.
const snapshots = processWide(
  "repository-snapshots",
  () => new SharedCache<LoadedSnapshot>("snapshot", { maxEntries: 1000, sealed: true }),
);
const lastGood = processWide(
  "repository-last-good",
  () => new SharedCache<LoadedSnapshot>("last-good", { maxEntries: 1000, sealed: true }),
);
const manifests = processWide(
  "checksums-manifests",
  () => new SharedCache<string[] | null>("manifest", { maxEntries: 2000, sealed: true }),
);

const MANIFEST_NAME = /(^|[_.-])(checksums|sha256sums)(\.txt)?$/i;

/** Forgets cached health of a repository for every user on every instance (after a dispatch or re-run). */
export async function invalidateRepositoryHealth(owner: string, repo: string): Promise<void> {
  await invalidateRepository(owner, repo);
}

/** The answer when GitHub shows no such repository to this user (a REST 404, GraphQL's `repository: null`). */
export function repositoryNotFound(owner: string, repo: string): AppError {
  return new AppError(
    "not-found",
    `${owner}/${repo} was not found, or your GitHub account cannot see it.`,
  );
}

/**
 * The repository's workflows (REST: GraphQL has no list). This read also answers "does the
 * repository exist for this user" before the GraphQL query does: a 404 is the page's 404, and
 * `onFound` is told as soon as GitHub has answered otherwise.
 */
export async function getWorkflows(
  client: GitHubClient,
  owner: string,
  repo: string,
  onFound?: () => void,
): Promise<WorkflowInfo[] | null> {
  try {
    const { data } = await rest(client, "GET /repos/{owner}/{repo}/actions/workflows", {
      owner,
      repo,
      per_page: 100,
    });
    onFound?.();
    return data.workflows.map(({ id, name, path, state }) => ({ id, name, path, state }));
  } catch (error) {
    if (error instanceof AppError && error.code === "not-found")
      throw repositoryNotFound(owner, repo);
    // Workflow state only refines causes; the page stays useful without it.
    if (error instanceof AppError && error.code === "rate-limited") throw error;
    return null;
  }
}

function parseManifest(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+\*?/))
    .filter((parts) => parts.length >= 2 && /^[0-9a-f]{32,128}$/i.test(parts[0] ?? ""))
    .map((parts) => parts.slice(1).join(" "));
}

/** Asset names from the checksums manifests of the snapshot's releases, by tag; downloads are cached (shared with the overview). */
export async function getManifests(
  client: GitHubClient,
  snapshot: Pick<RepositorySnapshot, "tags" | "releases">,
): Promise<Record<string, string[]>> {
  const tagNames = new Set(snapshot.tags.map((tag) => tag.name));
  const entries = await Promise.all(
    snapshot.releases
      .filter((release) => tagNames.has(release.tagName))
      .flatMap((release) => {
        const asset = release.assets.find((candidate) => MANIFEST_NAME.test(candidate.name));
        if (!asset) return [];
        const key = cacheKeys.manifest(asset.downloadUrl, asset.size);
        return [
          manifests
            .get(
              key,
              async () => {
                const text = await client.download(asset.downloadUrl);
                return text === null ? null : parseManifest(text);
              },
              (names) => (names ? MANIFEST_CACHE_MS : 0),
            )
            .then((names) => [release.tagName, names] as const),
        ];
      }),
  );
  const result: Record<string, string[]> = {};
  for (const [tagName, names] of entries) if (names && names.length > 0) result[tagName] = names;
  return result;
}

/** A note for the page when GitHub sent partial data (errors beside data), naming what is missing. */
export function describeProblems(problems: GraphQLProblem[]): string[] {
  if (problems.length === 0) return [];
  const where = [
    ...new Set(
      problems.map(
        (problem) =>
          problem.path?.filter((part) => typeof part === "string").slice(-1)[0] ?? "data",
      ),
    ),
  ];
  return [
    `GitHub returned partial data (${where.join(", ")} missing): some findings may be incomplete.`,
  ];
}

/** Reads one page of a repository's tags, runs and releases from GitHub, uncached (watch mode wants it fresh). */
export async function fetchSnapshot(
  client: GitHubClient,
  owner: string,
  repo: string,
  after: string | null,
  onFound?: () => void,
): Promise<LoadedSnapshot> {
  const [result, workflows] = await Promise.all([
    client.query<RepositoryHealthOperation>(REPOSITORY_HEALTH_QUERY, {
      owner,
      name: repo,
      tagCount: TAGS_PER_PAGE,
      tagCursor: after,
    }),
    getWorkflows(client, owner, repo, onFound),
  ]);
  const repository = result.data.repository;
  if (!repository) throw repositoryNotFound(owner, repo);
  const snapshot = toRepositorySnapshot(repository, workflows);
  snapshot.manifests = await getManifests(client, snapshot);
  return { snapshot, warnings: describeProblems(result.problems), fetchedAt: Date.now() };
}

function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}

// Judging parses workflow files and tagwatch.yml: once per cached snapshot, not once per request.
// The clock only matters for GitHub's 30-day re-run window, so a judgement a minute old is as good.
const JUDGEMENT_MS = 60_000;
const judgements = new WeakMap<LoadedSnapshot, { health: RepositoryHealth; at: number }>();

function judge(loaded: LoadedSnapshot, now: Date | undefined): RepositoryHealth {
  const at = now?.getTime() ?? Date.now();
  const kept = now ? undefined : judgements.get(loaded);
  if (kept && at - kept.at < JUDGEMENT_MS) return kept.health;
  const judged = getRepositoryHealth(loaded.snapshot, { now: new Date(at) });
  const health = { ...judged, notes: [...loaded.warnings, ...judged.notes] };
  if (!now) judgements.set(loaded, { health, at });
  return health;
}

/**
 * The health of the first page of tags this user's repository page holds for `generation`, when it
 * holds one: from the cache and the page's own judgement of it, never from GitHub.
 */
export async function peekRepositoryHealth(
  client: GitHubClient,
  owner: string,
  repo: string,
  generation: string,
): Promise<RepositoryHealth | null> {
  const loaded = await snapshots.peek(
    cacheKeys.snapshot(generation, owner, repo, client.tokenKey, null),
  );
  return loaded ? judge(loaded, undefined) : null;
}

export type LoadOptions = {
  after?: string | null;
  now?: Date;
  /** Told as soon as GitHub has said the repository exists (before the whole load, when cold). */
  onFound?: () => void;
};

/** The release health of one repository as the client's user sees it; cached briefly per user. */
export async function loadRepositoryHealth(
  client: GitHubClient,
  owner: string,
  repo: string,
  options: LoadOptions = {},
): Promise<RepositoryHealth> {
  const after = options.after ?? null;
  const [generation, watched] = await Promise.all([
    getRepositoryGeneration(owner, repo),
    isWatched(owner, repo),
  ]);
  const lastGoodKey = cacheKeys.lastGood(owner, repo, client.tokenKey, after);
  let loaded: LoadedSnapshot;
  try {
    loaded = await snapshots.get(
      cacheKeys.snapshot(generation, owner, repo, client.tokenKey, after),
      async () => {
        const fetched = await fetchSnapshot(client, owner, repo, after, options.onFound);
        await lastGood.set(lastGoodKey, fetched, LAST_GOOD_CACHE_MS);
        return fetched;
      },
      (value) => repositoryLifetimeMs(hasPendingRun(value.snapshot), watched),
    );
  } catch (error) {
    const previous = await lastGood.peek(lastGoodKey);
    const degraded =
      error instanceof AppError &&
      (error.code === "rate-limited" || error.code === "github-unavailable");
    if (!previous || !degraded) throw error;
    loaded = {
      ...previous,
      warnings: [
        ...previous.warnings,
        `${error.message} Showing data from ${formatTime(previous.fetchedAt)}.`,
      ],
    };
  }
  return judge(loaded, options.now);
}

export type RepositoryLoad = {
  /** False when GitHub says the repository does not exist for this user; settles first when cold. */
  exists: Promise<boolean>;
  health: Promise<RepositoryHealth>;
  /** Whether the health has settled (a warm load has when `exists` does): then nothing to stream. */
  settled: () => boolean;
  /** Waits up to `ms` for the health to settle (fulfilled or not); true when it has. */
  settledWithin: (ms: number) => Promise<boolean>;
  /** The error the health has already failed with, if it has: what follows need not ask GitHub again. */
  failure: () => unknown;
};

/**
 * Starts loading a repository's page. A page must know whether the repository exists before it
 * streams (its status is 200 from then on), without waiting for the whole health: the workflows
 * read that the load makes anyway says so, usually before the GraphQL query is back.
 */
export function startRepositoryLoad(
  client: GitHubClient,
  owner: string,
  repo: string,
  options: Omit<LoadOptions, "onFound"> = {},
): RepositoryLoad {
  let found = () => {};
  const early = new Promise<boolean>((resolve) => {
    found = () => resolve(true);
  });
  const health = loadRepositoryHealth(client, owner, repo, { ...options, onFound: found });
  // Any failure but "not found" is the health's to report, with its message.
  let done = false;
  let failure: unknown = null;
  const settled = health.then(
    () => {
      done = true;
      return true;
    },
    (error: unknown) => {
      done = true;
      failure = error;
      return !(error instanceof AppError && error.code === "not-found");
    },
  );
  return {
    exists: Promise.race([early, settled]),
    health,
    settled: () => done,
    settledWithin: async (ms) => {
      await within(settled, ms);
      return done;
    },
    failure: () => failure,
  };
}
