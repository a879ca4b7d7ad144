import "server-only";
import { AppError } from "@/lib/errors";
import {
  getInstallationClient,
  type Installation,
  type InstallationClient,
  listInstallationRepositories,
  listInstallations,
} from "@/lib/github/app";
import { type RepositoryWatchResult, watchRepositorySafely } from "./round";

// Many repositories at once: the cron's sweep over every installation (a few workers within a
// time budget), and the repositories a webhook delivery names.

export type SweepSummary = {
  startedAt: string;
  durationMs: number;
  installations: number;
  repositories: RepositoryWatchResult[];
  /** Repositories left for the next sweep because the time budget ran out. */
  unfinished: string[];
  errors: string[];
};

/** Watches every repository of every installation (the cron's safety net for missed or absent webhooks). */
export async function sweepInstallations(
  options: { budgetMs?: number; concurrency?: number } = {},
): Promise<SweepSummary> {
  const started = Date.now();
  const deadline = started + (options.budgetMs ?? 240_000);
  const summary: SweepSummary = {
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    installations: 0,
    repositories: [],
    unfinished: [],
    errors: [],
  };
  const installations = await listInstallations();
  summary.installations = installations.length;
  const work: { access: InstallationClient; repository: string }[] = [];
  for (const installation of installations) {
    try {
      const access = await getInstallationClient(installation);
      for (const repository of await listInstallationRepositories(access.client)) {
        work.push({ access, repository });
      }
    } catch (error) {
      summary.errors.push(
        `installation ${installation.id} (${installation.account}): ${error instanceof AppError ? error.message : "unreadable"}`,
      );
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const item = work[next++];
      if (!item) break;
      if (Date.now() > deadline) {
        summary.unfinished.push(item.repository);
        continue;
      }
      summary.repositories.push(await watchRepositorySafely(item.access, item.repository));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  summary.repositories.sort((a, b) => a.repository.localeCompare(b.repository));
  summary.durationMs = Date.now() - started;
  return summary;
}

/** Watches the given repositories of one installation (after a webhook), within a time budget. */
export async function watchRepositories(
  installation: Installation,
  repositories: string[],
): Promise<RepositoryWatchResult[]> {
  const access = await getInstallationClient(installation);
  const results: RepositoryWatchResult[] = [];
  for (const repository of repositories) {
    results.push(await watchRepositorySafely(access, repository));
  }
  return results;
}
