import "server-only";
import { AppError } from "@/lib/errors";
import type { InstallationClient } from "@/lib/github/app";
import type { RepositoryMark } from "@/lib/github/queries/repository-changes";
import { toRepositorySnapshot } from "@/lib/github/queries/repository-health";
import {
  type OpenIssue,
  toWatchRead,
  WATCH_REPOSITORY_QUERY,
  type WatchRepositoryOperation,
} from "@/lib/github/queries/watch-repository";
import type { RepositorySnapshot } from "@/lib/health/types";
import { getRepositoryHealth, type RepositoryHealth } from "@/lib/repository/health";
import { getManifests, getWorkflows } from "@/lib/repository/load";
import { isTrackingIssue, WATCH_LABEL } from "./issue-text";

// A full read of one watched repository: one GraphQL round trip for its tags, runs, releases,
// mark and tracking issue; the REST list of workflow states only when a tag is flagged (it
// refines causes and dispatches) or the repository has no workflow file to read; checksums
// manifests as the repository page downloads them.

export type FullRead = {
  snapshot: RepositorySnapshot;
  health: RepositoryHealth;
  mark: RepositoryMark;
  /** The open tracking issue (label and marker), or null. */
  open: OpenIssue | null;
};

const SETTLED = new Set(["healthy", "run-pending"]);

/** Whether judging the tags needs the workflows' states (REST) beside the files (GraphQL). */
function needsWorkflowStates(health: RepositoryHealth, snapshot: RepositorySnapshot): boolean {
  const noFiles =
    snapshot.headWorkflowFiles.length === 0 &&
    snapshot.tags.every((tag) => (tag.workflowFiles ?? []).length === 0);
  return noFiles || health.tags.some((tag) => !SETTLED.has(tag.status));
}

/** Reads and judges a watched repository with the App's token, as of `now`. */
export async function readRepository(
  access: InstallationClient,
  repository: string,
  now: Date,
): Promise<FullRead> {
  const [owner = "", repo = ""] = repository.split("/");
  const { client } = access;
  const { data } = await client.query<WatchRepositoryOperation>(WATCH_REPOSITORY_QUERY, {
    owner,
    name: repo,
    labels: [WATCH_LABEL],
  });
  if (!data.repository) {
    throw new AppError("not-found", `${repository} was not found, or the App cannot see it.`);
  }
  const read = toWatchRead(data.repository);
  const snapshot = toRepositorySnapshot(read.repository, null);
  // GraphQL's viewerPermission says little for an App: its installation's permissions decide.
  snapshot.viewerPermission = access.permission;
  snapshot.manifests = await getManifests(client, snapshot);
  let health = getRepositoryHealth(snapshot, { now });
  if (needsWorkflowStates(health, snapshot)) {
    snapshot.workflows = await getWorkflows(client, owner, repo);
    health = getRepositoryHealth(snapshot, { now });
  }
  return {
    snapshot,
    health,
    mark: read.mark,
    open: read.openIssues.find((issue) => isTrackingIssue(issue.body)) ?? null,
  };
}
