import type { Permission } from "@/lib/health/types";

// What the viewer may do in a repository, read fresh (never from a cache) where it decides who may
// hand out something, such as a badge link.

export const REPOSITORY_ACCESS_QUERY = /* GraphQL */ `
  query RepositoryAccess($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      nameWithOwner
      isPrivate
      viewerPermission
    }
  }
`;

export type RepositoryAccessOperation = {
  data: {
    repository: {
      nameWithOwner: string;
      isPrivate: boolean;
      viewerPermission: Permission | null;
    } | null;
  };
  variables: { owner: string; name: string };
};
