// The open issues carrying tagwatch's label, through GraphQL (the search API has its own, much
// smaller rate limits). The caller keeps those whose body has tagwatch's marker.

export const TRACKING_ISSUES_QUERY = /* GraphQL */ `
  query TrackingIssues($owner: String!, $name: String!, $labels: [String!]) {
    repository(owner: $owner, name: $name) {
      issues(
        states: OPEN
        labels: $labels
        first: 100
        orderBy: { field: CREATED_AT, direction: ASC }
      ) {
        nodes {
          number
          url
          body
        }
      }
    }
  }
`;

export type TrackingIssuesOperation = {
  data: {
    repository: {
      issues: { nodes: ({ number: number; url: string; body: string } | null)[] | null };
    } | null;
  };
  variables: { owner: string; name: string; labels: string[] };
};

export type OpenIssue = { number: number; url: string; body: string };

/** The issues of a repository's answer, oldest first, without GitHub's nulls. */
export function toOpenIssues(data: TrackingIssuesOperation["data"]): OpenIssue[] {
  return (data.repository?.issues.nodes ?? []).flatMap((node) => (node ? [node] : []));
}
