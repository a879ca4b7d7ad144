import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import { workflowFileName } from "@/lib/health/workflows";
import type { RepositoryHealth, TagHealth } from "@/lib/repository/health";
import { loadRepositoryHealth } from "@/lib/repository/load";
import { getStore } from "@/lib/store";
import { invalidateRepository, repositoryKey } from "@/lib/store/cache-policy";
import { storeKeyOf } from "@/lib/store/shared-cache";
import { assertCanWrite } from "./access";

// One dispatch per tag at a time. Two maintainers (or two tabs, or a double submit) pressing
// Dispatch on the same tag both see it not triggered; without this, each press starts its own
// release run, and a second release of the same tag fails half-way or publishes twice. A press
// first claims the tag, then reads it (after the last dispatch's change, so not from a view that
// predates it) and decides: the tag itself refuses a dispatch while its release run is queued or
// running, and once it has shipped; the claim covers the moments before GitHub lists a new run.

/**
 * How long a dispatch is remembered when GitHub's answer did not name the new run (GHES answers
 * 204; a timeout leaves it unknown whether the run started): longer than GitHub takes to list a
 * dispatched run. When GitHub names the run, it is listed at once and the claim goes.
 */
export const DISPATCH_CLAIM_SECONDS = 60;

type Target = { owner: string; repo: string; ref: string };

function claimKey({ owner, repo, ref }: Target): string {
  return storeKeyOf("dispatch-claim", `${repositoryKey(owner, repo)}\n${ref}`);
}

function isRunOf(run: { workflowPath: string; workflowId: number }, workflow: string): boolean {
  return workflowFileName(run.workflowPath) === workflow || String(run.workflowId) === workflow;
}

/**
 * Refuses a dispatch of the tag's release workflow when its run is queued or running, or when the
 * tag has shipped: a second release run builds and uploads the same version again (binaries whose
 * checksums differ from those people already downloaded, or a run that fails half-way).
 */
export function assertDispatchable(tag: TagHealth | undefined, workflow: string): void {
  if (!tag) return;
  const running = tag.runs.find((run) => run.status !== "completed" && isRunOf(run, workflow));
  if (running) {
    throw new AppError(
      "conflict",
      `${workflow} is already ${running.status === "in_progress" ? "running" : running.status.replace("_", " ")} on ${tag.name} (run ${running.id}): a second dispatch would release the tag twice. Wait for this run to finish; tagwatch shows its result.`,
    );
  }
  const release = tag.releaseWorkflow;
  const isRelease =
    release !== null && (release.file === workflow || String(release.id) === workflow);
  if (isRelease && tag.status === "healthy" && tag.release) {
    throw new AppError(
      "conflict",
      `${tag.name} has shipped: its release is published with every expected asset. Dispatching ${workflow} again would build and upload it a second time.`,
    );
  }
}

/** GitHub refused the write (4xx, rate limits too): nothing started, so it may be sent again. */
function refusedOutright(error: unknown): boolean {
  return error instanceof AppError && error.status < 500;
}

/**
 * Checks that the viewer may write, claims the tag (409 when another dispatch on it is being sent,
 * or was sent moments ago and is not listed yet), reads the repository again and lets `prepare`
 * decide on it, then sends what `prepare` returns. Nothing sent (`prepare` refused) or refused by
 * GitHub: the tag is free again. Sent: every cached view of the repository is stale, and the
 * claim holds until GitHub lists the run.
 */
export async function dispatchOnce<T extends { runId: number | null }>(
  github: GitHubClient,
  target: Target,
  words: { doing: string; nothing: string },
  prepare: (health: RepositoryHealth) => Promise<() => Promise<T>>,
): Promise<T> {
  const { owner, repo } = target;
  // Who may write is checked first: a reader's press cannot hold the tag from others.
  assertCanWrite(await loadRepositoryHealth(github, owner, repo), words.doing, words.nothing);
  const store = getStore();
  const key = claimKey(target);
  const now = Date.now();
  if (!(await store.setIfAbsent(key, String(now), { ttlSeconds: DISPATCH_CLAIM_SECONDS }))) {
    const since = Number(await store.get(key).catch(() => null));
    const wait =
      Number.isFinite(since) && since > 0
        ? Math.max(1, Math.ceil(DISPATCH_CLAIM_SECONDS - (now - since) / 1000))
        : DISPATCH_CLAIM_SECONDS;
    throw new AppError(
      "conflict",
      `${target.ref} was dispatched moments ago; its run shows here as soon as GitHub lists it. If none appears, dispatch again in ${wait} s.`,
    );
  }
  const release = () => store.delete(key).catch(() => {});
  let send: () => Promise<T>;
  try {
    send = await prepare(await loadRepositoryHealth(github, owner, repo));
  } catch (error) {
    await release();
    throw error;
  }
  let result: T;
  try {
    result = await send();
  } catch (error) {
    if (refusedOutright(error)) await release();
    // A run may have started: views that show the tag unshipped are stale.
    else await invalidateRepository(owner, repo);
    throw error;
  }
  // After a change on GitHub, cached views of the repository are stale for every user,
  // everywhere; a press that claims the tag next reads it as GitHub now lists it.
  await invalidateRepository(owner, repo);
  if (result.runId !== null) await release();
  return result;
}
