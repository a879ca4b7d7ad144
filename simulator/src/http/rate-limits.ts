import type { RateLimitState } from "../graphql/cost";
import { type Installation, installationRepos } from "../state/apps";
import type { World } from "../state/world";

// GitHub's primary rate limits: 5,000 requests an hour for REST ("core") and, separately, 5,000
// points an hour for GraphQL, per user token; an App installation's tokens share its own limit,
// which grows with the installation (5,000 + 50 per repository above 20 + 50 per user above 20,
// at most 12,500). The x-ratelimit-* headers every API answer has.

const USER_LIMIT = 5000;
const HOUR_MS = 3_600_000;

export type TokenLimits = { core: RateLimitState; graphql: RateLimitState };

/** GitHub's limit of an App installation with this many repositories and users (per hour). */
export function installationLimit(repositories: number, users: number): number {
  const grown = 5000 + 50 * Math.max(0, repositories - 20) + 50 * Math.max(0, users - 20);
  return Math.min(12_500, grown);
}

export class RateLimits {
  private readonly byKey = new Map<string, TokenLimits & { key: string }>();

  /** An installation's bucket: its limit grows with its repositories and users. */
  private installationBucket(world: World, installation: Installation) {
    return {
      key: `installation:${installation.id}`,
      limit: () => {
        const account = world.accounts.get(installation.account.toLowerCase());
        const users = account?.type === "Organization" ? account.members.size : 1;
        return installationLimit(installationRepos(world, installation).length, users);
      },
    };
  }

  /** Whose limit a token draws on: its installation's, or its own (user tokens). */
  private bucketOf(world: World, token: string) {
    const installationId = world.installationTokens.get(token)?.installationId;
    const installation =
      installationId === undefined ? undefined : world.installations.get(installationId);
    if (installation) return this.installationBucket(world, installation);
    return { key: `token:${token}`, limit: () => USER_LIMIT };
  }

  /** The bucket's limits, started afresh when their hour is over. */
  private limits(bucket: { key: string; limit: () => number }): TokenLimits {
    const now = Date.now();
    let limits = this.byKey.get(bucket.key);
    if (!limits) {
      const limit = bucket.limit();
      limits = {
        key: bucket.key,
        core: { limit, used: 0, resetAt: now + HOUR_MS },
        graphql: { limit, used: 0, resetAt: now + HOUR_MS },
      };
      this.byKey.set(bucket.key, limits);
    }
    for (const state of [limits.core, limits.graphql]) {
      if (now >= state.resetAt) {
        state.used = 0;
        state.limit = bucket.limit();
        state.resetAt = now + HOUR_MS;
      }
    }
    return limits;
  }

  /** The limits a token draws on. */
  forToken(world: World, token: string): TokenLimits {
    return this.limits(this.bucketOf(world, token));
  }

  /** Control API: sets what is left of one installation's (or token's) limit this hour. */
  setRemaining(
    world: World,
    target: { installation?: number; token?: string },
    resource: "core" | "graphql",
    remaining: number,
    resetInSeconds?: number,
  ): RateLimitState | null {
    let bucket: { key: string; limit: () => number } | null = null;
    if (target.installation !== undefined) {
      const installation = world.installations.get(target.installation);
      if (installation) bucket = this.installationBucket(world, installation);
    } else if (target.token !== undefined && world.tokens.has(target.token)) {
      bucket = this.bucketOf(world, target.token);
    }
    if (!bucket) return null;
    const state = this.limits(bucket)[resource];
    state.used = Math.max(0, state.limit - remaining);
    if (resetInSeconds !== undefined) state.resetAt = Date.now() + resetInSeconds * 1000;
    return { ...state };
  }

  /** Control API: every bucket with what is used of it. */
  list(): { key: string; core: RateLimitState; graphql: RateLimitState }[] {
    return [...this.byKey.values()]
      .filter((limits) => limits.key.startsWith("installation:"))
      .map(({ key, core, graphql }) => ({ key, core: { ...core }, graphql: { ...graphql } }));
  }

  /** Forgets every count: as if a new hour began for everyone. */
  clear(): void {
    this.byKey.clear();
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
  return rateHeaders({ limit: 60, used: 0, resetAt: Date.now() + HOUR_MS }, resource);
}
