"use client";

import { Suspense } from "react";
import { TagActionButton } from "@/components/tag-actions/tag-action-button";
import { buttonClasses } from "@/components/ui/button";
import { lazyNamed } from "@/components/ui/lazy";
import type { HealthJson } from "@/lib/repository/json";
import type { TagView } from "@/lib/view-preference";
import { RepositoryHealthView } from "./health-view";

// Secondary tools load after the page is interactive, keeping them out of the first-load bundle.
const BadgeButton = lazyNamed(() => import("./badge-button"), "BadgeButton");
const BulkDispatch = lazyNamed(
  () => import("@/components/tag-actions/bulk-dispatch"),
  "BulkDispatch",
);

const BADGE_PLACEHOLDER = (
  <button type="button" disabled className={buttonClasses("default", "small")}>
    Badge
  </button>
);

type Props = { owner: string; repo: string; initial: HealthJson; view: TagView };

/** The repository page's live view with its actions: the client boundary of the page. */
export function RepositoryHealthLive({ owner, repo, initial, view }: Props) {
  return (
    <RepositoryHealthView
      owner={owner}
      repo={repo}
      initial={initial}
      initialView={view}
      renderAction={(tag, refresh) => (
        <TagActionButton
          owner={owner}
          repo={repo}
          tag={tag}
          repositoryUrl={initial.url}
          onStarted={refresh}
        />
      )}
      renderToolbar={(tags, refresh) => (
        <div className="flex flex-wrap items-start gap-3">
          <Suspense fallback={null}>
            <BulkDispatch owner={owner} repo={repo} tags={tags} onStarted={refresh} />
          </Suspense>
          <div className="ml-auto">
            <Suspense fallback={BADGE_PLACEHOLDER}>
              <BadgeButton owner={owner} repo={repo} />
            </Suspense>
          </div>
        </div>
      )}
    />
  );
}
