import "server-only";
import { type EmitterWebhookEvent, Webhooks } from "@octokit/webhooks";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getInstallation } from "@/lib/github/app";
import { revokeSessions } from "@/lib/session-revocation";
import { getStore } from "@/lib/store";
import { invalidateRepository, markWatched } from "@/lib/store/cache-policy";
import { runDueChecks } from "./due-rounds";
import {
  type LifecyclePlan,
  planInstallation,
  planInstallationRepositories,
  planRepository,
} from "./lifecycle";
import { applyLifecyclePlan } from "./lifecycle-effects";
import type { RepositoryWatchResult } from "./round";
import { recordTagSeen, rememberRepositoryId, watchKey } from "./state";
import { watchRepositories } from "./sweep";
import { assertPayloadOf } from "./webhook-payloads";

// The App's webhook deliveries: verified against the raw body, each delivery handled once, the
// dashboard's cached view refreshed at once, and the watching itself left for after the answer
// (GitHub waits 10 s at most). One @octokit/webhooks instance per secret, a typed handler per
// event; the payload types are GitHub's. A delivery touches only its repository, never a sweep; a
// burst of deliveries for one repository (an org-wide release: push, create, release, runs)
// becomes one round: the first waits a moment for the others, which then leave it to that round.

export type Delivery = {
  id: string | null;
  name: string | null;
  signature: string | null;
  payload: string;
};

export type Received = {
  event: string;
  delivery: string;
  duplicate: boolean;
  /** Repositories tagwatch watches again because of this delivery. */
  watching: string[];
  /** The work to do after answering; null when there is none. */
  work: (() => Promise<RepositoryWatchResult[]>) | null;
};

const DELIVERY_TTL_SECONDS = 7 * 24 * 60 * 60;
/** How long the first delivery of a burst waits for the rest before its round reads. */
export const SETTLE_MS = 2_000;
// After this a burst's claim lapses even if its round never ran (a stopped instance).
const PENDING_SECONDS = 60;
/** Due checks a delivery takes along after its own round (no frequent cron needed). */
const DUE_PER_DELIVERY = 3;
// Bounded: an installation on hundreds of repositories is the sweep's work, not one request's.
const MAX_REPOSITORIES_PER_DELIVERY = 10;
const TAG_REF = "refs/tags/";

/** What a handler is given beside the event: the delivery's clock, and where to say what to watch. */
type DeliveryContext = {
  now: Date;
  /** Watch these repositories of this installation after the answer. */
  watchAfter(repositories: string[], installationId: number | undefined): void;
};

type Outcome = { now: Date; repositories: string[]; installationId: number | undefined };

// The deliveries being received, by id (each id is claimed once, so no two share an entry).
const receiving = new Map<string, Outcome>();

function contextOf(event: EmitterWebhookEvent): { delivery: DeliveryContext } {
  const outcome = receiving.get(event.id);
  if (!outcome) throw new Error(`webhook delivery ${event.id} is not being received`);
  return {
    delivery: {
      now: outcome.now,
      watchAfter(repositories, installationId) {
        outcome.repositories = repositories;
        outcome.installationId = installationId;
      },
    },
  };
}

/** The repository's cached views are stale, and its webhooks keep them fresh from now on. */
async function refresh(repository: string): Promise<void> {
  const [owner = "", repo = ""] = repository.split("/");
  await invalidateRepository(owner, repo);
  await markWatched(owner, repo);
}

/** A tag's push reached tagwatch: kept under the repository's node id, reached from its name. */
async function seenTags(
  repository: { node_id: string; full_name: string },
  tags: string[],
  now: Date,
): Promise<void> {
  await rememberRepositoryId(repository.full_name, repository.node_id);
  await recordTagSeen(repository.node_id, tags, now);
}

function createWebhooks(secret: string) {
  // transform hands each handler the event and its delivery's context.
  const webhooks = new Webhooks<{ delivery: DeliveryContext }>({
    secret,
    transform: (event) => ({ ...event, ...contextOf(event) }),
  });
  webhooks.on("push", async ({ payload, delivery }) => {
    const repository = payload.repository.full_name;
    await refresh(repository);
    if (!payload.ref.startsWith(TAG_REF) || payload.deleted) return;
    await seenTags(payload.repository, [payload.ref.slice(TAG_REF.length)], delivery.now);
    delivery.watchAfter([repository], payload.installation?.id);
  });
  webhooks.on("create", async ({ payload, delivery }) => {
    const repository = payload.repository.full_name;
    await refresh(repository);
    if (payload.ref_type !== "tag") return;
    await seenTags(payload.repository, [payload.ref], delivery.now);
    delivery.watchAfter([repository], payload.installation?.id);
  });
  webhooks.on("workflow_run", async ({ payload, delivery }) => {
    await refresh(payload.repository.full_name);
    if (payload.action !== "completed") return;
    delivery.watchAfter([payload.repository.full_name], payload.installation?.id);
  });
  webhooks.on("release", async ({ payload, delivery }) => {
    await refresh(payload.repository.full_name);
    delivery.watchAfter([payload.repository.full_name], payload.installation?.id);
  });
  // The lifecycle (lifecycle.ts): what an install, uninstall, suspension, new permissions, a
  // repository joining or leaving, a rename or a transfer changes.
  const lifecycle = async (plan: LifecyclePlan | null, delivery: DeliveryContext) => {
    if (!plan) return;
    const watch = await applyLifecyclePlan(plan, delivery.now);
    if (plan.installationId !== null) delivery.watchAfter(watch, plan.installationId);
  };
  webhooks.on("installation", ({ payload, delivery }) =>
    lifecycle(planInstallation(payload), delivery),
  );
  webhooks.on("installation_repositories", ({ payload, delivery }) =>
    lifecycle(planInstallationRepositories(payload), delivery),
  );
  webhooks.on("repository", ({ payload, delivery }) =>
    lifecycle(planRepository(payload), delivery),
  );
  webhooks.on("github_app_authorization.revoked", ({ payload, delivery }) =>
    revokeSessions(payload.sender.id, delivery.now),
  );
  // Every other event GitHub may send the App is answered (2xx) and otherwise ignored.
  return webhooks;
}

