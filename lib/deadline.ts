// Waiting for a promise no longer than a given time: the one timer every bounded wait races against.

/** What a wait answers when its time ran out first. */
export const LATE = Symbol("late");

/**
 * A timer to race promises against: `late` resolves to `LATE` after `ms`. `clear` stops it; with
 * `unref`, a pending timer does not keep the process alive.
 */
export function deadline(
  ms: number,
  options: { unref?: boolean } = {},
): { late: Promise<typeof LATE>; clear: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
    if (options.unref) (timer as { unref?: () => void }).unref?.();
  });
  return { late, clear: () => clearTimeout(timer) };
}

/** The promise's value, or `LATE` when `ms` pass first; a rejection in time is passed on. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  const { late, clear } = deadline(ms);
  try {
    return await Promise.race([promise, late]);
  } finally {
    clear();
  }
}
