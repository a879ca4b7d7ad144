import type {
  AssetInfo,
  GitActor,
  Permission,
  ReleaseInfo,
  RepositorySnapshot,
  RunConclusion,
  RunStatus,
  TagInfo,
  WorkflowFile,
  WorkflowInfo,
  WorkflowRunInfo,
} from "@/lib/health/types";

// One round trip for a repository page: tags (peeled through annotated tags, up to two levels),
// each tag commit's check suites with their workflow runs and workflow files, recent releases
// with assets, the viewer's permission and tagwatch's own config file.

export const TAGS_PER_PAGE = 25;

/** Fragments shared with the overview, which selects the same data minus per-tag workflow files. */
export const SHARED_FRAGMENTS = /* GraphQL */ `
  fragment WorkflowTree on Tree {
    entries { name path object { ... on Blob { text } } }
  }
  fragment CommitRuns on Commit {
    oid
    committedDate
    url
    author { name email user { login } }
    committer { name email user { login } }
    checkSuites(first: 20) {
      nodes {
        status
        conclusion
        createdAt
        branch { name }
        workflowRun {
          databaseId
          runNumber
          event
          url
          createdAt
          workflow { databaseId name }
          file { path }
        }
      }
    }
  }
  fragment ReleaseFields on Release {
    name
    tagName
    isDraft
    isPrerelease
    isLatest
    createdAt
    publishedAt
    url
    author { login }
    tagCommit { oid }
    releaseAssets(first: 100) {
      totalCount
      nodes { name size downloadCount downloadUrl createdAt }
    }
  }
`;

/**
 * A repository's fields for judging its tags: `tags` are the refs arguments, `commit` the fragment
 * spread on each tag's commit (peeled through up to three annotated tags).
 */
export function repositorySelection(options: {
  tags: string;
  releases: number;
  commit: string;
}): string {
  return /* GraphQL */ `
    name
    owner { login }
    url
    isPrivate
    isArchived
    viewerPermission
    defaultBranchRef { name }
    tagwatchConfig: object(expression: "HEAD:.github/tagwatch.yml") { ... on Blob { text } }
    headWorkflows: object(expression: "HEAD:.github/workflows") { ...WorkflowTree }
    refs(refPrefix: "refs/tags/", ${options.tags}, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        target {
          __typename
          ... on Commit { ...${options.commit} }
          ... on Tag {
            tagger { name email date user { login } }
            target {
              __typename
              ... on Commit { ...${options.commit} }
              ... on Tag { target { __typename ... on Commit { ...${options.commit} } } }
            }
          }
        }
      }
    }
    releases(first: ${options.releases}, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { ...ReleaseFields }
    }
  `;
}

/** A tag's commit as the repository page reads it: its runs and its workflow files. */
export const TAG_COMMIT_FRAGMENT = /* GraphQL */ `
  fragment TagCommit on Commit {
    ...CommitRuns
    workflowFiles: file(path: ".github/workflows") { object { ...WorkflowTree } }
  }
`;

export const REPOSITORY_HEALTH_QUERY = /* GraphQL */ `
  query RepositoryHealth($owner: String!, $name: String!, $tagCount: Int!, $tagCursor: String) {
    repository(owner: $owner, name: $name) {
      ${repositorySelection({ tags: "first: $tagCount, after: $tagCursor", releases: 100, commit: "TagCommit" })}
    }
  }
  ${TAG_COMMIT_FRAGMENT}
  ${SHARED_FRAGMENTS}
`;

type ActorNode = {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
} | null;
type TreeNode = {
  entries: { name: string; path: string; object: { text?: string | null } | null }[] | null;
};

type CommitNode = {
  __typename: "Commit";
  oid: string;
  committedDate: string;
  url: string;
  author: ActorNode;
  committer: ActorNode;
  workflowFiles?: { object: Partial<TreeNode> | null } | null;
  checkSuites: {
    nodes:
      | ({
          status: string;
          conclusion: string | null;
          createdAt: string;
          branch: { name: string } | null;
          workflowRun: {
            databaseId: number | null;
            runNumber: number;
            event: string;
            url: string;
            createdAt: string;
            workflow: { databaseId: number | null; name: string };
            file: { path: string } | null;
          } | null;
        } | null)[]
      | null;
  } | null;
};

type TagNode = {
  __typename: "Tag";
  tagger?: (ActorNode & { date: string | null }) | null;
  target: CommitNode | TagNode | { __typename: "Tree" | "Blob" };
};

type GitObjectNode = CommitNode | TagNode | { __typename: "Tree" | "Blob" };

export type ReleaseNode = {
  name: string | null;
  tagName: string;
  isDraft: boolean;
  isPrerelease: boolean;
  isLatest: boolean;
  createdAt: string;
  publishedAt: string | null;
  url: string;
  author: { login: string } | null;
  tagCommit: { oid: string } | null;
  releaseAssets: {
    totalCount: number;
    nodes: (AssetInfo | null)[] | null;
  };
};

export type RepositoryHealthOperation = {
  data: {
    repository: {
      name: string;
      owner: { login: string };
      url: string;
      isPrivate: boolean;
      isArchived: boolean;
      viewerPermission: Permission | null;
      defaultBranchRef: { name: string } | null;
      tagwatchConfig: { text?: string | null } | null;
      headWorkflows: Partial<TreeNode> | null;
      refs: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: ({ name: string; target: GitObjectNode | null } | null)[] | null;
      } | null;
      releases: { nodes: (ReleaseNode | null)[] | null };
    } | null;
  };
  variables: { owner: string; name: string; tagCount: number; tagCursor: string | null };
};

