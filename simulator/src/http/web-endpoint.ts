import { artifactContent, checksumsContent } from "../state/model";
import { escapeHtml } from "../web/html";
import { avatarSvg } from "../web/oauth";
import { issuePage, repoPageExtras } from "../web/repo-page";
import { htmlPageReply, type Reply } from "./reply";
import type { SimulatorState } from "./simulator-state";

/** The web host: App pages, avatars, release downloads and small repository pages. */
export function webEndpoint(
  sim: SimulatorState,
  method: string,
  url: URL,
  token: string | null,
  body = "",
): Reply {
  const appPage = sim.manifests.web(sim.world, method, url, body);
  if (appPage) return appPage;
  if (method !== "GET" && method !== "HEAD")
    return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
  const segments = url.pathname
    .split("/")
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  if (segments[0] === "avatars" && segments.length === 2 && segments[1]?.endsWith(".svg")) {
    return {
      status: 200,
      headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
      body: avatarSvg(segments[1].slice(0, -4)),
    };
  }
  const viewer = token ? (sim.world.tokens.get(token)?.login ?? null) : null;
  if (segments.length === 0) {
    return htmlPageReply(
      200,
      "GitHub simulator",
      `<h1>GitHub simulator</h1><p>Scenario <code>${escapeHtml(sim.scenario)}</code>.</p>`,
    );
  }
  const [owner, name, ...rest] = segments as [string, string | undefined, ...string[]];
  if (!name) {
    const account = sim.world.accounts.get(owner.toLowerCase());
    if (!account && owner !== "apps") return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
    return htmlPageReply(
      200,
      owner,
      `<h1>${escapeHtml(account?.name ?? owner)}</h1><p>${escapeHtml(owner)} on the GitHub simulator.</p>`,
    );
  }
  const repo = sim.world.repo(owner, name);
  // Web pages and downloads of private repositories need a token here (no browser session).
  if (!repo || (repo.private && !sim.world.canSee(repo, viewer)))
    return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
  if (rest[0] === "releases" && rest[1] === "download" && rest.length === 4) {
    const [, , tag, file] = rest as [string, string, string, string];
    const release = sim.world
      .visibleReleases(repo, viewer)
      .find((candidate) => candidate.tagName === tag);
    const asset = release?.assets.find((candidate) => candidate.name === file);
    if (!release || !asset) return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
    if (method === "GET") asset.downloadCount += 1;
    const content =
      file === release.checksums
        ? checksumsContent(repo, release)
        : artifactContent(repo, tag, file);
    return {
      status: 200,
      headers: {
        "content-type": asset.contentType,
        "content-disposition": `attachment; filename=${file}`,
      },
      body: content,
    };
  }
  const issue =
    rest[0] === "issues" && rest.length === 2 ? issuePage(sim.world, repo, Number(rest[1])) : null;
  const title = `${repo.owner}/${repo.name}${rest.length ? ` · ${rest.join("/")}` : ""}`;
  return htmlPageReply(
    200,
    title,
    `<h1><a href="/${escapeHtml(repo.owner)}">${escapeHtml(repo.owner)}</a> / <a href="/${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}">${escapeHtml(repo.name)}</a></h1>
<p>${escapeHtml(rest.join("/") || repo.description)}</p><p class="note">A page of the GitHub simulator.</p>${
      rest.length === 0 ? repoPageExtras(sim.world, repo) : (issue ?? "")
    }`,
  );
}
