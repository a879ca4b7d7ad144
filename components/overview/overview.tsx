import { after } from "next/server";
import { Suspense } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { AppErrorPanel } from "@/components/ui/error-panel";
import { AlertIcon } from "@/components/ui/icons/alert-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import type { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { OVERVIEW_TAG_COUNT } from "@/lib/github/queries/repository-overview";
import { fulfilledWithin, settledWithin } from "@/lib/overview/batching";
import { type ListingStart, MAX_LISTED_PAGES } from "@/lib/overview/listing";
import { OVERVIEW_WINDOW, startOverviewBatches } from "@/lib/overview/load";
import { fullNameOf } from "@/lib/overview/order";
import { type OverviewBatchResult, sortOverviewItems, toOverviewCard } from "@/lib/overview/rank";
import { toPageError } from "@/lib/page-errors";
import { CardPlaceholder } from "./card-placeholder";
import { OverviewFilters, OverviewList } from "./overview-filters";

// Streams an overview in: the first paint lists nothing but skeletons, then the first window's
// first finished batch, then the batches finished since (gathered for up to 300 ms) replace the
// list with all repositories so far, sorted problems first. Each
// stage is the fallback of the next one's Suspense boundary, so the order on screen is always the
// global one. Later windows load in the browser as the person scrolls or asks (overview-more.tsx).
// A list of many pages is not waited for: the first page's repositories are the first window,
// and the browser asks for the whole list once it is read.

type Props = {
  client: GitHubClient;
  start: ListingStart;
  /** Where "Retry" goes: this page again. */
  retryHref: string;
  /** Offer the owner select (the viewer's overview spans several owners). */
  ownerFilter: boolean;
};

// Cached batches are all there within a few milliseconds: then the list is drawn once instead of
// once per batch (each stage draws every card so far: 250 cards for 100 repositories).
const WARM_WAIT_MS = 50;
/** How long a stage waits for the batches after its own before it streams. */
const STAGE_GATHER_MS = 300;

/** The repositories of a listing, judged batch by batch as GitHub answers. */
export async function Overview({ client, start, retryHref, ownerFilter }: Props) {
  const { listing, rest } = start;
  // The rest of the list is read after the answer, and cached for the browser's next request.
  if (rest) after(() => rest.then(noop, noop));
  const firstWindow = listing.repositories.slice(0, OVERVIEW_WINDOW);
  const batches = startOverviewBatches(client, firstWindow);
  const ready = await settledWithin(batches, WARM_WAIT_MS);
  const total = listing.repositories.length;
  // A list longer than the first window sends its names on request (GET /api/repos?fields=names,
  // from the same cache): 5,000 names would weigh ~200 kB in the page.
  const complete = rest === null && total <= firstWindow.length;
  return (
    <OverviewFilters
      ownerFilter={ownerFilter}
      names={(complete ? listing.repositories : firstWindow).map(fullNameOf)}
      listed={complete}
      upFront={firstWindow.length}
      scopeOwner={listing.owner?.login ?? null}
    >
      <OverviewStage
        arrived={ready ?? []}
        queue={ready ? [] : batches}
        total={firstWindow.length}
        retryHref={retryHref}
      />
      <p className="mt-4 text-xs text-fg-muted">
        Counts cover each repository's {OVERVIEW_TAG_COUNT} newest tags.
        {rest
          ? ` The ${firstWindow.length} most recently pushed are checked first, the rest as you scroll or search.`
          : total > firstWindow.length
            ? ` ${total.toLocaleString("en")} repositories: the first ${firstWindow.length} are checked first, the rest as you scroll or search.`
            : ""}
        {listing.truncated
          ? ` Only the ${(MAX_LISTED_PAGES * 100).toLocaleString("en")} most recently pushed repositories are listed.`
          : ""}
      </p>
    </OverviewFilters>
  );
}

function noop(): void {}

type StageProps = {
  arrived: OverviewBatchResult[];
  /** Batches still to come, in the order they finish. */
  queue: Promise<OverviewBatchResult>[];
  total: number;
  retryHref: string;
};

