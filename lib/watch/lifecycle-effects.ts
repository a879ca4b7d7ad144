import "server-only";
import {
  forgetInstallation,
  forgetInstallationToken,
  setInstallationHalted,
} from "@/lib/github/app";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { noteDue, renameDue } from "./due";
import type { LifecyclePlan } from "./lifecycle";
import {
  forgetRepositoryName,
  forgetRepositoryState,
  recordWatchStarted,
  rememberRepositoryId,
} from "./state";
import {
  forgetInstalledRepositories,
  forgetWatermark,
  getWatermarks,
  setWatermark,
} from "./sweep-state";

// Carries out a lifecycle plan (lifecycle.ts) in the shared store. Returns the repositories to
// watch after the answer.

async function invalidate(repository: string): Promise<void> {
  const [owner = "", repo = ""] = repository.split("/");
  await invalidateRepository(owner, repo);
}

/** Applies one lifecycle delivery's plan; the names to give a round after the answer. */
export async function applyLifecyclePlan(plan: LifecyclePlan, now: Date): Promise<string[]> {
  const { installationId } = plan;
  if (installationId !== null) {
    if (plan.halt !== undefined) await setInstallationHalted(installationId, plan.halt);
    if (plan.forgetToken) await forgetInstallationToken(installationId);
    await forgetInstallation(installationId, plan.forgetNames);
    if (plan.forgetList) await forgetInstalledRepositories(installationId);
  }
  for (const { id, fullName } of plan.drop) {
    await forgetRepositoryState(id);
    await forgetWatermark(id);
    await forgetRepositoryName(fullName);
    await noteDue({
      nodeId: id,
      repository: fullName,
      installationId: installationId ?? 0,
      dueAt: null,
    });
    await invalidate(fullName);
  }
  await Promise.all(plan.start.map(({ id, fullName }) => rememberRepositoryId(fullName, id)));
  await recordWatchStarted(
    plan.start.map(({ id }) => id),
    now,
  );
  const watch = plan.start.map(({ fullName }) => fullName);
  if (plan.moved) {
    const { id, from, to } = plan.moved;
    // The state stays under the id; the name leading to it, the watermark and the due list follow.
    await forgetRepositoryName(from);
    await rememberRepositoryId(to, id);
    const [watermark] = await getWatermarks([id]);
    if (watermark) await setWatermark({ ...watermark, repository: to });
    await renameDue(id, to);
    await Promise.all([invalidate(from), invalidate(to)]);
    watch.push(to);
  }
  return watch;
}
