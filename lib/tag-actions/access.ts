import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/health/types";

// THE rule of who may change something in a repository (dispatch, re-run, enable a workflow, open
// a pull request): write access or more, and the repository not archived. The page hides what the
// rule refuses; the server refuses it again with the same rule.

const WRITE_PERMISSIONS: ReadonlySet<string> = new Set<Permission>(["ADMIN", "MAINTAIN", "WRITE"]);

/** What the rule reads about a repository: its health, its JSON, or a snapshot. */
export type RepositoryAccess = {
  /** "owner/name" */
  repository: string;
  isArchived: boolean;
  viewerPermission: Permission | null;
};

/** Whether a permission level may write (ADMIN, MAINTAIN, WRITE). */
export function canWrite(permission: string | null | undefined): boolean {
  return permission !== null && permission !== undefined && WRITE_PERMISSIONS.has(permission);
}

/** Whether the viewer may change anything in the repository. */
export function mayWrite(access: {
  isArchived?: boolean;
  viewerPermission?: string | null;
}): boolean {
  return !access.isArchived && canWrite(access.viewerPermission);
}

/**
 * Why the viewer may not do it (`doing`: "dispatching", "re-running", ...); null when they may.
 * `archived` ends the sentence for an archived repository ("nothing can change there").
 */
export function writeRefusal(
  access: RepositoryAccess,
  doing: string,
  archived: string,
): string | null {
  const { repository, viewerPermission } = access;
  if (access.isArchived) return `${repository} is archived: ${archived}.`;
  if (viewerPermission === null) {
    return `tagwatch could not tell your access to ${repository}; ${doing} needs write access.`;
  }
  if (!canWrite(viewerPermission)) {
    return `You have ${viewerPermission.toLowerCase()} access to ${repository}; ${doing} needs write access.`;
  }
  return null;
}

/** Throws writeRefusal's reason as a 403. */
export function assertCanWrite(access: RepositoryAccess, doing: string, archived: string): void {
  const refusal = writeRefusal(access, doing, archived);
  if (refusal) throw new AppError("forbidden", refusal);
}
