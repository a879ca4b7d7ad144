import { redirect } from "next/navigation";
import { after } from "next/server";
import { Suspense } from "react";
import { getViewer, wasSessionEnded } from "@/auth";
import {
  Overview,
  OverviewEmpty,
  OverviewError,
  OverviewSkeleton,
} from "@/components/overview/overview";
import { Landing } from "@/components/site/landing";
import { createGitHubClient, type GitHubClient } from "@/lib/github/client";
import { type ListingStart, startOverviewListing } from "@/lib/overview/listing";
import { toPageError } from "@/lib/page-errors";
import { endSessionPath } from "@/lib/redirects";
import { runDueChecksAfterPageView } from "@/lib/watch/due-rounds";

export default async function HomePage() {
  const viewer = await getViewer();
  if (!viewer) {
    // tagwatch ended the session (GitHub refused its token): say so on sign-in, once.
    if (await wasSessionEnded()) redirect(endSessionPath("/"));
    return <Landing />;
  }
  // Without QStash or a frequent cron, page views keep watch mode's due checks on time.
  after(() => runDueChecksAfterPageView());
  return (
    <section aria-labelledby="overview-title" className="space-y-4">
      <div className="space-y-1">
        <h1 id="overview-title" className="text-xl font-semibold">
          Your repositories
        </h1>
        <p className="text-sm text-fg-muted">
          Repositories you own, collaborate on or reach through an organisation, problems first.
        </p>
      </div>
      {/* No loading.tsx: a root one would turn every page's redirect() and notFound() into streamed ones. */}
      <Suspense fallback={<OverviewSkeleton />}>
        <ViewerOverview client={createGitHubClient(viewer.accessToken)} login={viewer.login} />
      </Suspense>
    </section>
  );
}

async function ViewerOverview({ client, login }: { client: GitHubClient; login: string }) {
  let start: ListingStart;
  try {
    start = await startOverviewListing(client, { kind: "viewer" });
  } catch (error) {
    return <OverviewError error={toPageError(error, "/")} retryHref="/" />;
  }
  if (start.listing.repositories.length === 0) {
    return (
      <OverviewEmpty
        title="No tagged repositories yet"
        scope={`None of the repositories ${login} owns, collaborates on or reaches through an organisation has a tag or a release.`}
      />
    );
  }
  return <Overview client={client} start={start} retryHref="/" ownerFilter />;
}
