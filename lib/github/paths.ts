/** A repository's REST path, `/repos/{owner}/{repo}`: the one place that builds it. */
export function repoPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
