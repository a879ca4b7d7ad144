import "server-only";
import { AppError } from "@/lib/errors";
import {
  getInstallationClient,
  type Installation,
  type InstallationClient,
  type InstalledRepository,
  listInstallationRepositories,
  listInstallations,
} from "@/lib/github/app";
import {
  MAX_NODE_IDS,
  REPOSITORY_CHANGES_QUERY,
  type RepositoryChangesOperation,
  type RepositoryMark,
  toMarks,
} from "@/lib/github/queries/repository-changes";
import { RateBudget, type RateLimitReading } from "@/lib/github/rate-budget";
import { orderReads, passOrder, type ReadReason, readReason, resumeIndex } from "./changes";
import { scheduleCallback } from "./due";
import { type RepositoryWatchResult, watchRepositorySafely } from "./round";
import {
  getInstalledRepositories,
  getPausedUntil,
  getSweepCursor,
  getWatermarks,
  setInstalledRepositories,
  setPausedUntil,
  setSweepCursor,
} from "./sweep-state";

// The sweep over every installation: the cron's safety net for missed or absent webhooks, at
// the cost of what changed rather than what exists. Per installation: its repository list (kept
// until GitHub says it changed), a cheap pass over up to 100 repositories per GraphQL request
// compared with their watermarks (changes.ts), then full reads of those that need one, most
// important first, a few at a time, while the time budget and GitHub's rate limit (20 % kept for
// webhooks and people) last. Where it stops is kept: the next sweep starts there.

export type SweepSummary = {
  startedAt: string;
  durationMs: number;
  installations: number;
  /** The repository the sweep took up where the last one stopped; null when it started at the top. */
  resumedFrom: string | null;
  readInFull: number;
  skippedUnchanged: number;
  /** Repositories left for the next sweep: known to need a full read, or not looked at yet. */
  remaining: number;
  /** What each full read found and did. */
  repositories: RepositoryWatchResult[];
  /** Repositories known to need a full read that this sweep did not get to. */
  unfinished: string[];
  /** Why the sweep stopped early: its time budget, GitHub's rate limit, or a wait GitHub asked for. */
  stopped: "budget" | "rate-limit" | null;
  /** The installation budget GitHub reported last (the tightest resource). */
  rateLimit: { resource: string; limit: number; remaining: number; resetAt: string } | null;
  errors: string[];
};

export type SweepOptions = {
  /** How long the sweep may run; it stops taking new work after that. */
  budgetMs?: number;
  /** Full reads in flight at once. */
  concurrency?: number;
  /** Share of the rate limit left untouched for webhooks and people. */
  headroom?: number;
  now?: () => Date;
};

const DEFAULT_BUDGET_MS = 240_000;
const HEADROOM = 0.2;
// A short wait when the time budget, not GitHub, ended the sweep.
const CONTINUE_AFTER_MS = 60_000;

type Read = { repository: InstalledRepository; reason: ReadReason; position: number };

function errorText(error: unknown): string {
  return error instanceof AppError ? error.message : "unreadable";
}

/** The cheap pass over one batch: the marks GitHub reports (repositories it cannot see are absent). */
async function markBatch(
  access: InstallationClient,
  budget: RateBudget,
  batch: InstalledRepository[],
): Promise<Map<string, RepositoryMark>> {
  const { data } = await access.client.query<RepositoryChangesOperation>(REPOSITORY_CHANGES_QUERY, {
    ids: batch.map((repository) => repository.nodeId),
  });
  if (data.rateLimit) {
    budget.record({
      resource: "graphql",
      limit: data.rateLimit.limit,
      remaining: data.rateLimit.remaining,
      resetAt: Date.parse(data.rateLimit.resetAt),
    });
  }
  return toMarks(data);
}

async function installedRepositories(
  installation: Installation,
  access: InstallationClient,
): Promise<InstalledRepository[]> {
  const kept = await getInstalledRepositories(installation.id);
  if (kept) return kept;
  const listed = await listInstallationRepositories(access.client);
  await setInstalledRepositories(installation.id, listed);
  return listed;
}

class Sweep {
  readonly summary: SweepSummary;
  private readonly deadline: number;
  private tightest: RateLimitReading | null = null;
  private limitedUntil: Date | null = null;

