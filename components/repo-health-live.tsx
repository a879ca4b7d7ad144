"use client";

import type { HealthJson } from "@/lib/health/json";
import { BadgeButton } from "./badge-button";
import { BulkDispatch } from "./bulk-dispatch";
import { RepoHealthView } from "./repo-health-view";
import { TagAction } from "./tag-action";

type Props = { owner: string; repo: string; initial: HealthJson };

/** The repository page's live view with its actions: the client boundary of the page. */
export function RepoHealthLive({ owner, repo, initial }: Props) {
  return (
    <RepoHealthView
      owner={owner}
      repo={repo}
      initial={initial}
      renderAction={(tag, refresh) => (
        <TagAction owner={owner} repo={repo} tag={tag} onStarted={refresh} />
      )}
      renderToolbar={(tags, refresh) => (
        <div className="flex flex-wrap items-start gap-3">
          <BulkDispatch owner={owner} repo={repo} tags={tags} onStarted={refresh} />
          <div className="ml-auto">
            <BadgeButton owner={owner} repo={repo} />
          </div>
        </div>
      )}
    />
  );
}
