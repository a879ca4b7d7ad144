import "server-only";
import { findInstallation, getAppSettings, getInstallationClient } from "@/lib/github/app";
import { getRepositoryHealth } from "@/lib/repository/health";
import { fetchSnapshot } from "@/lib/repository/load";
import { getStore } from "@/lib/store";
import { getRepositoryGeneration, repositoryKey } from "@/lib/store/cache-policy";
import { processWide } from "@/lib/store/process-cache";
import { getSealedJson, setSealedJson } from "@/lib/store/sealed-entry";
import { coalesceAcrossInstances, storeKeyOf } from "@/lib/store/shared-cache";
import { badgeDataForError } from "./load";
import {
  APP_NOT_INSTALLED,
  type BadgeData,
  healthBadgeData,
  REPOSITORY_TTL_MS,
  UNAVAILABLE,
  UNAVAILABLE_TTL_MS,
} from "./render-cache";

// A badge link's data: the repository as the tagwatch App's installation sees it, never a
// person's token. It is kept in the shared store (sealed: it describes a private repository) and
// served from there at once; when it is stale (older than the badge's lifetime, or the repository
// changed: a dispatch, a webhook) the caller refreshes it after answering.

/** The stored view of a repository for its badge link. */
export type AppView = {
  data: BadgeData;
  /** Until when (epoch ms) the view needs no refresh. */
  freshUntil: number;
  /** The repository's generation the view was read at (cache-policy.ts). */
  generation: string;
};

/** While a release run is pending the badge says "building": it is read again sooner. */
const PENDING_TTL_MS = 30_000;
/** Kept long after it is stale: a stale view answered at once beats a slow one. */
const VIEW_SECONDS = 30 * 24 * 60 * 60;

const refreshing = processWide(
  "badge-app-view-refreshing",
  () => new Map<string, Promise<AppView>>(),
);

function viewKey(owner: string, repo: string): string {
  return storeKeyOf("badge-view", repositoryKey(owner, repo));
}

/** The stored view of the repository, fresh or not; null when there is none. */
export function readAppView(owner: string, repo: string): Promise<AppView | null> {
  return getSealedJson<AppView>(viewKey(owner, repo));
}

function writeAppView(owner: string, repo: string, view: AppView): Promise<void> {
  return setSealedJson(viewKey(owner, repo), view, VIEW_SECONDS);
}

/** Forgets the repository's view (its badge link was removed). */
export async function dropAppView(owner: string, repo: string): Promise<void> {
  await getStore().delete(viewKey(owner, repo));
}

/** Whether the view should be read again from GitHub. */
export function isStale(view: AppView, generation: string, now: number): boolean {
  return now >= view.freshUntil || view.generation !== generation;
}

/** The repository read with the App's installation token, as badge data. */
async function readWithApp(owner: string, repo: string, now: Date): Promise<BadgeData> {
  if (!getAppSettings()) return APP_NOT_INSTALLED;
  const installation = await findInstallation(owner, repo);
  if (!installation) return APP_NOT_INSTALLED;
  const { client } = await getInstallationClient(installation);
  const { snapshot } = await fetchSnapshot(client, owner, repo, null);
  return healthBadgeData(getRepositoryHealth(snapshot, { now }));
}

async function loadAppView(owner: string, repo: string): Promise<AppView> {
  const generation = await getRepositoryGeneration(owner, repo);
  const started = Date.now();
  let data: BadgeData;
  try {
    data = await readWithApp(owner, repo, new Date(started));
  } catch (error) {
    data = badgeDataForError(error);
  }
  let view: AppView;
  if (data.state === "unavailable") {
    // GitHub is down or the App's rate limit is used up: keep saying what was last known, and
    // ask again in half a minute rather than on every request.
    const previous = await readAppView(owner, repo);
    view = {
      data: previous?.data ?? UNAVAILABLE,
      freshUntil: Date.now() + UNAVAILABLE_TTL_MS,
      generation,
    };
  } else {
    // Not installed (yet) or not found: asked again soon, as installing the App fixes it.
    const ttl =
      data.state !== "ok"
        ? UNAVAILABLE_TTL_MS
        : data.pendingTag
          ? PENDING_TTL_MS
          : REPOSITORY_TTL_MS;
    view = { data, freshUntil: started + ttl, generation };
  }
  await writeAppView(owner, repo, view);
  return view;
}

/**
 * Reads the repository again with the App and stores the view: once at a time in this process,
 * and once across instances (the others wait for the stored result).
 */
export function refreshAppView(owner: string, repo: string): Promise<AppView> {
  const key = repositoryKey(owner, repo);
  const running = refreshing.get(key);
  if (running) return running;
  const refresh = (async () => {
    const generation = await getRepositoryGeneration(owner, repo);
    const fresh = async () => {
      const view = await readAppView(owner, repo);
      return view && !isStale(view, generation, Date.now()) ? view : undefined;
    };
    return coalesceAcrossInstances(getStore(), `${viewKey(owner, repo)}:lock`, fresh, () =>
      loadAppView(owner, repo),
    );
  })().finally(() => refreshing.delete(key));
  refreshing.set(key, refresh);
  return refresh;
}
