import { deadline, LATE, within } from "@/lib/deadline";

// How the overview spreads many repositories over few GraphQL requests: batch sizes, a bound on
// requests in flight, and results handed out as they finish.

/** Splits `items` into as few batches of at most `maxSize` as possible, of near-equal size. */
export function planBatches<T>(items: T[], maxSize: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / maxSize);
  const size = Math.ceil(items.length / count);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    batches.push(items.slice(start, start + size));
  return batches;
}

/** A scheduler running at most `limit` tasks at once, in the order they were given. */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running += 1;
        task().then(resolve, reject).finally(release);
      };
      if (running < limit) start();
      else waiting.push(start);
    });
}

/** The same settled values, re-ordered so that the i-th promise settles i-th (first finished first). */
export function inCompletionOrder<T>(promises: Promise<T>[]): Promise<T>[] {
  const settlers: { resolve: (value: T) => void; reject: (reason: unknown) => void }[] = [];
  const ordered = promises.map(
    () =>
      new Promise<T>((resolve, reject) => {
        settlers.push({ resolve, reject });
      }),
  );
  let next = 0;
  for (const promise of promises) {
    promise.then(
      (value) => settlers[next++]?.resolve(value),
      (reason) => settlers[next++]?.reject(reason),
    );
  }
  return ordered;
}

/** Every value, when all promises fulfil within `ms`; null when one is slower (or rejects). */
export async function settledWithin<T>(promises: Promise<T>[], ms: number): Promise<T[] | null> {
  const values = await within(
    Promise.all(promises).catch(() => null),
    ms,
  );
  return values === LATE ? null : values;
}

/**
 * The leading promises that fulfil within `ms` (all of them when `promises` is in completion
 * order, as `inCompletionOrder` gives them), and the others. A rejection ends the prefix: it is
 * left for the caller to meet in `rest`.
 */
export async function fulfilledWithin<T>(
  promises: Promise<T>[],
  ms: number,
): Promise<{ values: T[]; rest: Promise<T>[] }> {
  const { late, clear } = deadline(ms);
  const values: T[] = [];
  try {
    for (const promise of promises) {
      const value = await Promise.race([promise, late]).catch(() => LATE);
      if (value === LATE) break;
      values.push(value as T);
    }
  } finally {
    clear();
  }
  return { values, rest: promises.slice(values.length) };
}
