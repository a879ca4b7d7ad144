import { installationFor } from "../state/apps";
import { BOT, type PushReport, type Repo } from "../state/model";
import { push } from "../state/push";
import type { World } from "../state/world";
import { escapeHtml } from "./html";

// Extras on the simulator's repository page for watch mode: which Apps watch it, its open
// issues, and a button that pushes the next tag as github-actions[bot] (GITHUB_TOKEN: no run
// starts), the failure tagwatch exists to notice.

/** The tag after the highest `vX.Y.Z` (patch bump); `v0.1.0` when there is none. */
export function nextTag(repo: Repo): string {
  let best: [number, number, number] | null = null;
  let prefix = "v";
  for (const name of repo.tags.keys()) {
    const match = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(name);
    if (!match) continue;
    const version: [number, number, number] = [
      Number(match[2]),
      Number(match[3]),
      Number(match[4]),
    ];
    if (
      !best ||
      version[0] > best[0] ||
      (version[0] === best[0] &&
        (version[1] > best[1] || (version[1] === best[1] && version[2] > best[2])))
    ) {
      best = version;
      prefix = match[1] ?? "";
    }
  }
  if (!best) return "v0.1.0";
  let candidate = `${prefix}${best[0]}.${best[1]}.${best[2] + 1}`;
  while (repo.tags.has(candidate)) {
    best[2] += 1;
    candidate = `${prefix}${best[0]}.${best[1]}.${best[2] + 1}`;
  }
  return candidate;
}

/** Pushes a release commit and the next tag with GITHUB_TOKEN, as a bump workflow would. */
export function pushNextBotTag(world: World, repo: Repo): PushReport {
  const tag = nextTag(repo);
  const version = tag.replace(/^v/, "");
  return push(world, repo, {
    by: BOT.login,
    withGithubToken: true,
    at: world.now() - 30_000,
    commit: { message: `chore(release): ${version}`, files: { VERSION: `${version}\n` } },
    tags: [tag],
    annotated: true,
    tagMessage: version,
    history: false,
  });
}

/** HTML appended to the repository page. */
export function repoPageExtras(world: World, repo: Repo): string {
  const apps = [...world.apps.values()].filter((app) => installationFor(world, app, repo));
  const issues = world.issues.issues(repo).filter((issue) => issue.state === "open");
  const query = `owner=${encodeURIComponent(repo.owner)}&repo=${encodeURIComponent(repo.name)}`;
  return `
<h2>Watch mode</h2>
<p>${
    apps.length
      ? `Watched by ${apps.map((app) => `<a href="/apps/${escapeHtml(app.slug)}">${escapeHtml(app.name)}</a>`).join(", ")}.`
      : "No GitHub App is installed on this repository."
  }</p>
<form method="post" action="/_simulator/push-next-tag?${query}&amp;return=page">
<button type="submit">Push ${escapeHtml(nextTag(repo))} as github-actions[bot]</button>
</form>
<p class="note">Pushed with GITHUB_TOKEN, so no workflow starts. What tagwatch posts to chat shows in the <a href="/_simulator/sink">message sink</a>.</p>
<h2>Open issues</h2>
${
  issues.length
    ? `<ul>${issues
        .map(
          (issue) =>
            `<li><a href="/${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}/issues/${issue.number}">#${issue.number} ${escapeHtml(issue.title)}</a>${issue.labels.map((label) => ` <code>${escapeHtml(label)}</code>`).join("")}</li>`,
        )
        .join("")}</ul>`
    : "<p>No open issues.</p>"
}`;
}

/** HTML of one issue (`/<owner>/<repo>/issues/<n>`), or null. */
export function issuePage(world: World, repo: Repo, number: number): string | null {
  const issue = world.issues.issue(repo, number);
  if (!issue) return null;
  return `<h2>#${issue.number} ${escapeHtml(issue.title)} <small>(${issue.state})</small></h2>
<p class="note">${issue.labels.map((label) => `<code>${escapeHtml(label)}</code>`).join(" ")} opened by ${escapeHtml(issue.author)}</p>
<pre style="white-space:pre-wrap">${escapeHtml(issue.body ?? "")}</pre>
${issue.comments
  .map(
    (comment) =>
      `<hr><p class="note">${escapeHtml(comment.author)}</p><pre style="white-space:pre-wrap">${escapeHtml(comment.body)}</pre>`,
  )
  .join("")}`;
}
