import {
  BOT,
  checksumsContent,
  contentTypeOf,
  expandTemplate,
  nodeId,
  type Release,
  type Repo,
  type RunEffect,
  sha1,
} from "./model";
import type { World } from "./world";

// What a release workflow leaves behind when its run succeeds: the tag it pushes itself, the
// release and its assets, all made with GITHUB_TOKEN (so they start no workflow). Also the
// `release` events and files a person uploads by hand.

/**
 * A tag a run pushes itself (release bots, `git push origin $VERSION`): lightweight, made with
 * GITHUB_TOKEN by github-actions[bot], so it starts no workflow. An existing tag is left alone.
 */
export function createTagInRun(
  world: World,
  repo: Repo,
  name: string,
  sha: string,
  at: number,
): void {
  if (repo.tags.has(name)) return;
  repo.tags.set(name, { name, targetType: "commit", targetSha: sha, createdAt: at });
  repo.pushedAt = Math.max(repo.pushedAt, at);
  world.addEvent(repo, "CreateEvent", BOT.login, at, {
    ref: name,
    ref_type: "tag",
    master_branch: repo.defaultBranch,
  });
}

/**
 * What a successful release run publishes: the tag it creates, the release (or publishes its draft
 * when the run completes one) and the planned assets not uploaded yet (history may skip some).
 */
export function applyEffect(world: World, repo: Repo, effect: RunEffect, at: number): void {
  const { behaviour, tag } = effect;
  if (effect.createTagAt) createTagInRun(world, repo, tag, effect.createTagAt, at - 60_000);
  let release = repo.releases.find((candidate) => candidate.tagName === tag);
  if (!release) {
    if (!behaviour.createRelease && !effect.complete) return;
    const prerelease =
      effect.prerelease ??
      (behaviour.prerelease === "auto" ? tag.includes("-") : behaviour.prerelease);
    // Made with GITHUB_TOKEN: authored by github-actions[bot], fires no `on: release` workflows.
    release = createReleaseRecord(world, repo, {
      tag,
      author: BOT.login,
      draft: effect.draft,
      prerelease,
      at,
    });
  } else if (effect.complete && release.draft) {
    release.draft = false;
    release.publishedAt = at;
    emitPublished(world, repo, release, BOT.login);
    world.addEvent(repo, "ReleaseEvent", BOT.login, at, {
      action: "published",
      releaseId: release.id,
    });
  }
  const names = [...behaviour.assets, ...effect.extraAssets].map((template) =>
    expandTemplate(template, repo.name, tag),
  );
  for (const name of names) if (!release.planned.includes(name)) release.planned.push(name);
  release.checksums ??= behaviour.checksums;
  const uploads = [...release.planned, ...(release.checksums ? [release.checksums] : [])];
  for (const name of uploads) {
    if (
      effect.skipUploads.map((template) => expandTemplate(template, repo.name, tag)).includes(name)
    )
      continue;
    if (release.assets.some((asset) => asset.name === name)) continue;
    const id = world.nextId("asset");
    const size =
      name === release.checksums
        ? Buffer.byteLength(checksumsContent(repo, release))
        : 1_000_000 + (Number.parseInt(sha1(name).slice(0, 6), 16) % 9_000_000);
    release.assets.push({
      id,
      nodeId: nodeId("ReleaseAsset", id),
      name,
      size,
      contentType: contentTypeOf(name),
      downloadCount: 0,
      createdAt: at,
      uploader: BOT.login,
    });
  }
}

/** Stores a release and fires its `release` events (`created`; `published` and more when public). */
export function createReleaseRecord(
  world: World,
  repo: Repo,
  options: {
    tag: string;
    author: string;
    draft: boolean;
    prerelease: boolean;
    at: number;
    name?: string;
  },
): Release {
  const id = world.nextId("release");
  const release: Release = {
    id,
    nodeId: nodeId("Release", id),
    tagName: options.tag,
    name: options.name ?? options.tag,
    body: `Release ${options.tag}`,
    draft: options.draft,
    prerelease: options.prerelease,
    createdAt: options.at,
    publishedAt: options.draft ? null : options.at,
    author: options.author,
    planned: [],
    checksums: null,
    assets: [],
  };
  repo.releases.push(release);
  world.emit({ kind: "release", repo, release, action: "created", actor: options.author });
  if (!options.draft) emitPublished(world, repo, release, options.author);
  if (!options.draft)
    world.addEvent(repo, "ReleaseEvent", options.author, options.at, {
      action: "published",
      releaseId: id,
    });
  return release;
}

/** GitHub's `release` webhook actions for a release becoming public. */
export function emitPublished(world: World, repo: Repo, release: Release, actor: string): void {
  world.emit({ kind: "release", repo, release, action: "published", actor });
  const action = release.prerelease ? "prereleased" : "released";
  world.emit({ kind: "release", repo, release, action, actor });
}

/** Files a person uploads to a release by hand (web UI or API); they start no workflow. */
export function uploadAssets(
  world: World,
  release: Release,
  names: string[],
  by: string,
  at: number,
): void {
  for (const name of names) {
    if (release.assets.some((asset) => asset.name === name)) continue;
    const id = world.nextId("asset");
    release.assets.push({
      id,
      nodeId: nodeId("ReleaseAsset", id),
      name,
      size: 1_000_000 + (Number.parseInt(sha1(name).slice(0, 6), 16) % 9_000_000),
      contentType: contentTypeOf(name),
      downloadCount: 0,
      createdAt: at,
      uploader: by,
    });
  }
}
