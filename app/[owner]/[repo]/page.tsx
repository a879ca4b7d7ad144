import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { getViewer } from "@/auth";
import { RepositoryHealthLive } from "@/components/repository/health-live";
import { RepositoryHealthSkeleton } from "@/components/repository/health-skeleton";
import { WatchPanel } from "@/components/repository/watch-panel";
import { AppErrorPanel } from "@/components/ui/error-panel";
import { AppError } from "@/lib/errors";
import { createGitHubClient } from "@/lib/github/client";
import { isPageOwner, repositoryFromParams } from "@/lib/names";
import { toPageError } from "@/lib/page-errors";
import { signInPath } from "@/lib/redirects";
import { getRepositoryExists } from "@/lib/repository/exists";
import { type HealthJson, toHealthJson } from "@/lib/repository/json";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { parseTagView, TAG_VIEW_COOKIE, type TagView } from "@/lib/view-preference";
import { getRepositoryWatch } from "@/lib/watch/status";

type Props = { params: Promise<{ owner: string; repo: string }> };

/** The repository the address names, or the segment's 404 for a name GitHub would not allow. */
async function repositoryOf(params: Props["params"]): Promise<{ owner: string; repo: string }> {
  let repository: { owner: string; repo: string };
  try {
    repository = repositoryFromParams(await params);
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  // `/api/...` that matched no API route is not a repository page.
  if (!isPageOwner(repository.owner)) notFound();
  return repository;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner, repo } = await repositoryOf(params);
  return { title: `${owner}/${repo}` };
}

// No loading.tsx: it would wrap the whole page in Suspense, so an unknown repository would stream a
// 200 before its "not found". The cheap existence check answers first, then the health streams.
export default async function RepositoryPage({ params }: Props) {
  const { owner, repo } = await repositoryOf(params);
  const path = `/${owner}/${repo}`;
  const viewer = await getViewer();
  if (!viewer) redirect(signInPath(path));
  const client = createGitHubClient(viewer.accessToken);
  // Started before the existence check so the two GitHub reads overlap.
  const health = loadRepositoryHealth(client, owner, repo).then(toHealthJson);
  health.catch(() => {}); // read (and reported) below; not an unhandled rejection meanwhile
  if (!(await getRepositoryExists(client, owner, repo))) notFound();
  const view = parseTagView((await cookies()).get(TAG_VIEW_COOKIE)?.value);
  return (
    <Suspense fallback={<RepositoryHealthSkeleton />}>
      <RepositoryHealth owner={owner} repo={repo} path={path} health={health} view={view} />
    </Suspense>
  );
}

async function RepositoryHealth({
  owner,
  repo,
  path,
  health,
  view,
}: {
  owner: string;
  repo: string;
  path: string;
  health: Promise<HealthJson>;
  view: TagView;
}) {
  try {
    const [initial, watch] = await Promise.all([health, getRepositoryWatch(owner, repo)]);
    return (
      <div className="space-y-4">
        <WatchPanel watch={watch} />
        <RepositoryHealthLive owner={owner} repo={repo} initial={initial} view={view} />
      </div>
    );
  } catch (error) {
    return <AppErrorPanel error={toPageError(error, path)} retryHref={path} />;
  }
}
