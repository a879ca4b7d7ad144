import "server-only";
import { getViewer, type Viewer } from "@/auth";
import { AppError } from "@/lib/errors";
import { createGitHubClient, type GitHubClient } from "./client";

/** The signed-in viewer and a GitHub client acting as them; throws a 401 AppError when signed out. */
export async function requireGitHub(): Promise<{ viewer: Viewer; github: GitHubClient }> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("unauthenticated", "Sign in with GitHub to use tagwatch.");
  return { viewer, github: createGitHubClient(viewer.accessToken) };
}
