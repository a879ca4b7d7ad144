import { looksLikeJwt } from "../state/app-auth";
import type { World } from "../state/world";
import type { RestResponse } from "./context";

// Renamed and transferred repositories, as GitHub's REST API serves them: the old name answers
// 301 (GET, HEAD) or 307 (other methods) to `/repositories/{id}/...`, which is served like the
// repository's current `/repos/{owner}/{name}/...`.

const REDIRECT_DOCS =
  "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects";

/**
 * A redirect for a repository's old name, or the path `/repositories/{id}/...` stands for; null
 * when the path is neither (or names nothing the token may know of).
 */
export function movedRepository(
  world: World,
  api: string,
  method: string,
  path: string,
  search: string,
  token: string | null,
): { redirect: RestResponse } | { path: string } | null {
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (byId) {
    const repo = world.repoById(Number(byId[1]));
    return repo ? { path: `/repos/${repo.owner}/${repo.name}${byId[2] ?? ""}` } : null;
  }
  const byName = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (!byName) return null;
  const [owner, name] = [decodeURIComponent(byName[1] ?? ""), decodeURIComponent(byName[2] ?? "")];
  if (world.repo(owner, name)) return null;
  const repo = world.movedRepo(owner, name);
  if (!repo) return null;
  // A private repository's old name tells nothing to those who cannot see it.
  const login = token ? world.tokens.get(token)?.login : undefined;
  const visible =
    !repo.private || (token && looksLikeJwt(token)) || world.canSee(repo, login ?? null);
  if (!visible) return null;
  const location = `${api}/repositories/${repo.id}${byName[3] ?? ""}${search}`;
  const get = method === "GET" || method === "HEAD";
  return {
    redirect: {
      status: get ? 301 : 307,
      body: {
        message: get ? "Moved Permanently" : "Temporary Redirect",
        url: location,
        documentation_url: REDIRECT_DOCS,
      },
      headers: { location },
    },
  };
}
