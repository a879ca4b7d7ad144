import { assertLoopback } from "./http";

// The baseline: what a REST-based dashboard does to show the same thing. List the tags, then per
// tag its runs, its release and that release's assets, one request after another (naive) or with a
// few in flight (fairer). No cache, no conditional requests.

type Tag = { name: string; commit: { sha: string } };
type Release = { id: number };

export type BaselineResult = { ms: number; requests: number; tags: number; errors: number };

export class RestClient {
  requests = 0;
  errors = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  /** GET a REST path; null on 404 (a tag without a release). */
  async get<T>(path: string): Promise<T | null> {
    const url = `${this.apiUrl}${path}`;
    assertLoopback(url);
    this.requests += 1;
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "tagwatch-bench-baseline",
      },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status === 404) return null;
    if (!response.ok) {
      this.errors += 1;
      return null;
    }
    return JSON.parse(text) as T;
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of the list. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    },
  );
  await Promise.all(workers);
}

async function tagDetails(client: RestClient, repoPath: string, tag: Tag): Promise<void> {
  const name = encodeURIComponent(tag.name);
  await client.get(`${repoPath}/actions/runs?branch=${name}&event=push&per_page=100`);
  const release = await client.get<Release>(`${repoPath}/releases/tags/${name}`);
  if (release) await client.get(`${repoPath}/releases/${release.id}/assets?per_page=100`);
}

/** One repository page the REST way: tags, then runs + release + assets per tag. */
export async function baselineRepository(
  apiUrl: string,
  token: string,
  owner: string,
  repo: string,
  concurrency: number,
): Promise<BaselineResult> {
  const client = new RestClient(apiUrl, token);
  const started = performance.now();
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const tags = (await client.get<Tag[]>(`${repoPath}/tags?per_page=100`)) ?? [];
  await pool(tags, concurrency, (tag) => tagDetails(client, repoPath, tag));
  return {
    ms: performance.now() - started,
    requests: client.requests,
    tags: tags.length,
    errors: client.errors,
  };
}

/** One badge the REST way: the tags, then the newest tag's runs, release and assets. */
export async function baselineBadge(
  apiUrl: string,
  token: string,
  owner: string,
  repo: string,
): Promise<BaselineResult> {
  const client = new RestClient(apiUrl, token);
  const started = performance.now();
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const tags = (await client.get<Tag[]>(`${repoPath}/tags?per_page=100`)) ?? [];
  if (tags[0]) await tagDetails(client, repoPath, tags[0]);
  return {
    ms: performance.now() - started,
    requests: client.requests,
    tags: tags.length,
    errors: client.errors,
  };
}

/**
 * The overview the REST way: the viewer's repositories, then per repository its tags and, for the
 * newest tag only, runs + release + assets (a dashboard showing one status per repository).
 */
export async function baselineOverview(
  apiUrl: string,
  token: string,
  concurrency: number,
): Promise<BaselineResult & { repositories: number }> {
  const client = new RestClient(apiUrl, token);
  const started = performance.now();
  const repos =
    (await client.get<{ name: string; owner: { login: string } }[]>(
      "/user/repos?per_page=100&affiliation=owner,collaborator,organization_member&sort=pushed",
    )) ?? [];
  let tagCount = 0;
  await pool(repos, concurrency, async (repo) => {
    const repoPath = `/repos/${encodeURIComponent(repo.owner.login)}/${encodeURIComponent(repo.name)}`;
    const tags = (await client.get<Tag[]>(`${repoPath}/tags?per_page=100`)) ?? [];
    tagCount += tags.length;
    // REST lists tags by name, descending; a dashboard shows the newest.
    const newest = tags[0];
    if (newest) await tagDetails(client, repoPath, newest);
  });
  return {
    ms: performance.now() - started,
    requests: client.requests,
    tags: tagCount,
    errors: client.errors,
    repositories: repos.length,
  };
}
