/** A repository's REST path, `/repos/{owner}/{repo}`: the one place that builds it. */
export function repoPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** A file or branch path in a REST URL: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
