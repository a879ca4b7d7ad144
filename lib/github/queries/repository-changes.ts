// Watch mode's cheap pass: up to 100 repositories per query by their node ids, with only the
// fields that move when something happens to their tags or releases (the last push, the newest
// tags by TAG_COMMIT_DATE, the newest releases by CREATED_AT with their state and asset counts)
// and the installation's GraphQL budget. The full read (watch-repository.ts) reports the same
// fields, so a repository nothing happened to compares equal.

/** Tags and releases the mark covers: enough to see a new tag, release, publication or upload. */
export const MARK_TAGS = 5;
export const MARK_RELEASES = 5;
/** GitHub's limit on `nodes(ids:)`. */
export const MAX_NODE_IDS = 100;

/** What a repository looks like to the cheap pass; equal marks mean nothing moved. */
export type RepositoryMark = {
  nodeId: string;
  databaseId: number | null;
  fullName: string;
  archived: boolean;
  pushedAt: string | null;
  tagCount: number;
  newestTags: string[];
  releaseCount: number;
  /** `tag draft prerelease publishedAt assetCount` of the newest releases. */
  newestReleases: string[];
};

export const MARK_FIELDS = /* GraphQL */ `
  fragment MarkFields on Repository {
    id
    databaseId
    nameWithOwner
    isArchived
    pushedAt
    markTags: refs(refPrefix: "refs/tags/", first: ${MARK_TAGS}, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
      totalCount
      nodes { name }
    }
    markReleases: releases(first: ${MARK_RELEASES}, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      nodes { tagName isDraft isPrerelease publishedAt releaseAssets(first: 1) { totalCount } }
    }
  }
`;

export const REPOSITORY_CHANGES_QUERY = /* GraphQL */ `
  query RepositoryChanges($ids: [ID!]!) {
    rateLimit { limit cost remaining resetAt }
    nodes(ids: $ids) { __typename ...MarkFields }
  }
  ${MARK_FIELDS}
`;

export type MarkNode = {
  id: string;
  databaseId: number | null;
  nameWithOwner: string;
  isArchived: boolean;
  pushedAt: string | null;
  markTags: { totalCount: number; nodes: ({ name: string } | null)[] | null } | null;
  markReleases: {
    totalCount: number;
    nodes:
      | ({
          tagName: string;
          isDraft: boolean;
          isPrerelease: boolean;
          publishedAt: string | null;
          releaseAssets: { totalCount: number };
        } | null)[]
      | null;
  };
};

export type RateLimitNode = { limit: number; cost: number; remaining: number; resetAt: string };

export type RepositoryChangesOperation = {
  data: {
    rateLimit: RateLimitNode | null;
    nodes: (({ __typename: "Repository" } & MarkNode) | { __typename: string } | null)[];
  };
  variables: { ids: string[] };
};

/** A repository's mark from the MarkFields of an answer. */
export function toMark(node: MarkNode): RepositoryMark {
  return {
    nodeId: node.id,
    databaseId: node.databaseId,
    fullName: node.nameWithOwner,
    archived: node.isArchived,
    pushedAt: node.pushedAt,
    tagCount: node.markTags?.totalCount ?? 0,
    newestTags: (node.markTags?.nodes ?? []).flatMap((tag) => (tag ? [tag.name] : [])),
    releaseCount: node.markReleases.totalCount,
    newestReleases: (node.markReleases.nodes ?? []).flatMap((release) =>
      release
        ? [
            [
              release.tagName,
              release.isDraft ? "draft" : "published",
              release.isPrerelease ? "prerelease" : "release",
              release.publishedAt ?? "-",
              release.releaseAssets.totalCount,
            ].join(" "),
          ]
        : [],
    ),
  };
}

/** The marks of an answer by node id; ids GitHub did not resolve (gone, hidden) are absent. */
export function toMarks(data: RepositoryChangesOperation["data"]): Map<string, RepositoryMark> {
  const marks = new Map<string, RepositoryMark>();
  for (const node of data.nodes ?? []) {
    if (node?.__typename === "Repository") {
      const mark = toMark(node as MarkNode);
      marks.set(mark.nodeId, mark);
    }
  }
  return marks;
}
