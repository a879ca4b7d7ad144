import { type RepositoryData, repositorySelection, SHARED_FRAGMENTS } from "./repository-health";

// The overview pages (`/` and `/{owner}`): a query lists the repositories, 100 a page, then batches of
// aliased `repository(...)` fields fetch a lighter version of the repository page's selection
// (10 newest tags without their workflow files, 20 newest releases) for many repositories at once.

export const OVERVIEW_TAG_COUNT = 10;
export const OVERVIEW_RELEASE_COUNT = 20;

const LISTED_REPOSITORY_FIELDS = /* GraphQL */ `
  fragment ListedRepository on Repository {
    name
    owner { login }
    isPrivate
    isArchived
    pushedAt
    tags: refs(refPrefix: "refs/tags/", first: 1) { totalCount }
    releases(first: 1) { totalCount }
  }
`;

/** The signed-in user's repositories: owned, as a collaborator and through organisations. */
export const VIEWER_REPOSITORIES_QUERY = /* GraphQL */ `
  query ViewerRepositories($after: String) {
    viewer {
      login
      repositories(
        first: 100
        after: $after
        ownerAffiliations: [OWNER, COLLABORATOR, ORGANIZATION_MEMBER]
        affiliations: [OWNER, COLLABORATOR, ORGANIZATION_MEMBER]
        orderBy: { field: PUSHED_AT, direction: DESC }
      ) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...ListedRepository }
      }
    }
  }
  ${LISTED_REPOSITORY_FIELDS}
`;

/** One user's or organisation's own repositories, as far as the viewer can see them. */
export const OWNER_REPOSITORIES_QUERY = /* GraphQL */ `
  query OwnerRepositories($login: String!, $after: String) {
    repositoryOwner(login: $login) {
      __typename
      login
      repositories(
        first: 100
        after: $after
        ownerAffiliations: [OWNER]
        orderBy: { field: PUSHED_AT, direction: DESC }
      ) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ...ListedRepository }
      }
    }
  }
  ${LISTED_REPOSITORY_FIELDS}
`;

// The repository page's selection minus each tag's workflow files, so toTags, toReleases and
// toWorkflowFiles reshape it and lib/health judges it the same way.
const OVERVIEW_REPOSITORY_FIELDS = /* GraphQL */ `
  fragment OverviewRepository on Repository {
    pushedAt
    ${repositorySelection({ tags: `first: ${OVERVIEW_TAG_COUNT}`, releases: OVERVIEW_RELEASE_COUNT, commit: "CommitRuns" })}
  }
  ${SHARED_FRAGMENTS}
`;

export type RepositoryRef = { owner: string; name: string };

/** The alias of the i-th repository of a batch. */
export function batchAlias(index: number): string {
  return `r${index}`;
}

/**
 * A query fetching `count` repositories at once: `r0: repository(owner: $owner0, name: $name0)`...
 * Names travel as variables, never spliced into the query text.
 */
export function buildOverviewBatchQuery(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw new RangeError(`A batch holds 1 to 100 repositories, not ${count}.`);
  }
  const indexes = Array.from({ length: count }, (_, index) => index);
  const variables = indexes
    .map((index) => `$owner${index}: String!, $name${index}: String!`)
    .join(", ");
  const fields = indexes
    .map(
      (index) =>
        `    ${batchAlias(index)}: repository(owner: $owner${index}, name: $name${index}) { ...OverviewRepository }`,
    )
    .join("\n");
  return /* GraphQL */ `
  query RepositoryOverviewBatch(${variables}) {
${fields}
  }
  ${OVERVIEW_REPOSITORY_FIELDS}
`;
}

/** The variables of a batch query for these repositories, in order. */
export function overviewBatchVariables(repositories: RepositoryRef[]): Record<string, string> {
  const variables: Record<string, string> = {};
  repositories.forEach((repository, index) => {
    variables[`owner${index}`] = repository.owner;
    variables[`name${index}`] = repository.name;
  });
  return variables;
}

export type ListedRepositoryNode = {
  name: string;
  owner: { login: string };
  isPrivate: boolean;
  isArchived: boolean;
  pushedAt: string | null;
  tags: { totalCount: number } | null;
  releases: { totalCount: number } | null;
};

export type RepositoryConnection = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (ListedRepositoryNode | null)[] | null;
};

export type ViewerRepositoriesOperation = {
  data: { viewer: { login: string; repositories: RepositoryConnection } };
  variables: { after: string | null };
};

export type OwnerRepositoriesOperation = {
  data: {
    repositoryOwner: {
      __typename: "User" | "Organization";
      login: string;
      repositories: RepositoryConnection;
    } | null;
  };
  variables: { login: string; after: string | null };
};

/** A repository as a batch returns it: the repository page's shape plus its last push. */
export type OverviewRepositoryData = RepositoryData & { pushedAt: string | null };

export type RepositoryOverviewBatchOperation = {
  data: Record<string, OverviewRepositoryData | null | undefined>;
  variables: Record<string, string>;
};

export type ListedRepository = {
  owner: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  pushedAt: string | null;
  tagCount: number;
  releaseCount: number;
};

/** Reshapes a listing into app types, keeping only repositories with tags or releases. */
export function toListedRepositories(
  connection: RepositoryConnection | null | undefined,
): ListedRepository[] {
  return (connection?.nodes ?? []).flatMap((node) => {
    if (!node) return [];
    const tagCount = node.tags?.totalCount ?? 0;
    const releaseCount = node.releases?.totalCount ?? 0;
    if (tagCount === 0 && releaseCount === 0) return [];
    return [
      {
        owner: node.owner.login,
        name: node.name,
        isPrivate: node.isPrivate,
        isArchived: node.isArchived,
        pushedAt: node.pushedAt,
        tagCount,
        releaseCount,
      },
    ];
  });
}
