import type { World } from "../state/world";

// GitHub's secondary rate limit on content creation: at most 80 content-creating requests a
// minute and 500 an hour per actor (a user, or an App installation); over it GitHub answers 403
// with `retry-after` and creates nothing. Counted per actor over sliding windows.

const PER_MINUTE = 80;
const PER_HOUR = 500;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** REST requests that create content: issues, comments, pull requests, reviews, releases. */
const CONTENT_CREATING =
  /^\/repos\/[^/]+\/[^/]+\/(issues|issues\/\d+\/comments|pulls|pulls\/\d+\/(comments|reviews)|releases)$/;

export function createsContent(method: string, path: string): boolean {
  return method === "POST" && CONTENT_CREATING.test(path);
}

export class ContentCreationLimit {
  private readonly byActor = new Map<string, number[]>();

  /** Who a token acts as, for this limit: its installation, or its user. */
  actorOf(world: World, token: string): string {
    const installationId = world.installationTokens.get(token)?.installationId;
    if (installationId !== undefined) return `installation:${installationId}`;
    return `user:${world.tokens.get(token)?.login.toLowerCase() ?? token}`;
  }

  /** Seconds until the actor may create content again; null when it may now. */
  retryAfter(actor: string, now = Date.now()): number | null {
    const times = (this.byActor.get(actor) ?? []).filter((at) => now - at < HOUR_MS);
    this.byActor.set(actor, times);
    const lastMinute = times.filter((at) => now - at < MINUTE_MS);
    const waits: number[] = [];
    if (lastMinute.length >= PER_MINUTE)
      waits.push((lastMinute[lastMinute.length - PER_MINUTE] ?? now) + MINUTE_MS - now);
    if (times.length >= PER_HOUR)
      waits.push((times[times.length - PER_HOUR] ?? now) + HOUR_MS - now);
    return waits.length === 0 ? null : Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }

  /** Counts one content-creating request of the actor. */
  record(actor: string, now = Date.now()): void {
    const times = this.byActor.get(actor) ?? [];
    times.push(now);
    this.byActor.set(actor, times);
  }

  clear(): void {
    this.byActor.clear();
  }
}
