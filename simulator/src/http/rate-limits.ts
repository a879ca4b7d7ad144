import type { RateLimitState } from "../graphql/cost";

// GitHub's primary rate limits per token: 5,000 requests an hour for REST ("core") and,
// separately, 5,000 points an hour for GraphQL; the x-ratelimit-* headers every API answer has.

const LIMIT = 5000;

export type TokenLimits = { core: RateLimitState; graphql: RateLimitState };

export class RateLimits {
  private readonly byToken = new Map<string, TokenLimits>();

  /** The token's limits, reset when their hour is over. */
  forToken(token: string): TokenLimits {
    let limits = this.byToken.get(token);
    if (!limits) {
      const resetAt = Date.now() + 3_600_000;
      limits = {
        core: { limit: LIMIT, used: 0, resetAt },
        graphql: { limit: LIMIT, used: 0, resetAt },
      };
      this.byToken.set(token, limits);
    }
    for (const state of [limits.core, limits.graphql]) {
      if (Date.now() >= state.resetAt) {
        state.used = 0;
        state.resetAt = Date.now() + 3_600_000;
      }
    }
    return limits;
  }

  clear(): void {
    this.byToken.clear();
  }
}

export function rateHeaders(state: RateLimitState, resource: string): Record<string, string> {
  return {
    "x-ratelimit-limit": String(state.limit),
    "x-ratelimit-remaining": String(Math.max(0, state.limit - state.used)),
    "x-ratelimit-reset": String(Math.floor(state.resetAt / 1000)),
    "x-ratelimit-used": String(state.used),
    "x-ratelimit-resource": resource,
  };
}

/** Unauthenticated answers: GitHub's 60 an hour. */
export function anonymousRateHeaders(resource: string): Record<string, string> {
  return rateHeaders({ limit: 60, used: 0, resetAt: Date.now() + 3_600_000 }, resource);
}
