// What is left of GitHub's rate limits for one token (an App installation's, for watch mode), as
// GitHub reports it on every answer: the x-ratelimit-* headers of REST and GraphQL answers (per
// resource: core, graphql, ...) and GraphQL's `rateLimit` object. A long sweep reads it to stop
// with headroom left for webhooks and people.

/** One resource's limit as GitHub last reported it. */
export type RateLimitReading = {
  resource: string;
  limit: number;
  remaining: number;
  /** Epoch milliseconds. */
  resetAt: number;
};

/** Whether less than `headroom` (a share, 0.2 = 20 %) of a limit is left. */
export function isLow(reading: RateLimitReading, headroom: number): boolean {
  return reading.limit > 0 && reading.remaining < reading.limit * headroom;
}

/** A reading from an answer's x-ratelimit-* headers; null when the answer has none. */
export function readRateLimitHeaders(headers: Headers): RateLimitReading | null {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-limit") || !Number.isFinite(limit) || !Number.isFinite(remaining))
    return null;
  return {
    resource: headers.get("x-ratelimit-resource") ?? "core",
    limit,
    remaining,
    resetAt: Number.isFinite(reset) ? reset * 1000 : Date.now() + 3_600_000,
  };
}

export class RateBudget {
  private readonly readings = new Map<string, RateLimitReading>();

  /** Takes in what an answer says (the newest reading of a resource wins). */
  record(reading: RateLimitReading): void {
    this.readings.set(reading.resource, reading);
  }

  /** Takes in an answer's headers. */
  observe(headers: Headers): void {
    const reading = readRateLimitHeaders(headers);
    if (reading) this.record(reading);
  }

  /** The resource with the smallest share left, if GitHub said anything yet. */
  tightest(): RateLimitReading | null {
    let tightest: RateLimitReading | null = null;
    for (const reading of this.readings.values()) {
      if (!tightest || reading.remaining / reading.limit < tightest.remaining / tightest.limit)
        tightest = reading;
    }
    return tightest;
  }

  /** The low resource when some resource has less than `headroom` of its limit left. */
  low(headroom: number): RateLimitReading | null {
    const tightest = this.tightest();
    return tightest && isLow(tightest, headroom) ? tightest : null;
  }

  /** Every resource's latest reading. */
  all(): RateLimitReading[] {
    return [...this.readings.values()];
  }
}

/** A fetch that shows every answer's rate-limit headers to `budget` on the way through. */
export function observingFetch(budget: RateBudget, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    budget.observe(response.headers);
    return response;
  };
}
