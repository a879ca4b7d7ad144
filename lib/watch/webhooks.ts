import "server-only";
import { Webhooks } from "@octokit/webhooks";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forgetInstallation, getInstallation, type Installation } from "@/lib/github/app";
import { getStore } from "@/lib/store";
import { invalidateRepository, markWatched } from "@/lib/store/cache-policy";
import type { RepositoryWatchResult } from "./round";
import { recordTagSeen, recordWatchStarted } from "./state";
import { watchRepositories } from "./sweep";

// The App's webhook deliveries: verified against the raw body, each delivery handled once, the
// dashboard's cached view refreshed at once, and the watching itself left for after the answer
// (GitHub waits 10 s at most).

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

type Payload = {
  action?: string;
  ref?: string;
  ref_type?: string;
  deleted?: boolean;
  repository?: { full_name?: string };
  installation?: { id?: number; created_at?: string | number };
  repositories?: { full_name: string }[];
  repositories_added?: { full_name: string }[];
  repositories_removed?: { full_name: string }[];
};

const DELIVERY_TTL_SECONDS = 7 * 24 * 60 * 60;
// Bounded: an installation on hundreds of repositories is the sweep's work, not one request's.
const MAX_REPOSITORIES_PER_DELIVERY = 10;
const TAG_REF = "refs/tags/";

function unauthenticated(message: string): AppError {
  return new AppError("unauthenticated", message);
}

async function forget(repository: string): Promise<void> {
  const [owner = "", repo = ""] = repository.split("/");
  await invalidateRepository(owner, repo);
  await markWatched(owner, repo);
}

/** Verifies a delivery's signature (401 when missing or wrong) and parses it; nothing changes before. */
async function verify(delivery: Delivery, secret: string) {
  if (!delivery.signature) throw unauthenticated("The delivery has no X-Hub-Signature-256.");
  if (!delivery.id || !delivery.name) {
    throw new AppError("invalid-input", "The delivery lacks X-GitHub-Delivery or X-GitHub-Event.");
  }
  const webhooks = new Webhooks({ secret });
  let received: { name: string; payload: Payload } | null = null;
  webhooks.onAny((event) => {
    received = { name: event.name, payload: event.payload as Payload };
  });
  try {
    await webhooks.verifyAndReceive({
      id: delivery.id,
      name: delivery.name as Parameters<typeof webhooks.verifyAndReceive>[0]["name"],
      signature: delivery.signature,
      payload: delivery.payload,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/signature/i.test(message)) {
      throw unauthenticated("The delivery's signature does not match the webhook secret.");
    }
    throw new AppError("invalid-input", "The delivery's body is not a webhook payload.");
  }
  if (!received) throw new AppError("invalid-input", "The delivery carried no event.");
  return received as { name: string; payload: Payload };
}

/** Handles one webhook delivery of the tagwatch App. */
export async function receiveWebhook(delivery: Delivery, now = new Date()): Promise<Received> {
  const secret = getEnv().githubApp?.webhookSecret;
  if (!secret) {
    throw new AppError(
      "not-found",
      "Watch mode's webhook is not configured (GITHUB_APP_WEBHOOK_SECRET is not set).",
    );
  }
  const { name, payload } = await verify(delivery, secret);
  const id = delivery.id ?? "";
  const base = { event: name, delivery: id, watching: [] as string[], work: null };
  const first = await getStore().setIfAbsent(`webhook:delivery:${id}`, now.toISOString(), {
    ttlSeconds: DELIVERY_TTL_SECONDS,
  });
  if (!first) return { ...base, duplicate: true };

  const repository = payload.repository?.full_name;
  const installationId = payload.installation?.id;
  let repositories: string[] = [];
  switch (name) {
    case "push":
    case "create": {
      const isTag =
        name === "push"
          ? payload.ref?.startsWith(TAG_REF) && !payload.deleted
          : payload.ref_type === "tag";
      if (!repository) break;
      await forget(repository);
      if (!isTag || !payload.ref) break;
      await recordTagSeen(repository, [payload.ref.replace(TAG_REF, "")], now);
      repositories = [repository];
      break;
    }
    case "workflow_run":
      if (!repository) break;
      await forget(repository);
      if (payload.action === "completed") repositories = [repository];
      break;
    case "release":
      if (!repository) break;
      await forget(repository);
      repositories = [repository];
      break;
    case "installation":
    case "installation_repositories": {
      const added = (
        name === "installation" ? (payload.repositories ?? []) : (payload.repositories_added ?? [])
      ).map((entry) => entry.full_name);
      const removed = (payload.repositories_removed ?? []).map((entry) => entry.full_name);
      if (installationId) await forgetInstallation(installationId, [...added, ...removed]);
      const adding =
        name === "installation_repositories"
          ? payload.action === "added"
          : payload.action === "created";
      if (adding) {
        await recordWatchStarted(added, now);
        repositories = added;
      }
      break;
    }
    default:
      break;
  }
  if (repositories.length === 0 || !installationId) return { ...base, duplicate: false };
  const watching = repositories.slice(0, MAX_REPOSITORIES_PER_DELIVERY);
  return {
    ...base,
    duplicate: false,
    watching,
    work: async () => {
      const installation: Installation = await getInstallation(installationId);
      return watchRepositories(installation, watching);
    },
  };
}
