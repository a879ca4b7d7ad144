import type { GitHubClient, QueryResult } from "@/lib/github/client";
import type { OverviewRepositoryData } from "@/lib/github/queries/repository-overview";
import { TAG_STATUSES, type TagStatus } from "@/lib/health/types";
import type { RepositoryOverviewItem } from "@/lib/overview/rank";
import { RELEASE_YML } from "../health/factories";

// GraphQL answers as GitHub shapes them, for the overview loader.

export const NOW = new Date("2026-03-01T12:00:00Z");

export function ago(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

const MONA = {
  name: "Mona Maintainer",
  email: "mona@example.com",
  user: { login: "octo-maintainer" },
};
const BOT = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
  user: null,
};

export type TagSpec = {
  name: string;
  days: number;
  /** "shipped": release run + complete release; "bot": pushed with GITHUB_TOKEN, nothing ran. */
  kind: "shipped" | "bot" | "failed";
  /** Asset names of the release (shipped only); defaults to one archive. */
  assets?: string[];
};

let runId = 9000;

function commit(owner: string, repo: string, spec: TagSpec) {
  const ran = spec.kind !== "bot";
  return {
    __typename: "Commit" as const,
    oid: `sha-${repo}-${spec.name}`,
    committedDate: ago(spec.days),
    url: `https://github.com/${owner}/${repo}/commit/sha-${repo}-${spec.name}`,
    author: spec.kind === "bot" ? BOT : MONA,
    committer: spec.kind === "bot" ? BOT : MONA,
    checkSuites: {
      nodes: ran
        ? [
            {
              status: "COMPLETED",
              conclusion: spec.kind === "failed" ? "FAILURE" : "SUCCESS",
              createdAt: ago(spec.days),
              branch: null,
              workflowRun: {
                databaseId: runId++,
                runNumber: 1,
                event: "push",
                url: `https://github.com/${owner}/${repo}/actions/runs/${runId}`,
                createdAt: ago(spec.days),
                workflow: { databaseId: 11, name: "Release" },
                file: { path: ".github/workflows/release.yml" },
              },
            },
          ]
        : [],
    },
  };
}

/** A repository as the overview batch query returns it. */
export function repositoryNode(
  full: string,
  tags: TagSpec[],
  pushedDays = 1,
): OverviewRepositoryData {
  const [owner = "", repo = ""] = full.split("/");
  return {
    name: repo,
    owner: { login: owner },
    url: `https://github.com/${full}`,
    isPrivate: false,
    isArchived: false,
    pushedAt: ago(pushedDays),
    viewerPermission: "ADMIN",
    defaultBranchRef: { name: "main" },
    tagwatchConfig: null,
    headWorkflows: {
      entries: [
        {
          name: "release.yml",
          path: ".github/workflows/release.yml",
          object: { text: RELEASE_YML },
        },
      ],
    },
    refs: {
      totalCount: tags.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: tags.map((spec) => ({
        name: spec.name,
        target: {
          __typename: "Tag" as const,
          tagger: { ...(spec.kind === "bot" ? BOT : MONA), date: ago(spec.days) },
          target: commit(owner, repo, spec),
        },
      })),
    },
    releases: {
      nodes: tags
        .filter((spec) => spec.kind === "shipped")
        .map((spec) => {
          const assets = spec.assets ?? [`${repo}_${spec.name}_linux_amd64.tar.gz`];
          return {
            name: spec.name,
            tagName: spec.name,
            isDraft: false,
            isPrerelease: false,
            isLatest: false,
            createdAt: ago(spec.days),
            publishedAt: ago(spec.days),
            url: `https://github.com/${full}/releases/tag/${spec.name}`,
            author: { login: "octo-maintainer" },
            tagCommit: { oid: `sha-${repo}-${spec.name}` },
            releaseAssets: {
              totalCount: assets.length,
              nodes: assets.map((name) => ({
                name,
                size: 100,
                downloadCount: 1,
                downloadUrl: `https://github.com/${full}/releases/download/${spec.name}/${name}`,
                createdAt: ago(spec.days),
              })),
            },
          };
        }),
    },
  };
}

export function listedNode(
  full: string,
  options: { tags?: number; releases?: number; pushedDays?: number } = {},
) {
  const [owner = "", name = ""] = full.split("/");
  return {
    name,
    owner: { login: owner },
    isPrivate: false,
    isArchived: false,
    pushedAt: ago(options.pushedDays ?? 1),
    tags: { totalCount: options.tags ?? 1 },
    releases: { totalCount: options.releases ?? 0 },
  };
}

type Handler = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<QueryResult<unknown>> | QueryResult<unknown>;

/** A GitHubClient answering from `handler`, counting requests and how many were in flight at once. */
export function fakeClient(
  handler: Handler,
  downloads: Record<string, string> = {},
  tokenKey = `token-${Math.random()}`,
) {
  const stats = { queries: [] as string[], inFlight: 0, maxInFlight: 0, downloads: 0 };
  const client: GitHubClient = {
    tokenKey,
    async query(query, variables) {
      stats.queries.push(query);
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return (await handler(query, variables as Record<string, unknown>)) as never;
      } finally {
        stats.inFlight -= 1;
      }
    },
    async rest() {
      throw new Error("the overview makes no REST calls");
    },
    async download(url) {
      stats.downloads += 1;
      return downloads[url] ?? null;
    },
  };
  return { client, stats };
}

/** Answers a batch query from a table of repository nodes (null: not visible). */
export function answerBatch(
  nodes: Record<string, OverviewRepositoryData | null>,
  variables: Record<string, unknown>,
): QueryResult<unknown> {
  const data: Record<string, OverviewRepositoryData | null> = {};
  const problems: QueryResult<unknown>["problems"] = [];
  for (let index = 0; `owner${index}` in variables; index++) {
    const full = `${variables[`owner${index}`]}/${variables[`name${index}`]}`;
    const node = nodes[full] ?? null;
    data[`r${index}`] = node;
    if (!node) {
      problems.push({
        type: "NOT_FOUND",
        message: `Could not resolve to a Repository with the name '${full}'.`,
        path: [`r${index}`],
      });
    }
  }
  return { data, problems };
}

/** An overview card on plain data: counts per status, the newest tag's, when it was pushed. */
export function overviewItem(
  repository: string,
  partial: { counts?: Partial<Record<TagStatus, number>>; latest?: TagStatus; pushedDays: number },
): RepositoryOverviewItem {
  const counts = Object.fromEntries(
    TAG_STATUSES.map((status) => [status, partial.counts?.[status] ?? 0]),
  ) as Record<TagStatus, number>;
  const worst =
    TAG_STATUSES.find((status) => status !== "healthy" && counts[status] > 0) ?? "healthy";
  const [owner = "", name = ""] = repository.split("/");
  return {
    repository,
    owner,
    name,
    url: `https://github.com/${repository}`,
    isPrivate: false,
    isArchived: false,
    pushedAt: ago(partial.pushedDays),
    latestTag: "v1",
    latestTagStatus: partial.latest ?? "healthy",
    latestRelease: null,
    judged: 5,
    totalTags: 5,
    counts,
    flagged: TAG_STATUSES.filter(
      (status) => status !== "healthy" && status !== "run-pending",
    ).reduce((sum, status) => sum + counts[status], 0),
    worst,
    pending: counts["run-pending"] > 0,
  };
}
