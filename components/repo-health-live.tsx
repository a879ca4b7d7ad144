"use client";

import { lazy, Suspense } from "react";
import type { HealthJson } from "@/lib/health/json";
import type { TagView } from "@/lib/view-preference";
import { RepoHealthView } from "./repo-health-view";
import { TagFixButton } from "./tag-fix-button";
import { buttonClasses } from "./ui/button";

// Secondary tools load after the page is interactive, keeping them out of the first-load bundle.
const BadgeButton = lazy(() =>
  import("./badge-button").then((module) => ({ default: module.BadgeButton })),
);
const BulkDispatch = lazy(() =>
  import("./bulk-dispatch").then((module) => ({ default: module.BulkDispatch })),
);

const BADGE_PLACEHOLDER = (
  <button type="button" disabled className={buttonClasses("default", "small")}>
    Badge
  </button>
);

type Props = { owner: string; repo: string; initial: HealthJson; view: TagView };

/** The repository page's live view with its actions: the client boundary of the page. */
export function RepoHealthLive({ owner, repo, initial, view }: Props) {
  return (
    <RepoHealthView
      owner={owner}
      repo={repo}
      initial={initial}
      initialView={view}
      renderAction={(tag, refresh) => (
        <TagFixButton
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
