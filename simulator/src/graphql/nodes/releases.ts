import { downloadUrl, iso, type Release, type Repo } from "../../state/model";
import { type Args, connection } from "../connection";
import type { Graph } from "../graph";

// `Release` and its `releaseAssets` (GraphQL has no `Release.assets`).

export function releaseNode(g: Graph, repo: Repo, release: Release) {
  const latest = g.world.latestRelease(repo);
  const tag = repo.tags.get(release.tagName);
  const path = `/${repo.owner}/${repo.name}/releases/tag/${encodeURIComponent(release.tagName)}`;
  return {
    __typename: "Release",
    id: release.nodeId,
    databaseId: release.id,
    name: release.name,
    tagName: release.tagName,
    description: release.body,
    descriptionHTML: `<p>${release.body}</p>`,
    shortDescriptionHTML: () => `<p>${release.body}</p>`,
    isDraft: release.draft,
    isPrerelease: release.prerelease,
    isLatest: latest?.id === release.id,
    createdAt: iso(release.createdAt),
    updatedAt: iso(Math.max(release.createdAt, ...release.assets.map((asset) => asset.createdAt))),
    publishedAt: release.publishedAt === null ? null : iso(release.publishedAt),
    url: `${g.base}${path}`,
    resourcePath: path,
    author: () => g.user(release.author),
    repository: () => g.repository(repo),
    tag: () => (tag ? g.ref(repo, "refs/tags/", release.tagName) : null),
    tagCommit: () =>
      tag ? g.commit(repo, g.world.peel(repo, tag.targetSha, tag.targetType)) : null,
    releaseAssets: (args: Args) => {
      const assets =
        typeof args.name === "string"
          ? release.assets.filter((asset) => asset.name === args.name)
          : release.assets;
      return connection(assets, args, (asset) => ({
        __typename: "ReleaseAsset",
        id: asset.nodeId,
        name: asset.name,
        size: asset.size,
        downloadCount: asset.downloadCount,
        contentType: asset.contentType,
        createdAt: iso(asset.createdAt),
        updatedAt: iso(asset.createdAt),
        downloadUrl: downloadUrl(g.base, repo, release.tagName, asset.name),
        url: downloadUrl(g.base, repo, release.tagName, asset.name),
        uploadedBy: () => g.user(asset.uploader),
        release: () => releaseNode(g, repo, release),
      }));
    },
    mentions: (args: Args) => connection([], args, () => null),
    reactions: (args: Args) => connection([], args, () => null),
    reactionGroups: [],
    viewerCanReact: false,
  };
}
