import "server-only";
import { getStore } from "@/lib/store";
import { storeKeyOf } from "@/lib/store/shared-cache";

// Writes paced to GitHub's secondary limits, per installation and across instances: at most 80
// writes a minute (each dispatch, issue, comment or edit) and at most 500 content-creating ones
// (issues, comments) an hour. Counted in the shared store over sliding windows (the previous
// window weighted by how much of it still overlaps), a little under GitHub's numbers so that two
// instances counting at once do not cross them. A write without a slot is put off, never queued:
// the next round plans it again from what GitHub then says.

/** The writes one step makes at once: all of them (each counts a minute), and how many create content. */
export type Writes = { writes: number; creates: number };

type Window = { ms: number; limit: number };

/** Every write counts against the minute; content-creating ones also against the hour. */
export const WINDOWS: Record<"minute" | "hour", Window> = {
  minute: { ms: 60_000, limit: 72 },
  hour: { ms: 3_600_000, limit: 450 },
};

/** Whether `count` more fit: the sliding-window estimate of the last `window.ms` stays within its limit. */
export function fits(
  window: Window,
  counts: { previous: number; current: number },
  count: number,
  now: number,
): boolean {
  const overlap = 1 - (now % window.ms) / window.ms;
  return counts.previous * overlap + counts.current + count <= window.limit;
}

function windowKey(installationId: number, name: string, window: Window, at: number): string {
  return storeKeyOf("watch-pace", `${installationId}:${name}:${Math.floor(at / window.ms)}`);
}

/** Claims slots for writes made together (an issue edit and its comment); false when they must wait. */
export async function claimWriteSlots(
  installationId: number,
  writes: Writes,
  now = Date.now(),
): Promise<boolean> {
  const store = getStore();
  const wanted = [
    { name: "minute", window: WINDOWS.minute, count: writes.writes },
    { name: "hour", window: WINDOWS.hour, count: writes.creates },
  ].filter((entry) => entry.count > 0);
  if (wanted.length === 0) return true;
  const keys = wanted.flatMap(({ name, window }) => [
    windowKey(installationId, name, window, now - window.ms),
    windowKey(installationId, name, window, now),
  ]);
  const counts = (await store.getMany(keys)).map((value) => Number(value ?? 0) || 0);
  const open = wanted.every(({ window, count }, index) =>
    fits(
      window,
      { previous: counts[2 * index] ?? 0, current: counts[2 * index + 1] ?? 0 },
      count,
      now,
    ),
  );
  if (!open) return false;
  for (const { name, window, count } of wanted) {
    const key = windowKey(installationId, name, window, now);
    for (let index = 0; index < count; index++)
      await store.increment(key, { ttlSeconds: (2 * window.ms) / 1000 });
  }
  return true;
}

/** When a write put off now may fit again: the start of the next minute. */
export function nextSlotAt(now = Date.now()): Date {
  return new Date((Math.floor(now / WINDOWS.minute.ms) + 1) * WINDOWS.minute.ms);
}
