import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getViewer } from "@/auth";
import { ErrorPanel } from "@/components/error-panel";
import { RepoHealthLive } from "@/components/repo-health-live";
import { WatchPanel } from "@/components/watch-panel";
import { AppError } from "@/lib/errors";
import { createGitHubClient } from "@/lib/github/client";
import { loadRepositoryHealth } from "@/lib/github/repository-health";
import { getRepositoryWatch } from "@/lib/github/watch";
import { toHealthJson } from "@/lib/health/json";
import { isValidOwner, isValidRepositoryName } from "@/lib/names";
import { signInPath } from "@/lib/redirects";

type Props = { params: Promise<{ owner: string; repo: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, repo } = await params;
  return { title: `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}` };
}

export default async function RepositoryPage({ params }: Props) {
  const { owner, repo } = await params;
  if (!isValidOwner(owner) || !isValidRepositoryName(repo)) notFound();
  const viewer = await getViewer();
  if (!viewer) redirect(signInPath(`/${owner}/${repo}`));
  try {
    const [health, watch] = await Promise.all([
      loadRepositoryHealth(createGitHubClient(viewer.accessToken), owner, repo),
      getRepositoryWatch(owner, repo),
    ]);
    return (
      <div className="space-y-4">
        <WatchPanel watch={watch} />
        <RepoHealthLive owner={owner} repo={repo} initial={toHealthJson(health)} />
      </div>
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "not-found") notFound();
    if (error.code === "unauthenticated") redirect(signInPath(`/${owner}/${repo}`));
    return (
      <ErrorPanel
        title={
          error.code === "rate-limited"
            ? "GitHub's rate limit is used up"
            : "GitHub could not be reached"
        }
        message={error.message}
        action={{ label: "Try again", href: `/${owner}/${repo}` }}
      />
    );
  }
}
