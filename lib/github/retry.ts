// Retries for reads only: a dispatch or re-run is never sent twice by us.

export type RetryOptions = {
  retries: number;
  /** Base delay; attempt n waits base * 2^n plus up to 50% jitter. */
  baseDelayMs: number;
  shouldRetry: (error: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying failures that `shouldRetry` accepts with jittered exponential back-off. */
export async function withRetries<T>(
  operation: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.retries || !options.shouldRetry(error)) throw error;
      const delay = options.baseDelayMs * 2 ** attempt;
      await sleep(delay + Math.random() * delay * 0.5);
    }
  }
}