let instance: { secret: string; webhooks: ReturnType<typeof createWebhooks> } | null = null;

/** The one Webhooks instance, made again only when the secret changes. */
function webhooksFor(secret: string) {
  if (instance?.secret !== secret) instance = { secret, webhooks: createWebhooks(secret) };
  return instance.webhooks;
}

function unauthenticated(message: string): AppError {
  return new AppError("unauthenticated", message);
}

/** Verifies a delivery's signature (401 when missing or wrong) and parses it; nothing changes before. */
async function verify(delivery: Delivery, secret: string): Promise<EmitterWebhookEvent> {
  if (!delivery.signature) throw unauthenticated("The delivery has no X-Hub-Signature-256.");
  if (!delivery.id || !delivery.name) {
    throw new AppError("invalid-input", "The delivery lacks X-GitHub-Delivery or X-GitHub-Event.");
  }
  const signed = await webhooksFor(secret)
    .verify(delivery.payload, delivery.signature)
    .catch(() => false);
  if (!signed) throw unauthenticated("The delivery's signature does not match the webhook secret.");
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.payload);
  } catch {
    payload = null;
  }
  if (!payload || typeof payload !== "object") {
    throw new AppError("invalid-input", "The delivery's body is not a webhook payload.");
  }
  // Signed by GitHub's secret, yet checked: the handlers read only fields checked here.
  assertPayloadOf(delivery.name, payload);
  return { id: delivery.id, name: delivery.name, payload } as EmitterWebhookEvent;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The watching a delivery leads to, after the answer: its repositories' rounds, unless another
 * delivery of the same burst already waits to run them; then whatever checks are due.
 */
async function watchAfterDelivery(
  installationId: number,
  repositories: string[],
  settleMs: number,
): Promise<RepositoryWatchResult[]> {
  const store = getStore();
  const mine: string[] = [];
  for (const repository of repositories) {
    const claimed = await store.setIfAbsent(watchKey("pending", repository), "1", {
      ttlSeconds: PENDING_SECONDS,
    });
    if (claimed) mine.push(repository);
  }
  const results: RepositoryWatchResult[] = [];
  if (mine.length > 0) {
    await sleep(settleMs);
    // Deliveries from now on start a round of their own: this one may have read already.
    await Promise.all(mine.map((repository) => store.delete(watchKey("pending", repository))));
    results.push(...(await watchRepositories(await getInstallation(installationId), mine)));
  }
  results.push(...(await runDueChecks(new Date(), DUE_PER_DELIVERY)));
  return results;
}

/** Handles one webhook delivery of the tagwatch App. */
export async function receiveWebhook(
  delivery: Delivery,
  now = new Date(),
  options: { settleMs?: number } = {},
): Promise<Received> {
  const secret = getEnv().githubApp?.webhookSecret;
  if (!secret) {
    throw new AppError(
      "not-found",
      "Watch mode's webhook is not configured (GITHUB_APP_WEBHOOK_SECRET is not set).",
    );
  }
  const event = await verify(delivery, secret);
  const base = { event: event.name, delivery: event.id, watching: [] as string[], work: null };
  const first = await getStore().setIfAbsent(`webhook:delivery:${event.id}`, now.toISOString(), {
    ttlSeconds: DELIVERY_TTL_SECONDS,
  });
  if (!first) return { ...base, duplicate: true };

  const outcome: Outcome = { now, repositories: [], installationId: undefined };
  receiving.set(event.id, outcome);
  try {
    await webhooksFor(secret).receive(event);
  } catch (error) {
    // receive() gathers its handlers' failures; the first says what went wrong.
    const first = error instanceof AggregateError ? error.errors[0] : error;
    // Not handled: GitHub's "Redeliver" is handled afresh.
    await getStore().delete(`webhook:delivery:${event.id}`);
    throw first;
  } finally {
    receiving.delete(event.id);
  }
  const { repositories, installationId } = outcome;
  if (repositories.length === 0 || !installationId) return { ...base, duplicate: false };
  const watching = repositories.slice(0, MAX_REPOSITORIES_PER_DELIVERY);
  return {
    ...base,
    duplicate: false,
    watching,
    work: () => watchAfterDelivery(installationId, watching, options.settleMs ?? SETTLE_MS),
  };
}
