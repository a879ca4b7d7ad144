import { MARK_FIELDS, type MarkNode, type RepositoryMark, toMark } from "./repository-changes";
import {
  type RepositoryData,
  repositorySelection,
  SHARED_FRAGMENTS,
  TAG_COMMIT_FRAGMENT,
  TAGS_PER_PAGE,
} from "./repository-health";

// Watch mode's full read of one repository in one round trip: what the repository page reads (its
// newest tags with runs and workflow files, its releases), the mark the cheap pass compares
// (repository-changes.ts), and the open issues carrying tagwatch's label.

/** An open issue carrying tagwatch's label (the caller keeps the one with tagwatch's marker). */
export type OpenIssue = { number: number; url: string; body: string };

// The tracking issue is found by label through GraphQL: the search API has its own, much smaller
// rate limits.
export const WATCH_REPOSITORY_QUERY = /* GraphQL */ `
  query WatchRepository($owner: String!, $name: String!, $labels: [String!]) {
    repository(owner: $owner, name: $name) {
      ...MarkFields
      ${repositorySelection({ tags: `first: ${TAGS_PER_PAGE}`, releases: 100, commit: "TagCommit" })}
      trackingIssues: issues(
        states: OPEN
        labels: $labels
        first: 100
        orderBy: { field: CREATED_AT, direction: ASC }
      ) {
        nodes { number url body }
      }
    }
  }
  ${TAG_COMMIT_FRAGMENT}
  ${SHARED_FRAGMENTS}
  ${MARK_FIELDS}
`;

type WatchRepositoryData = RepositoryData &
  MarkNode & {
    trackingIssues: { nodes: (OpenIssue | null)[] | null };
  };

export type WatchRepositoryOperation = {
  data: { repository: WatchRepositoryData | null };
  variables: { owner: string; name: string; labels: string[] };
};

/** The parts of a full read: the repository (for toRepositorySnapshot), its mark, its labelled open issues. */
export function toWatchRead(repository: WatchRepositoryData): {
  repository: RepositoryData;
  mark: RepositoryMark;
  openIssues: OpenIssue[];
} {
  return {
    repository,
    mark: toMark(repository),
    openIssues: (repository.trackingIssues.nodes ?? []).flatMap((node) => (node ? [node] : [])),
  };
}