export type RepositoryData = NonNullable<RepositoryHealthOperation["data"]["repository"]>;

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function toActor(node: ActorNode | undefined): GitActor | null {
  if (!node) return null;
  return { name: node.name, email: node.email, login: node.user?.login ?? null };
}

/** Workflow files of a `.github/workflows` tree; YAML files only. */
export function toWorkflowFiles(tree: Partial<TreeNode> | null | undefined): WorkflowFile[] {
  return (tree?.entries ?? [])
    .filter((entry) => /\.ya?ml$/i.test(entry.name) && typeof entry.object?.text === "string")
    .map((entry) => ({ path: entry.path, text: entry.object?.text ?? "" }));
}

function toRun(
  suite: NonNullable<NonNullable<NonNullable<CommitNode["checkSuites"]>["nodes"]>[number]>,
): WorkflowRunInfo | null {
  const run = suite.workflowRun;
  if (!run?.databaseId) return null;
  return {
    id: run.databaseId,
    runNumber: run.runNumber,
    workflowId: run.workflow.databaseId ?? 0,
    workflowName: run.workflow.name,
    workflowPath: run.file?.path ?? "",
    event: run.event,
    status: suite.status.toLowerCase() as RunStatus,
    conclusion: (suite.conclusion?.toLowerCase() ?? null) as RunConclusion | null,
    branch: suite.branch?.name ?? null,
    url: run.url,
    createdAt: run.createdAt,
  };
}

/** Peels a ref's target down to its commit, keeping the outermost tag's tagger. */
function peel(target: GitObjectNode | null): { commit: CommitNode; tag: TagNode | null } | null {
  let outer: TagNode | null = null;
  let current: GitObjectNode | null = target;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.__typename === "Commit") return { commit: current as CommitNode, tag: outer };
    if (current.__typename !== "Tag") return null;
    const tag = current as TagNode;
    outer ??= tag;
    current = tag.target;
  }
  return null;
}

/** Reshapes the tags of the query into app types; tags pointing at trees or blobs are skipped. */
export function toTags(repository: RepositoryData): TagInfo[] {
  return (repository.refs?.nodes ?? []).filter(present).flatMap((ref) => {
    const peeled = peel(ref.target);
    if (!peeled) return [];
    const { commit, tag } = peeled;
    const tagInfo: TagInfo = {
      name: ref.name,
      commitOid: commit.oid,
      commitUrl: commit.url,
      commitDate: commit.committedDate,
      annotated: tag !== null,
      tagger: toActor(tag?.tagger),
      taggedAt: tag?.tagger?.date ?? null,
      commitAuthor: toActor(commit.author),
      commitCommitter: toActor(commit.committer),
      runs: (commit.checkSuites?.nodes ?? []).filter(present).map(toRun).filter(present),
      // Absent from a lighter selection: unknown (null). Present but null: the commit has no workflows.
      workflowFiles:
        commit.workflowFiles === undefined
          ? null
          : commit.workflowFiles
            ? toWorkflowFiles(commit.workflowFiles.object)
            : [],
    };
    return [tagInfo];
  });
}

/** Reshapes a release node into the app's release type. */
export function toRelease(node: ReleaseNode): ReleaseInfo {
  return {
    name: node.name,
    tagName: node.tagName,
    url: node.url,
    isDraft: node.isDraft,
    isPrerelease: node.isPrerelease,
    isLatest: node.isLatest,
    createdAt: node.createdAt,
    publishedAt: node.publishedAt,
    author: node.author?.login ?? null,
    tagCommitOid: node.tagCommit?.oid ?? null,
    assets: (node.releaseAssets.nodes ?? []).filter(present),
    assetCount: node.releaseAssets.totalCount,
  };
}

/** The repository's releases in the app's shape, newest first. */
export function toReleases(repository: RepositoryData): ReleaseInfo[] {
  return (repository.releases.nodes ?? []).filter(present).map(toRelease);
}

/** The snapshot lib/health judges; `workflows` comes from REST (null when not fetched). */
export function toRepositorySnapshot(
  repository: RepositoryData,
  workflows: WorkflowInfo[] | null,
): RepositorySnapshot {
  return {
    owner: repository.owner.login,
    name: repository.name,
    url: repository.url,
    isPrivate: repository.isPrivate,
    isArchived: repository.isArchived,
    defaultBranch: repository.defaultBranchRef?.name ?? null,
    viewerPermission: repository.viewerPermission,
    tags: toTags(repository),
    totalTags: repository.refs?.totalCount ?? 0,
    nextTagsCursor: repository.refs?.pageInfo.hasNextPage
      ? repository.refs.pageInfo.endCursor
      : null,
    releases: toReleases(repository),
    headWorkflowFiles: toWorkflowFiles(repository.headWorkflows),
    workflows,
    tagwatchConfig: repository.tagwatchConfig?.text ?? null,
    manifests: {},
  };
}

/** Whether any run on a tag's commit is still queued or running (caches expire sooner then). */
export function hasPendingRun(snapshot: RepositorySnapshot): boolean {
  return snapshot.tags.some((tag) => tag.runs.some((run) => run.status !== "completed"));
}
