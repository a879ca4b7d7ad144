import {
  type RepositoryHealthOperation,
  repositorySelection,
  SHARED_FRAGMENTS,
} from "./repository-health";

// Release history (lib/history): the repository page's selection over the 100 newest tags and
// the 100 newest releases, without each tag's workflow files (like the overview), in one request.
// GitHub's cost: refs + 100 x checkSuites + releases + 100 x releaseAssets = 202 nodes / 100 = 2.

export const HISTORY_TAG_COUNT = 100;
export const HISTORY_RELEASE_COUNT = 100;

export const REPOSITORY_HISTORY_QUERY = /* GraphQL */ `
  query RepositoryHistory($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ${repositorySelection({ tags: `first: ${HISTORY_TAG_COUNT}`, releases: HISTORY_RELEASE_COUNT, commit: "CommitRuns" })}
    }
  }
  ${SHARED_FRAGMENTS}
`;

export type RepositoryHistoryOperation = {
  data: RepositoryHealthOperation["data"];
  variables: { owner: string; name: string };
};
