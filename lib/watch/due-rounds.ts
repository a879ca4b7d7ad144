import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getInstallation, getInstallationHalted } from "@/lib/github/app";
import { claimDue } from "./due";
import type { RepositoryWatchResult } from "./round";
import { watchRepositories } from "./sweep";
import { getWatermarks } from "./sweep-state";

// Running the checks that are due (due.ts): from a webhook delivery or a page view (what is due
// in the list), or from QStash's callback for one repository (by its node id).

// A page view does a few, after its answer: enough to keep a small list on time.
const DUE_PER_PAGE_VIEW = 3;

/** Runs up to `limit` checks that are due now, each claimed so one instance runs it. */
export async function runDueChecks(now: Date, limit: number): Promise<RepositoryWatchResult[]> {
  const due = await claimDue(now, limit);
  const results: RepositoryWatchResult[] = [];
  for (const installationId of new Set(due.map((entry) => entry.installationId))) {
    const repositories = due
      .filter((entry) => entry.installationId === installationId)
      .map((entry) => entry.repository);
    try {
      results.push(
        ...(await watchRepositories(await getInstallation(installationId), repositories)),
      );
    } catch (error) {
      // The installation is gone or GitHub did not answer: the sweep finds them again.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return results;
}

/** The check QStash calls back for: one repository of an installation, by its node id. */
export async function runRepositoryCheck(
  installationId: number,
  nodeId: string,
): Promise<RepositoryWatchResult | null> {
  const [watermark] = await getWatermarks([nodeId]);
  // Never read in full, or forgotten: the next sweep reads it anyway. Suspended or uninstalled:
  // nothing to do there, and QStash must not be asked to try again.
  if (!watermark || (await getInstallationHalted(installationId))) return null;
  const [result] = await watchRepositories(await getInstallation(installationId), [
    watermark.repository,
  ]);
  return result ?? null;
}

/**
 * What a signed-in page view does after answering, for deployments without QStash or a frequent
 * cron: the checks that are due. Never fails the page.
 */
export async function runDueChecksAfterPageView(now = new Date()): Promise<void> {
  if (!getEnv().githubApp) return;
  try {
    await runDueChecks(now, DUE_PER_PAGE_VIEW);
  } catch (error) {
    console.warn(
      `tagwatch: due watch checks after a page view failed (${error instanceof Error ? error.message.split("\n")[0] : "unknown"})`,
    );
  }
}
