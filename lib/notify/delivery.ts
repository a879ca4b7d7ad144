import type { KeyValueStore } from "@/lib/store/types";
import type { HttpAnswer } from "./transport";
import { TransportError } from "./transport";
import type { DeliveryStatus, LastDelivery } from "./types";

// Delivering one message, on plain data: the clock, the pause and the sending are passed in.
// Paced per webhook across every instance (a slot in the shared store per interval), retried with
// back-off on 429 (honouring Retry-After) and 5xx, never after an answer that may mean the message
// arrived (a timeout), and never beyond a time budget: a message is sent at most once per attempt
// the platform refused, so no message is ever posted twice by a retry of tagwatch's own.

export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };

export type RetryPolicy = {
  maxAttempts: number;
  /** Back-off after a 5xx: base, 2 x base, 4 x base ... */
  baseDelayMs: number;
  /** The longest tagwatch waits between two attempts (a longer Retry-After ends the delivery). */
  maxWaitMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxWaitMs: 30_000 };

export type DeliveryOutcome = LastDelivery & { attempts: number };

/** Statuses worth another attempt: the platform did not take the message and says so. */
function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * How long the platform asks to wait: Retry-After (seconds or an HTTP date), else Discord's
 * `retry_after` (seconds) in the body; null when it does not say.
 */
export function retryAfterMs(answer: HttpAnswer, now: number): number | null {
  const header = answer.headers["retry-after"];
  if (header !== undefined) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  try {
    const body = JSON.parse(answer.body) as { retry_after?: unknown };
    if (typeof body.retry_after === "number" && body.retry_after >= 0) {
      return Math.ceil(body.retry_after * 1000);
    }
  } catch {
    // Not JSON: Slack answers plain text.
  }
  return null;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  413: "Payload Too Large",
  429: "Too Many Requests",
};

/** A short, secret-free account of an answer: "410 Gone (channel_is_archived)". */
export function describeAnswer(answer: HttpAnswer): string {
  const reason = REASONS[answer.status] ?? (answer.status >= 500 ? "Server Error" : "");
  // Slack answers a word such as no_service; others JSON with a message. Neither holds a secret,
  // but only a short plain word is repeated.
  const word = /^[a-z_]{2,40}$/.exec(answer.body.trim())?.[0];
  return [answer.status, reason, word ? `(${word})` : ""].filter(Boolean).join(" ");
}

function statusOf(answer: HttpAnswer): DeliveryStatus {
  if (answer.status >= 200 && answer.status < 300) return "delivered";
  if (answer.status === 429) return "rate-limited";
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 408) return "refused";
  return "failed";
}

/**
 * Sends through `send` until the platform takes the message, refuses it for good, or the retries
 * run out. `pace` is awaited before every attempt (false: no slot came free in time).
 */
export async function deliver(
  send: () => Promise<HttpAnswer>,
  clock: Clock,
  options: { pace?: () => Promise<boolean>; policy?: RetryPolicy } = {},
): Promise<DeliveryOutcome> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const at = () => new Date(clock.now()).toISOString();
  let last: DeliveryOutcome | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (options.pace && !(await options.pace())) {
      return (
        last ?? {
          at: at(),
          status: "rate-limited",
          httpStatus: null,
          detail: "no free slot: tagwatch paces messages to this webhook",
          attempts: attempt - 1,
        }
      );
    }
    let answer: HttpAnswer;
    try {
      answer = await send();
    } catch (error) {
      const failure =
        error instanceof TransportError ? error : new TransportError(String(error), true);
      last = {
        at: at(),
        status: "unreachable",
        httpStatus: null,
        detail: failure.message,
        attempts: attempt,
      };
      // Sent without an answer: it may have arrived, and a second one would be a duplicate.
      if (failure.sent) return last;
      const wait = policy.baseDelayMs * 2 ** (attempt - 1);
      if (attempt === policy.maxAttempts || wait > policy.maxWaitMs) return last;
      await clock.sleep(wait);
      continue;
    }
    last = {
      at: at(),
      status: statusOf(answer),
      httpStatus: answer.status,
      detail: describeAnswer(answer),
      attempts: attempt,
    };
    if (!isRetryable(answer.status) || attempt === policy.maxAttempts) return last;
    const asked = answer.status === 429 ? retryAfterMs(answer, clock.now()) : null;
    const wait = asked ?? policy.baseDelayMs * 2 ** (attempt - 1);
    if (wait > policy.maxWaitMs) {
      return { ...last, detail: `${last.detail}: asked to wait ${Math.ceil(wait / 1000)} s` };
    }
    await clock.sleep(wait);
  }
  // maxAttempts >= 1, so the loop returned.
  return last as DeliveryOutcome;
}

/**
 * Takes the next send slot of a webhook, shared by every instance through the store: one message
 * per `intervalMs`, each at least `intervalMs` after the one before. Waits until `maxWaitMs`;
 * false when no slot came free in time.
 */
export async function takeSlot(
  store: KeyValueStore,
  key: string,
  intervalMs: number,
  clock: Clock,
  maxWaitMs: number,
): Promise<boolean> {
  if (intervalMs <= 0) return true;
  const deadline = clock.now() + maxWaitMs;
  const ttlSeconds = Math.ceil((2 * intervalMs) / 1000) + 5;
  for (;;) {
    const now = clock.now();
    const slot = Math.floor(now / intervalMs);
    // A slot holds the time its message goes out. The previous slot's may have gone out late in
    // its interval, so this one waits a full interval after it, not just for its own slot.
    const previous = Number(await store.get(`${key}:${slot - 1}`));
    const sendAt = Number.isFinite(previous) ? Math.max(now, previous + intervalMs) : now;
    if (
      sendAt <= deadline &&
      (await store.setIfAbsent(`${key}:${slot}`, String(sendAt), { ttlSeconds }))
    ) {
      if (sendAt > now) await clock.sleep(sendAt - now);
      return true;
    }
    const next = (slot + 1) * intervalMs;
    if (next > deadline) return false;
    await clock.sleep(next - now);
  }
}

/** 4xx answers in a row (429 aside) after which a channel is paused; 410 Gone pauses at once. */
export const PAUSE_AFTER_REFUSALS = 3;

/** A channel's state after a delivery: paused when its webhook keeps refusing, resumed when one arrives. */
export function stateAfter(
  state: { refusals: number; paused: boolean },
  outcome: LastDelivery,
): { lastDelivery: LastDelivery; refusals: number; paused: boolean } {
  if (outcome.status === "delivered") return { lastDelivery: outcome, refusals: 0, paused: false };
  if (outcome.status !== "refused") return { ...state, lastDelivery: outcome };
  const refusals = state.refusals + 1;
  return {
    lastDelivery: outcome,
    refusals,
    paused: state.paused || outcome.httpStatus === 410 || refusals >= PAUSE_AFTER_REFUSALS,
  };
}
