import { describe, expect, it } from "vitest";
import {
  type Clock,
  deliver,
  PAUSE_AFTER_REFUSALS,
  retryAfterMs,
  stateAfter,
  takeSlot,
} from "@/lib/notify/delivery";
import { type HttpAnswer, TransportError } from "@/lib/notify/transport";
import type { LastDelivery } from "@/lib/notify/types";
import { MemoryStore } from "@/lib/store/memory-store";

// Delivery on plain data: a clock that moves only when the code sleeps, and a platform that
// answers from a script. Every wait is the one the platform asked for, or the back-off's.

/** A clock starting at `start` whose sleeps advance it at once and are recorded. */
function fakeClock(start = Date.UTC(2026, 11, 1, 8, 0, 0)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const answer = (status: number, headers: Record<string, string> = {}, body = ""): HttpAnswer => ({
  status,
  headers,
  body,
});

/** A platform answering each attempt with the next of `script` (an answer, or an error to throw). */
function platform(script: (HttpAnswer | Error)[]) {
  const sent: number[] = [];
  return {
    sent,
    send: async () => {
      const next = script[sent.length];
      sent.push(sent.length + 1);
      if (!next) throw new Error("the script ran out");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe("deliver", () => {
  it("waits as long as a 429's Retry-After says, then delivers", async () => {
    const clock = fakeClock();
    const slack = platform([
      answer(429, { "retry-after": "3" }, "rate_limited"),
      answer(200, {}, "ok"),
    ]);
    const outcome = await deliver(slack.send, clock);
    expect(outcome).toMatchObject({ status: "delivered", httpStatus: 200, attempts: 2 });
    expect(clock.slept).toEqual([3_000]);
  });

  it("reads Discord's retry_after (seconds, in the body) when there is no header", async () => {
    const clock = fakeClock();
    const discord = platform([
      answer(
        429,
        {},
        JSON.stringify({
          message: "You are being rate limited.",
          retry_after: 1.25,
          global: false,
        }),
      ),
      answer(204),
    ]);
    expect(await deliver(discord.send, clock)).toMatchObject({ status: "delivered", attempts: 2 });
    expect(clock.slept).toEqual([1_250]);
  });

  it("backs off 1 s, 2 s, 4 s on 5xx and gives up after four attempts", async () => {
    const clock = fakeClock();
    const broken = platform([answer(500), answer(502), answer(503), answer(500), answer(200)]);
    const outcome = await deliver(broken.send, clock);
    expect(outcome).toMatchObject({ status: "failed", httpStatus: 500, attempts: 4 });
    expect(clock.slept).toEqual([1_000, 2_000, 4_000]);
    expect(broken.sent).toHaveLength(4);
  });

  it("gives up at once when the platform asks for a longer wait than tagwatch allows", async () => {
    const clock = fakeClock();
    const slack = platform([answer(429, { "retry-after": "120" }, "rate_limited")]);
    const outcome = await deliver(slack.send, clock);
    expect(outcome).toMatchObject({ status: "rate-limited", httpStatus: 429, attempts: 1 });
    expect(outcome.detail).toBe("429 Too Many Requests (rate_limited): asked to wait 120 s");
    expect(clock.slept).toEqual([]);
  });

  it("never repeats a message that may have arrived (sent, then no answer)", async () => {
    const clock = fakeClock();
    const silent = platform([new TransportError("no answer within 10 s", true), answer(200)]);
    const outcome = await deliver(silent.send, clock);
    expect(outcome).toMatchObject({
      status: "unreachable",
      attempts: 1,
      detail: "no answer within 10 s",
    });
    expect(silent.sent).toHaveLength(1);
  });

  it("retries a connection that was refused before anything was sent", async () => {
    const clock = fakeClock();
    const down = platform([new TransportError("ECONNREFUSED", false), answer(200)]);
    expect(await deliver(down.send, clock)).toMatchObject({ status: "delivered", attempts: 2 });
    expect(clock.slept).toEqual([1_000]);
  });

  it("does not retry a refusal: 404, 410 and 400 are final", async () => {
    for (const [status, body] of [
      [404, "no_service"],
      [410, "channel_is_archived"],
      [400, "invalid_blocks"],
    ] as const) {
      const clock = fakeClock();
      const gone = platform([answer(status, {}, body), answer(200)]);
      const outcome = await deliver(gone.send, clock);
      expect(outcome).toMatchObject({ status: "refused", httpStatus: status, attempts: 1 });
      expect(outcome.detail).toContain(`(${body})`);
      expect(gone.sent).toHaveLength(1);
    }
  });

  it("paces every attempt, and sends nothing when no slot comes free", async () => {
    const clock = fakeClock();
    const slack = platform([answer(200)]);
    const outcome = await deliver(slack.send, clock, { pace: async () => false });
    expect(outcome).toMatchObject({ status: "rate-limited", attempts: 0, httpStatus: null });
    expect(slack.sent).toEqual([]);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and says nothing when the platform does not", () => {
    const now = Date.UTC(2026, 11, 1, 8, 0, 0);
    expect(retryAfterMs(answer(429, { "retry-after": "2" }), now)).toBe(2_000);
    expect(retryAfterMs(answer(429, { "retry-after": "Tue, 01 Dec 2026 08:00:05 GMT" }), now)).toBe(
      5_000,
    );
    expect(retryAfterMs(answer(429, {}, "rate_limited"), now)).toBeNull();
  });
});

describe("takeSlot (pacing across instances)", () => {
  it("lets one message per interval through; the next waits for the following interval", async () => {
    const store = new MemoryStore();
    const clock = fakeClock(Date.UTC(2026, 11, 1, 8, 0, 0) + 200);
    const sentAt: number[] = [];
    for (let message = 0; message < 3; message++) {
      expect(await takeSlot(store, "pace:hook", 1_000, clock, 30_000)).toBe(true);
      sentAt.push(clock.now());
    }
    // 08:00:00.200, then a full second after each: never two within one second.
    expect(sentAt.map((at) => at - (sentAt[0] ?? 0))).toEqual([0, 1_000, 2_000]);
  });

  it("keeps a full interval after a message sent late in its slot, on another instance too", async () => {
    const store = new MemoryStore();
    const lateInSlot = Date.UTC(2026, 11, 1, 8, 0, 0) + 900;
    const [first, second] = [fakeClock(lateInSlot), fakeClock(lateInSlot)];
    expect(await takeSlot(store, "pace:hook", 1_000, first, 30_000)).toBe(true);
    expect(await takeSlot(store, "pace:hook", 1_000, second, 30_000)).toBe(true);
    // The next slot begins 100 ms later, but the message before went out at .900.
    expect(second.slept).toEqual([100, 900]);
    expect(second.now() - first.now()).toBe(1_000);
  });

  it("shares the slots between instances through the store", async () => {
    const store = new MemoryStore();
    const clock = fakeClock();
    // Two instances, same store, same hook, same moment: one goes now, the other a second later.
    const [first, second] = [fakeClock(clock.now()), fakeClock(clock.now())];
    expect(await takeSlot(store, "pace:hook", 1_000, first, 30_000)).toBe(true);
    expect(await takeSlot(store, "pace:hook", 1_000, second, 30_000)).toBe(true);
    expect(first.slept).toEqual([]);
    expect(second.slept).toEqual([1_000]);
  });

  it("gives up when no slot is free before the deadline", async () => {
    const store = new MemoryStore();
    const clock = fakeClock();
    expect(await takeSlot(store, "pace:hook", 1_000, clock, 30_000)).toBe(true);
    expect(await takeSlot(store, "pace:hook", 1_000, clock, 500)).toBe(false);
  });
});

describe("stateAfter (pausing a channel)", () => {
  const outcome = (status: LastDelivery["status"], httpStatus: number | null): LastDelivery => ({
    at: "2026-12-01T08:00:00.000Z",
    status,
    httpStatus,
    detail: "",
  });
  const fresh = { refusals: 0, paused: false };

  it("pauses at once on 410 Gone", () => {
    expect(stateAfter(fresh, outcome("refused", 410)).paused).toBe(true);
  });

  it(`pauses after ${PAUSE_AFTER_REFUSALS} refusals in a row; a delivery between them starts over`, () => {
    let state = stateAfter(fresh, outcome("refused", 404));
    state = stateAfter(state, outcome("refused", 404));
    expect(state.paused).toBe(false);
    expect(
      stateAfter(stateAfter(state, outcome("delivered", 200)), outcome("refused", 404)).paused,
    ).toBe(false);
    expect(stateAfter(state, outcome("refused", 404)).paused).toBe(true);
  });

  it("is not paused by rate limits, outages or silence, and resumes when a message arrives", () => {
    for (const passing of [
      outcome("rate-limited", 429),
      outcome("failed", 503),
      outcome("unreachable", null),
    ]) {
      expect(stateAfter({ refusals: 2, paused: false }, passing)).toMatchObject({
        refusals: 2,
        paused: false,
      });
    }
    expect(stateAfter({ refusals: 5, paused: true }, outcome("delivered", 200))).toMatchObject({
      refusals: 0,
      paused: false,
    });
  });
});
