import "server-only";
import { findInstallation, getAppSettings, getInstallUrl } from "@/lib/github/app";
import { getRepositoryId, getWatchStatus, type WatchStatus } from "./state";

// What the repository page says about watch mode: off, not installed (with the install link),
// or watched with what tagwatch last found and did.

/** What the repository page says about watch mode. */
export type RepositoryWatch =
  | { kind: "off" }
  | { kind: "not-installed"; installUrl: string | null }
  | { kind: "watched"; status: WatchStatus | null };

/** Whether the App watches a repository, and what it last found and did there. */
export async function getRepositoryWatch(owner: string, repo: string): Promise<RepositoryWatch> {
  if (!getAppSettings()) return { kind: "off" };
  try {
    const installation = await findInstallation(owner, repo);
    if (!installation) return { kind: "not-installed", installUrl: getInstallUrl() };
    // Watch state is kept by node id; the name leads to it while the name is current.
    const id = await getRepositoryId(`${owner}/${repo}`);
    return { kind: "watched", status: id ? await getWatchStatus(id) : null };
  } catch {
    // The page is about the tags; an unanswered lookup only hides this line.
    return { kind: "off" };
  }
}
