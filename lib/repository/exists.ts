import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { rest } from "@/lib/github/rest";
import { processWide } from "@/lib/store/process-cache";
import { SharedCache } from "@/lib/store/shared-cache";

// A page must know a repository exists before it streams (afterwards its status is already 200),
// but not wait for the whole health query: one small REST read, remembered per user.

// Shared like the rest: another instance must not ask GitHub again. Sealed: it says which
// private repositories a user can see.
const known = processWide(
  "repository-exists",
  () => new SharedCache<boolean>("repository-exists", { maxEntries: 2000, sealed: true }),
);
const EXISTS_MS = 10 * 60_000;
const MISSING_MS = 30_000;

/**
 * False only when GitHub says the repository does not exist for this user; any other failure is
 * left to the health query, which reports it with a message.
 */
export async function getRepositoryExists(
  client: GitHubClient,
  owner: string,
  repo: string,
): Promise<boolean> {
  const key = `${client.tokenKey}:${owner.toLowerCase()}/${repo.toLowerCase()}`;
  try {
    return await known.get(
      key,
      async () => {
        try {
          await rest(client, "GET /repos/{owner}/{repo}", { owner, repo });
          return true;
        } catch (error) {
          if (error instanceof AppError && error.code === "not-found") return false;
          throw error;
        }
      },
      (exists) => (exists ? EXISTS_MS : MISSING_MS),
    );
  } catch {
    return true;
  }
}
