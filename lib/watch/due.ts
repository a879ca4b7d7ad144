import "server-only";
import { createHash } from "node:crypto";
import { Client, Receiver } from "@upstash/qstash";
import { getEnv } from "@/lib/env";
import { getStore } from "@/lib/store";
import { getSealedJson, setSealedJson } from "@/lib/store/sealed-entry";
import { storeKeyOf } from "@/lib/store/shared-cache";

// Checks that must happen at a known time without a frequent cron: a tag inside its grace period
// becomes a problem when the period ends, and a person's tag whose release never starts sends no
// further webhook. Each such time goes into a due list in the store; with QStash configured a
// delayed callback (POST /api/watch/due, signed by QStash) is published for it as well, so the
// check happens on time on any plan. Without QStash the next sweep, webhook or page view takes
// what is due. Callbacks carry ids only (no repository names leave the deployment).

/** One repository's next check. */
export type DueEntry = {
  nodeId: string;
  repository: string;
  installationId: number;
  dueAt: string;
};

/** What a QStash callback asks for: one repository's check, or the rest of a sweep. */
export type DueCallback =
  | { kind: "repository"; installationId: number; nodeId: string }
  | { kind: "sweep" };

export const DUE_PATH = "/api/watch/due";
const LIST_KEY = storeKeyOf("watch-due", "list");
// The list stays small: only repositories with a tag in its grace period or a write put off.
const MAX_ENTRIES = 2000;
const CLAIM_SECONDS = 300;

/** Every repository waiting for a check, soonest first. */
export async function getDueList(): Promise<DueEntry[]> {
  return (await getSealedJson<DueEntry[]>(LIST_KEY)) ?? [];
}

async function setDueList(entries: DueEntry[]): Promise<void> {
  const sorted = [...entries].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, MAX_ENTRIES);
  await setSealedJson(LIST_KEY, sorted);
}

/** Where QStash calls back, or null when QStash (or the deployment's own URL) is not configured. */
function callbackUrl(): string | null {
  const env = getEnv();
  return env.qstash && env.appUrl ? `${env.appUrl.replace(/\/+$/, "")}${DUE_PATH}` : null;
}

/** Publishes a callback for `at` through QStash; false when QStash is off or refused it. */
export async function scheduleCallback(callback: DueCallback, at: Date): Promise<boolean> {
  const settings = getEnv().qstash;
  const url = callbackUrl();
  if (!settings || !url) return false;
  const client = new Client({ baseUrl: settings.url, token: settings.token, retry: false });
  // One message per check: publishing the same again (another round, another instance) is a no-op.
  const deduplicationId = createHash("sha256")
    .update(JSON.stringify([callback, at.toISOString()]))
    .digest("hex")
    .slice(0, 40);
  try {
    await client.publishJSON({
      url,
      body: callback,
      notBefore: Math.ceil(at.getTime() / 1000),
      deduplicationId,
      retries: 3,
    });
    return true;
  } catch (error) {
    // The due list still has it: the next sweep, webhook or page view does the check.
    console.warn(
      `tagwatch: QStash did not take a watch check (${error instanceof Error ? error.message.split("\n")[0] : "no answer"})`,
    );
    return false;
  }
}

/**
 * Records a repository's next check (or that it has none), and publishes its QStash callback
 * when the time is new.
 */
export async function noteDue(entry: Omit<DueEntry, "dueAt"> & { dueAt: string | null }) {
  const list = await getDueList();
  const previous = list.find((candidate) => candidate.nodeId === entry.nodeId);
  if (previous?.dueAt === entry.dueAt || (!previous && entry.dueAt === null)) return;
  const rest = list.filter((candidate) => candidate.nodeId !== entry.nodeId);
  await setDueList(entry.dueAt === null ? rest : [...rest, { ...entry, dueAt: entry.dueAt }]);
  if (entry.dueAt !== null) {
    await scheduleCallback(
      { kind: "repository", installationId: entry.installationId, nodeId: entry.nodeId },
      new Date(entry.dueAt),
    );
  }
}

/** The repository of a due entry has a new name (renamed or transferred). */
export async function renameDue(nodeId: string, repository: string): Promise<void> {
  const list = await getDueList();
  if (!list.some((entry) => entry.nodeId === nodeId)) return;
  await setDueList(
    list.map((entry) => (entry.nodeId === nodeId ? { ...entry, repository } : entry)),
  );
}

/** Takes up to `limit` checks that are due now; each is claimed, so one instance does it. */
export async function claimDue(now: Date, limit: number): Promise<DueEntry[]> {
  const due = (await getDueList()).filter((entry) => Date.parse(entry.dueAt) <= now.getTime());
  const claimed: DueEntry[] = [];
  for (const entry of due) {
    if (claimed.length >= limit) break;
    const claim = storeKeyOf("watch-due-claim", `${entry.nodeId}\n${entry.dueAt}`);
    if (await getStore().setIfAbsent(claim, "1", { ttlSeconds: CLAIM_SECONDS }))
      claimed.push(entry);
  }
  return claimed;
}

/** Whether a callback really comes from QStash (its signature over this body, for this URL). */
export async function verifyCallback(signature: string | null, body: string): Promise<boolean> {
  const settings = getEnv().qstash;
  const url = callbackUrl();
  if (!settings || !url || !signature) return false;
  const receiver = new Receiver({
    currentSigningKey: settings.currentSigningKey,
    nextSigningKey: settings.nextSigningKey,
  });
  try {
    return await receiver.verify({ signature, body, url });
  } catch {
    return false;
  }
}