function OverviewStage({ arrived, queue, total, retryHref }: StageProps) {
  // The listing may have come from the cache while the token was refused since: sign in again.
  const refused = arrived.find((batch) => batch.refused)?.refused;
  if (refused) toPageError(refused, retryHref);
  const items = sortOverviewItems(arrived.flatMap((batch) => batch.items));
  const missing = arrived.flatMap((batch) => batch.missing);
  const view = (
    <div className="space-y-3">
      {missing.length > 0 ? <MissingNote missing={missing} retryHref={retryHref} /> : null}
      <OverviewList
        items={items.map(toOverviewCard)}
        loading={total - items.length - missing.length}
      />
    </div>
  );
  const [next, ...rest] = queue;
  if (!next) return view;
  return (
    <Suspense fallback={view}>
      <NextStage next={next} arrived={arrived} rest={rest} total={total} retryHref={retryHref} />
    </Suspense>
  );
}

async function NextStage({
  next,
  rest,
  ...props
}: Omit<StageProps, "queue"> & {
  next: Promise<OverviewBatchResult>;
  rest: Promise<OverviewBatchResult>[];
}) {
  const batch = await next;
  // The first cards go out at once. After them, React reveals a streamed stage no sooner than 300 ms
  // after the one before: a stage that the next batch would replace within that time is never seen,
  // but its cards are sent and laid out.
  const later =
    props.arrived.length === 0
      ? { values: [], rest }
      : await fulfilledWithin(rest, STAGE_GATHER_MS);
  return (
    <OverviewStage
      {...props}
      arrived={[...props.arrived, batch, ...later.values]}
      queue={later.rest}
    />
  );
}

function MissingNote({
  missing,
  retryHref,
}: {
  missing: OverviewBatchResult["missing"];
  retryHref: string;
}) {
  const reasons = [...new Set(missing.map((entry) => entry.reason))];
  return (
    <section
      aria-label="Missing repositories"
      className="rounded-md border border-attention-line bg-attention-subtle px-4 py-3 text-sm"
    >
      <p className="flex flex-wrap items-center gap-1.5 font-semibold text-attention">
        <AlertIcon size={16} aria-hidden />
        GitHub did not send {missing.length} {missing.length === 1 ? "repository" : "repositories"}:
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-3 font-mono text-xs">
        {missing.map((entry) => (
          <li key={entry.repository}>{entry.repository}</li>
        ))}
      </ul>
      <p className="mt-1 text-fg-muted">{reasons.join(" ")}</p>
      <p className="mt-2">
        {/* A full reload: the repositories that did arrive come from the cache. */}
        <a href={retryHref} className="font-medium text-accent underline underline-offset-2">
          Retry the missing repositories
        </a>
      </p>
    </section>
  );
}

/** The list's first paint: a search box and a few empty rows. */
export function OverviewSkeleton() {
  return (
    <div className="space-y-2" aria-busy="true">
      <div className="mb-4 h-8 rounded-md motion-safe:animate-pulse border border-line bg-canvas-subtle" />
      {Array.from({ length: 6 }, (_, index) => (
        <CardPlaceholder key={index} />
      ))}
      <p role="status" className="sr-only">
        Loading your repositories…
      </p>
    </div>
  );
}

/** No repository with a tag or release: what tagwatch looks for, and how to get there. */
export function OverviewEmpty({ title, scope }: { title: string; scope: string }) {
  return (
    <EmptyState
      title={title}
      icon={TagIcon}
      message={
        <>
          <p>{scope}</p>
          <p className="mt-2">
            tagwatch lists repositories that have at least one tag or release. For each of the{" "}
            {OVERVIEW_TAG_COUNT} newest tags it checks that a release workflow ran, that it
            succeeded and that a published release carries every expected asset.
          </p>
        </>
      }
    >
      <p>
        Push a tag (<code className="font-mono">git tag v0.1.0 &amp;&amp; git push --tags</code>) to
        a repository with a release workflow, and it shows up here. For an organisation&apos;s
        private repositories, check that the organisation has granted tagwatch access.
      </p>
    </EmptyState>
  );
}

/** The listing itself failed: say why, and offer to try again. */
export function OverviewError({ error, retryHref }: { error: AppError; retryHref: string }) {
  return (
    <AppErrorPanel
      error={error}
      retryHref={retryHref}
      unavailableTitle="GitHub could not list the repositories"
    />
  );
}
