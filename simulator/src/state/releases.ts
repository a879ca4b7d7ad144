import { BOT, type Release, type Repo, type Run } from "./model";
import { createReleaseRecord } from "./publish";
import { createRun } from "./runs";
import { releaseActivities } from "./workflow-rules";
import type { World } from "./world";

// Releases made or published by a person: with personal credentials they fire `on: release`
// workflows, one run per activity type the workflow lists.

/** A release created by someone; with personal credentials it fires `on: release` workflows. */
export function createRelease(
  world: World,
  repo: Repo,
  options: {
    tag: string;
    by: string;
    withGithubToken: boolean;
    draft?: boolean;
    prerelease?: boolean;
    at: number;
    history: boolean;
  },
): { release: Release; runs: Run[] } {
  const tag = repo.tags.get(options.tag);
  if (!tag) throw new Error(`${repo.owner}/${repo.name}: no tag ${options.tag}`);
  const author = options.withGithubToken ? BOT.login : options.by;
  const release = createReleaseRecord(world, repo, {
    tag: options.tag,
    author,
    draft: options.draft ?? false,
    prerelease: options.prerelease ?? options.tag.includes("-"),
    at: options.at,
  });
  const runs = startReleaseRuns(world, repo, release, "create", {
    actor: author,
    withGithubToken: options.withGithubToken,
    at: options.at,
    history: options.history,
  });
  return { release, runs };
}

/** Publishes a draft release; with personal credentials it fires `published` and `released`/`prereleased`. */
export function publishRelease(
  world: World,
  repo: Repo,
  options: { tag: string; by: string; withGithubToken: boolean; at: number; history: boolean },
): Run[] {
  const release = repo.releases.find((candidate) => candidate.tagName === options.tag);
  if (!release?.draft) throw new Error(`${repo.owner}/${repo.name}: no draft for ${options.tag}`);
  const actor = options.withGithubToken ? BOT.login : options.by;
  release.draft = false;
  release.publishedAt = options.at;
  world.addEvent(repo, "ReleaseEvent", actor, options.at, {
    action: "published",
    releaseId: release.id,
  });
  return startReleaseRuns(world, repo, release, "publish", { ...options, actor });
}

/**
 * `on: release`: one run per activity type the action fires and the workflow lists (a bare
 * `on: release` runs once for each). Made with GITHUB_TOKEN: none.
 */
function startReleaseRuns(
  world: World,
  repo: Repo,
  release: Release,
  action: "create" | "publish",
  options: { actor: string; withGithubToken: boolean; at: number; history: boolean },
): Run[] {
  const runs: Run[] = [];
  const tag = repo.tags.get(release.tagName);
  if (options.withGithubToken || !tag) return runs;
  const commit = world.peel(repo, tag.targetSha, tag.targetType);
  for (const activity of releaseActivities(action, release)) {
    for (const file of world.workflowFiles(commit)) {
      if (!file.triggers.release?.includes(activity)) continue;
      const workflow = world.workflowByPath(repo, file.path);
      if (workflow?.state !== "active") continue;
      runs.push(
        createRun(world, repo, workflow, {
          event: "release",
          headBranch: release.tagName,
          headSha: commit.sha,
          actor: options.actor,
          branch: null,
          tag: release.tagName,
          at: options.at,
          history: options.history,
        }),
      );
    }
  }
  return runs;
}