  constructor(
    private readonly options: SweepOptions,
    started: number,
  ) {
    this.deadline = started + (options.budgetMs ?? DEFAULT_BUDGET_MS);
    this.summary = {
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      installations: 0,
      resumedFrom: null,
      readInFull: 0,
      skippedUnchanged: 0,
      remaining: 0,
      repositories: [],
      unfinished: [],
      stopped: null,
      rateLimit: null,
      errors: [],
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Full reads started: a sweep always makes some progress, however small its budget. */
  private started = 0;

  /** Why no new work may start: the time budget, or the rate limit's headroom; null to go on. */
  private stopReason(budget: RateBudget): SweepSummary["stopped"] {
    if (this.limitedUntil) return "rate-limit";
    if (Date.now() > this.deadline && this.started > 0) return "budget";
    if (budget.low(this.options.headroom ?? HEADROOM)) return "rate-limit";
    return null;
  }

  private stop(reason: SweepSummary["stopped"]): void {
    this.summary.stopped ??= reason;
  }

  private limited(installation: Installation, until: Date): Promise<void> {
    this.limitedUntil = until;
    this.stop("rate-limit");
    return setPausedUntil(installation.id, until);
  }

  async installation(installation: Installation): Promise<void> {
    const pausedUntil = await getPausedUntil(installation.id);
    if (pausedUntil) {
      this.stop("rate-limit");
      this.summary.remaining += (await getInstalledRepositories(installation.id))?.length ?? 0;
      this.summary.errors.push(
        `installation ${installation.id} (${installation.account}): GitHub asked to wait until ${pausedUntil.toISOString()}`,
      );
      return;
    }
    const budget = new RateBudget();
    let repositories: InstalledRepository[];
    let access: InstallationClient;
    try {
      access = await getInstallationClient(installation, { budget });
      repositories = await installedRepositories(installation, access);
    } catch (error) {
      if (error instanceof AppError && error.code === "rate-limited" && error.resetAt)
        await this.limited(installation, error.resetAt);
      this.summary.errors.push(
        `installation ${installation.id} (${installation.account}): ${errorText(error)}`,
      );
      return;
    }
    const start = resumeIndex(
      await getSweepCursor(installation.id),
      repositories.map((repository) => repository.nodeId),
    );
    if (start > 0) this.summary.resumedFrom ??= repositories[start]?.fullName ?? null;
    const batches = passOrder(repositories, start, MAX_NODE_IDS);
    const reads: Read[] = [];
    let scanned = 0;
    for (const batch of batches) {
      const reason = this.stopReason(budget);
      if (reason) {
        this.stop(reason);
        break;
      }
      const watermarks = await getWatermarks(batch.map((repository) => repository.nodeId));
      let marks = new Map<string, RepositoryMark>();
      // Repositories never read need no mark: they are read in full anyway.
      if (watermarks.some((watermark) => watermark !== null)) {
        try {
          marks = await markBatch(access, budget, batch);
        } catch (error) {
          if (error instanceof AppError && error.code === "rate-limited" && error.resetAt)
            await this.limited(installation, error.resetAt);
          else this.summary.errors.push(`${batch[0]?.fullName ?? "a batch"}…: ${errorText(error)}`);
          break;
        }
      }
      batch.forEach((repository, index) => {
        const watermark = watermarks[index] ?? null;
        const mark = marks.get(repository.nodeId);
        // Gone or hidden since the list was made: the next list (after GitHub's event) drops it.
        if (watermark && !mark) return;
        const why = mark ? readReason(watermark, mark, this.now()) : "new";
        if (why === null) this.summary.skippedUnchanged += 1;
        else reads.push({ repository, reason: why, position: scanned + index });
      });
      scanned += batch.length;
    }
    const done = await this.readAll(installation, access, budget, orderReads(reads));
    const left = reads.filter((read) => !done.has(read.repository.nodeId));
    this.summary.unfinished.push(...left.map((read) => read.repository.fullName));
    this.summary.remaining += left.length + (repositories.length - scanned);
    // The next sweep starts at the first repository this one did not finish (in pass order).
    const firstLeft = Math.min(
      scanned < repositories.length ? scanned : Number.POSITIVE_INFINITY,
      ...left.map((read) => read.position),
    );
    const resumeAt = Number.isFinite(firstLeft) ? (start + firstLeft) % repositories.length : null;
    const at = resumeAt === null ? undefined : repositories[resumeAt];
    await setSweepCursor(installation.id, at ? { index: resumeAt ?? 0, nodeId: at.nodeId } : null);
    const tightest = budget.tightest();
    if (
      tightest &&
      (!this.tightest ||
        tightest.remaining / tightest.limit < this.tightest.remaining / this.tightest.limit)
    )
      this.tightest = tightest;
  }

  /** Full reads, a few at a time, while budget and rate limit last; the node ids it finished. */
  private async readAll(
    installation: Installation,
    access: InstallationClient,
    budget: RateBudget,
    reads: Read[],
  ): Promise<Set<string>> {
    const done = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < reads.length) {
        const reason = this.stopReason(budget);
        if (reason) {
          this.stop(reason);
          return;
        }
        const read = reads[next++];
        if (!read) return;
        this.started += 1;
        const result = await watchRepositorySafely(access, read.repository.fullName);
        if (result.limitedUntil) {
          await this.limited(installation, new Date(result.limitedUntil));
          return;
        }
        done.add(read.repository.nodeId);
        this.summary.readInFull += 1;
        this.summary.repositories.push(result);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 3 }, worker));
    return done;
  }

  finish(started: number): SweepSummary {
    this.summary.repositories.sort((a, b) => a.repository.localeCompare(b.repository));
    this.summary.durationMs = Date.now() - started;
    const tightest = this.tightest;
    this.summary.rateLimit = tightest
      ? { ...tightest, resetAt: new Date(tightest.resetAt).toISOString() }
      : null;
    return this.summary;
  }

  /** When the rest should be swept: after GitHub's wait, else shortly. */
  continueAt(): Date {
    return this.limitedUntil ?? new Date(Date.now() + CONTINUE_AFTER_MS);
  }
}

/** Sweeps every installation's repositories (the cron's safety net for missed or absent webhooks). */
export async function sweepInstallations(options: SweepOptions = {}): Promise<SweepSummary> {
  const started = Date.now();
  const sweep = new Sweep(options, started);
  const installations = await listInstallations();
  sweep.summary.installations = installations.length;
  for (const installation of installations) await sweep.installation(installation);
  const summary = sweep.finish(started);
  // Without a frequent cron, QStash (when configured) brings the rest of a cut-short sweep.
  if (summary.remaining > 0) await scheduleCallback({ kind: "sweep" }, sweep.continueAt());
  return summary;
}

/** Watches the given repositories of one installation (after a webhook or a due check). */
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
