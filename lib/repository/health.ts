import { AppError } from "@/lib/errors";
import { type HealthOptions, judgeRepository } from "@/lib/health";
import type { JudgedRepository, JudgedTag, RepositorySnapshot } from "@/lib/health/types";
import { getTagAction } from "@/lib/tag-actions/plan";
import type { TagAction } from "@/lib/tag-actions/types";

// A repository's page: the core's judgement of each tag, and what the tag's row offers. Pure.

/** One tag as the page shows it: judged, with the action its row offers (null when none). */
export type TagHealth = JudgedTag & { action: TagAction | null };

/** One page of a repository's tags as the dashboard, the JSON API and watch mode read it. */
export type RepositoryHealth = Omit<JudgedRepository, "tags"> & { tags: TagHealth[] };

/** Judges every tag of a repository snapshot and adds the action that would ship it. */
export function getRepositoryHealth(
  snapshot: RepositorySnapshot,
  options: HealthOptions,
): RepositoryHealth {
  const { repository, context } = judgeRepository(snapshot, options);
  return {
    ...repository,
    tags: repository.tags.map((judged, index) => {
      // judgeRepository keeps the snapshot's order: the same index is the same tag.
      const tag = snapshot.tags[index];
      const action = tag
        ? getTagAction(tag, judged.status, judged.runs, judged.releaseWorkflow, context)
        : null;
      return { ...judged, action };
    }),
  };
}

/** A tag the page lists, by name; a 404 naming the repository otherwise. */
export function findTag(health: RepositoryHealth, name: string): TagHealth {
  const tag = health.tags.find((candidate) => candidate.name === name);
  if (!tag) {
    throw new AppError(
      "not-found",
      `tagwatch does not list a tag ${name} in ${health.repository}.`,
    );
  }
  return tag;
}
