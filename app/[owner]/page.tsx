import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { after } from "next/server";
import { getViewer } from "@/auth";
import { Overview, OverviewEmpty, OverviewError } from "@/components/overview/overview";
import { TEXT_LINK_CLASSES } from "@/components/ui/button";
import { createGitHubClient } from "@/lib/github/client";
import { isPageOwner } from "@/lib/names";
import { type ListingStart, startOverviewListing } from "@/lib/overview/listing";
import { signInPathFor, toPageError } from "@/lib/page-errors";
import { runDueChecksAfterPageView } from "@/lib/watch/due-rounds";

type Props = { params: Promise<{ owner: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { owner } = await params;
  return { title: isPageOwner(owner) ? owner : "Not found" };
}

export default async function OwnerPage({ params }: Props) {
  const { owner } = await params;
  if (!isPageOwner(owner)) notFound();
  const viewer = await getViewer();
  if (!viewer) redirect(await signInPathFor(`/${owner}`));
  // Without QStash or a frequent cron, page views keep watch mode's due checks on time.
  after(() => runDueChecksAfterPageView());
  const client = createGitHubClient(viewer.accessToken);
  // Awaited before anything streams, so an unknown owner answers 404; the batches stream in below.
  let start: ListingStart;
  try {
    start = await startOverviewListing(client, { kind: "owner", login: owner });
  } catch (error) {
    const pageError = toPageError(error, `/${owner}`);
    return (
      <section className="space-y-4">
        <h1 className="text-xl font-semibold">{owner}</h1>
        <OverviewError error={pageError} retryHref={`/${owner}`} />
      </section>
    );
  }
  const { listing } = start;
  const login = listing.owner?.login ?? owner;
  return (
    <section aria-labelledby="overview-title" className="space-y-4">
      <div className="space-y-1">
        <h1 id="overview-title" className="text-xl font-semibold">
          {login}
        </h1>
        <p className="text-sm text-fg-muted">
          {listing.owner?.type === "Organization" ? "The organisation's" : `${login}'s`}{" "}
          repositories you can see, problems first.{" "}
          <a href={`/settings/${login}`} className={TEXT_LINK_CLASSES}>
            Notifications
          </a>
        </p>
      </div>
      {listing.repositories.length === 0 ? (
        <OverviewEmpty
          title="No tagged repositories"
          scope={`None of the repositories of ${login} that you can see has a tag or a release.`}
        />
      ) : (
        <Overview client={client} start={start} retryHref={`/${login}`} ownerFilter={false} />
      )}
    </section>
  );
}
