import "server-only";
import type { InstalledRepository } from "@/lib/github/app";
import { getStore } from "@/lib/store";
import { sealJson, unsealJson } from "@/lib/store/sealed-entry";
import { storeKeyOf } from "@/lib/store/shared-cache";
import type { Watermark } from "./changes";

// What sweeps remember between runs, in the shared store: each repository's watermark (keyed by
// its node id, which survives a rename), each installation's repository list (until GitHub says
// it changed), where its cheap pass resumes, and until when GitHub asked it to wait. Names are
// sealed like every value that may describe a private repository.

const WATERMARK_SECONDS = 14 * 24 * 60 * 60;
// GitHub tells the App when the list changes (installation_repositories); a day is the fallback.
const INSTALLED_SECONDS = 24 * 60 * 60;

function key(entry: string, id: string | number): string {
  return storeKeyOf(`watch-${entry}`, String(id));
}

/** The watermarks of these repositories (one store round trip), null where none is kept. */
export async function getWatermarks(nodeIds: string[]): Promise<(Watermark | null)[]> {
  const keys = nodeIds.map((nodeId) => key("mark", nodeId));
  const raw = await getStore().getMany(keys);
  return raw.map((value, index) => unsealJson<Watermark>(keys[index] as string, value));
}

/** Keeps what a full read of a repository saw and concluded. */
export async function setWatermark(watermark: Watermark): Promise<void> {
  const storeKey = key("mark", watermark.nodeId);
  await getStore().set(storeKey, sealJson(storeKey, watermark), {
    ttlSeconds: WATERMARK_SECONDS,
  });
}

/** Forgets a repository's watermark (it left the installation). */
export async function forgetWatermark(nodeId: string): Promise<void> {
  await getStore().delete(key("mark", nodeId));
}

/** The installation's repositories as last listed, or null when GitHub must be asked. */
export async function getInstalledRepositories(
  installationId: number,
): Promise<InstalledRepository[] | null> {
  const storeKey = key("installed", installationId);
  return unsealJson<InstalledRepository[]>(storeKey, await getStore().get(storeKey));
}

export async function setInstalledRepositories(
  installationId: number,
  repositories: InstalledRepository[],
): Promise<void> {
  const storeKey = key("installed", installationId);
  await getStore().set(storeKey, sealJson(storeKey, repositories), {
    ttlSeconds: INSTALLED_SECONDS,
  });
}

/** Forgets an installation's repository list (installation and installation_repositories events). */
export async function forgetInstalledRepositories(installationId: number): Promise<void> {
  await getStore().delete(key("installed", installationId));
}

/** Where an installation's cheap pass resumes: a position and the repository found there. */
export type SweepCursor = { index: number; nodeId: string };

export async function getSweepCursor(installationId: number): Promise<SweepCursor | null> {
  const raw = await getStore().get(key("cursor", installationId));
  if (raw === null) return null;
  try {
    const cursor = JSON.parse(raw) as SweepCursor;
    return Number.isInteger(cursor.index) && typeof cursor.nodeId === "string" ? cursor : null;
  } catch {
    return null;
  }
}

export async function setSweepCursor(
  installationId: number,
  cursor: SweepCursor | null,
): Promise<void> {
  const storeKey = key("cursor", installationId);
  if (cursor === null) await getStore().delete(storeKey);
  else await getStore().set(storeKey, JSON.stringify(cursor), { ttlSeconds: WATERMARK_SECONDS });
}

/** Until when GitHub asked the installation to wait (a used-up or secondary rate limit). */
export async function getPausedUntil(installationId: number): Promise<Date | null> {
  const raw = await getStore().get(key("paused", installationId));
  const until = raw === null ? Number.NaN : Date.parse(raw);
  return Number.isFinite(until) && until > Date.now() ? new Date(until) : null;
}

export async function setPausedUntil(installationId: number, until: Date): Promise<void> {
  const seconds = Math.ceil((until.getTime() - Date.now()) / 1000);
  if (seconds <= 0) return;
  await getStore().set(key("paused", installationId), until.toISOString(), {
    ttlSeconds: seconds,
  });
}
