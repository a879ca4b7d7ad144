import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getRepositoryHealth } from "@/lib/health";
import type { RepositoryHealth, RepositorySnapshot, WorkflowInfo } from "@/lib/health/types";
import { processWide, TtlCache } from "./cache";
import type { GitHubClient, GraphQLProblem } from "./client";
import { repoPath } from "./paths";
import {
  hasPendingRun,
  REPOSITORY_HEALTH_QUERY,
  type RepositoryHealthOperation,
  TAGS_PER_PAGE,
  toRepositorySnapshot,
} from "./queries/repository-health";

type LoadedSnapshot = { snapshot: RepositorySnapshot; warnings: string[]; fetchedAt: number };

const snapshots = processWide("repository-snapshots", () => new TtlCache<LoadedSnapshot>(1000));
const lastGood = processWide("repository-last-good", () => new Map<string, LoadedSnapshot>());
const manifests = processWide("checksums-manifests", () => new TtlCache<string[] | null>(2000));

const PENDING_MS = 2_000;
const MANIFEST_MS = 24 * 60 * 60 * 1000;
const MANIFEST_NAME = /(^|[_.-])(checksums|sha256sums)(\.txt)?$/i;

function cacheKey(owner: string, repo: string): string {
  return `repo:${owner.toLowerCase()}/${repo.toLowerCase()}:`;
}

/** Forgets cached health of a repository for every user (after a dispatch or re-run). */
export function invalidateRepositoryHealth(owner: string, repo: string): void {
  snapshots.invalidate(cacheKey(owner, repo));
}

async function getWorkflows(
  client: GitHubClient,
  owner: string,
  repo: string,
): Promise<WorkflowInfo[] | null> {
  try {
    const { data } = await client.rest<{ workflows: WorkflowInfo[] }>(
      "GET",
      `${repoPath(owner, repo)}/actions/workflows?per_page=100`,
    );
    return data.workflows.map(({ id, name, path, state }) => ({ id, name, path, state }));
  } catch (error) {
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
        // Asset contents never change under the same URL and size: cache them long.
        const key = `${asset.downloadUrl}#${asset.size}`;
        return [
          manifests
            .get(
              key,
              async () => {
                const text = await client.download(asset.downloadUrl);
                return text === null ? null : parseManifest(text);
              },
              (names) => (names ? MANIFEST_MS : 0),
            )
            .then((names) => [release.tagName, names] as const),
        ];
      }),
  );
  const result: Record<string, string[]> = {};
  for (const [tagName, names] of entries) if (names && names.length > 0) result[tagName] = names;
  return result;
}

function describeProblems(problems: GraphQLProblem[]): string[] {
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

async function fetchSnapshot(
  client: GitHubClient,
  owner: string,
  repo: string,
  after: string | null,
): Promise<LoadedSnapshot> {
  const [result, workflows] = await Promise.all([
    client.query<RepositoryHealthOperation>(REPOSITORY_HEALTH_QUERY, {
      owner,
      name: repo,
      tagCount: TAGS_PER_PAGE,
      tagCursor: after,
    }),
    getWorkflows(client, owner, repo),
  ]);
  const repository = result.data.repository;
  if (!repository) {
    throw new AppError(
      "not-found",
      `${owner}/${repo} was not found, or your GitHub account cannot see it.`,
    );
  }
  const snapshot = toRepositorySnapshot(repository, workflows);
  snapshot.manifests = await getManifests(client, snapshot);
  return { snapshot, warnings: describeProblems(result.problems), fetchedAt: Date.now() };
}

function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}

/** The release health of one repository as the client's user sees it; cached briefly per user. */
export async function loadRepositoryHealth(
  client: GitHubClient,
  owner: string,
  repo: string,
  options: { after?: string | null; now?: Date } = {},
): Promise<RepositoryHealth> {
  const after = options.after ?? null;
  const key = `${cacheKey(owner, repo)}${client.tokenKey}:${after ?? ""}`;
  let loaded: LoadedSnapshot;
  try {
    loaded = await snapshots.get(
      key,
      () => fetchSnapshot(client, owner, repo, after),
      (value) =>
        hasPendingRun(value.snapshot)
          ? Math.min(PENDING_MS, getEnv().cacheTtlMs)
          : getEnv().cacheTtlMs,
    );
    lastGood.set(key, loaded);
    if (lastGood.size > 1000) lastGood.delete(lastGood.keys().next().value ?? "");
  } catch (error) {
    const previous = lastGood.get(key);
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
  const health = getRepositoryHealth(loaded.snapshot, { now: options.now ?? new Date() });
  return { ...health, notes: [...loaded.warnings, ...health.notes] };
}
