import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { getViewer } from "@/auth";
import { ReleaseHistory } from "@/components/history/release-history";
import { RepositoryHealthLive } from "@/components/repository/health-live";
import { RepositoryHealthSkeleton } from "@/components/repository/health-skeleton";
import { WatchPanel } from "@/components/repository/watch-panel";
import { AppErrorPanel } from "@/components/ui/error-panel";
import { AppError } from "@/lib/errors";
import { createGitHubClient } from "@/lib/github/client";
import { isPageOwner, repositoryFromParams } from "@/lib/names";
import { signInPathFor, toPageError } from "@/lib/page-errors";
import { type PageHealth, toHealthJson, toPageHealth } from "@/lib/repository/json";
import { startRepositoryLoad } from "@/lib/repository/load";
import { parseTagView, TAG_VIEW_COOKIE, type TagView } from "@/lib/view-preference";
import { getRepositoryWatch, type RepositoryWatch } from "@/lib/watch/status";

type Props = { params: Promise<{ owner: string; repo: string }> };

/** How long the page waits for the health once the repository is known to exist, before it streams. */
const HEALTH_GRACE_MS = 150;

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
// 200 before its "not found". The load's REST read says whether it exists first, then the health streams.
export default async function RepositoryPage({ params }: Props) {
  const { owner, repo } = await repositoryOf(params);
  const path = `/${owner}/${repo}`;
  const viewer = await getViewer();
  if (!viewer) redirect(await signInPathFor(path));
  const client = createGitHubClient(viewer.accessToken);
  const load = startRepositoryLoad(client, owner, repo);
  // The client view gets only what it shows: the data goes out as markup and as its props.
  const health = load.health.then((loaded) => toPageHealth(toHealthJson(loaded)));
  health.catch(() => {}); // read (and reported) below; not an unhandled rejection meanwhile
  const watch = getRepositoryWatch(owner, repo);
  if (!(await load.exists)) notFound();
  // The tags' read left with the repository's and is usually back within a round trip of it. A
  // skeleton streamed meanwhile would stay up for at least 300 ms after its first frame (React
  // throttles the reveal of streamed content), so the health gets a moment to be in the first bytes.
  await load.settledWithin(HEALTH_GRACE_MS);
  const view = parseTagView((await cookies()).get(TAG_VIEW_COOKIE)?.value);
  const content = (
    <RepositoryHealth
      path={path}
      health={health}
      watch={watch}
      owner={owner}
      repo={repo}
      view={view}
    />
  );
  // Warm, the data is already here: the rows go out with the first bytes, not streamed after a
  // skeleton (the browser would wait for the streamed part to be revealed).
  // The release history is read by the browser once the page is up, so the tags never wait for it
  // and its charts are not in this HTML. When the tags' read has already failed (GitHub down, rate
  // limited, the token refused), its read would only fail again, after its own retries: not made.
  const history = (
    <ReleaseHistory owner={owner} repo={repo} unavailable={Boolean(load.failure())} />
  );
  if (load.settled())
    return (
      <>
        {content}
        {history}
      </>
    );
  return (
    <>
      <Suspense fallback={<RepositoryHealthSkeleton />}>{content}</Suspense>
      {history}
    </>
  );
}

async function RepositoryHealth({
  owner,
  repo,
  path,
  health,
  watch: watchStatus,
  view,
}: {
  owner: string;
  repo: string;
  path: string;
  health: Promise<PageHealth>;
  watch: Promise<RepositoryWatch>;
  view: TagView;
}) {
  try {
    const [initial, watch] = await Promise.all([health, watchStatus]);
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
