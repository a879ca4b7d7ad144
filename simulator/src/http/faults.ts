import type { RateLimitShape } from "../graphql/cost";
import { htmlPageReply, json, type Reply } from "./reply";

// Fault injection (`POST /_simulator/faults`): latency, slow and failing requests matched by path
// and method, a used-up GraphQL limit, GHES's refusal of `return_run_details`, fields that fail with
// GitHub's partial FORBIDDEN error.

/** Which requests a fault applies to: every one when nothing is given. */
type RequestMatch = {
  pathPrefix?: string;
  pathPattern?: string;
  /** Matched against the raw request body: a GraphQL operation, or its variables. */
  bodyPattern?: string;
  method?: string;
};

export type Failure = RequestMatch & {
  status: number;
  count: number;
  body?: unknown;
  retryAfter?: number;
};

/** One endpoint slower than the rest, as GitHub's are: a large GraphQL query beside a REST read. */
export type Slowdown = RequestMatch & { delayMs: number; count: number };

export type Faults = {
  latencyMs: number | null;
  failures: Failure[];
  slowdowns: Slowdown[];
  graphqlRateLimited: number;
  /** How a used-up GraphQL limit is answered: github.com's shape today, or the older one. */
  graphqlRateLimitShape: RateLimitShape;
  rejectReturnRunDetails: boolean;
  /** GraphQL fields that answer GitHub's partial FORBIDDEN error (data next to errors). */
  graphqlFieldErrors: string[];
};

export const noFaults = (): Faults => ({
  latencyMs: null,
  failures: [],
  slowdowns: [],
  graphqlRateLimited: 0,
  graphqlRateLimitShape: "current",
  rejectReturnRunDetails: false,
  graphqlFieldErrors: [],
});

function matches(rule: RequestMatch, method: string, path: string, body: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) return false;
  if (rule.pathPattern && !new RegExp(rule.pathPattern).test(path)) return false;
  if (rule.bodyPattern && !new RegExp(rule.bodyPattern).test(body)) return false;
  return true;
}

/** The first injected fault of `rules` left that matches the request, counted down; null for none. */
function take<T extends RequestMatch & { count: number }>(
  rules: T[],
  method: string,
  path: string,
  body: string,
): T | null {
  for (const rule of rules) {
    if (rule.count <= 0 || !matches(rule, method, path, body)) continue;
    rule.count -= 1;
    return rule;
  }
  return null;
}

/** The first injected failure that matches the request, counted down; null for none. */
export function takeFailure(
  faults: Faults,
  method: string,
  path: string,
  body: string,
): Failure | null {
  return take(faults.failures, method, path, body);
}

/** How much later than the others this request is answered (a matching slowdown, counted down). */
export function takeSlowdown(faults: Faults, method: string, path: string, body: string): number {
  return take(faults.slowdowns, method, path, body)?.delayMs ?? 0;
}

/** GitHub's answer to an injected failure: its pages and bodies for 502, 503, 504 and rate limits. */
export function failureReply(failure: Failure): Reply {
  const extra: Record<string, string> = {};
  // A 403 or 429 is a rate limit unless it brings its own body (a plain refusal, such as a
  // disabled workflow's): then only an explicit retryAfter makes it one.
  const rateLimit = failure.status === 403 || failure.status === 429;
  if (rateLimit && (failure.body === undefined || failure.retryAfter !== undefined))
    extra["retry-after"] = String(failure.retryAfter ?? 60);
  if (failure.body !== undefined) {
    return typeof failure.body === "string"
      ? {
          status: failure.status,
          headers: { "content-type": "text/plain; charset=utf-8", ...extra },
          body: failure.body,
        }
      : json(failure.status, failure.body, extra);
  }
  switch (failure.status) {
    case 502:
      return htmlPageReply(
        502,
        "Server Error",
        "<h1>502 Bad Gateway</h1><p>We couldn't respond to your request in time. (GitHub simulator)</p>",
      );
    case 503:
      return json(503, {
        message: "Service Unavailable",
        documentation_url: "https://www.githubstatus.com",
      });
    case 504:
      return json(504, {
        message:
          "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
      });
    case 403:
    case 429:
      return json(
        failure.status,
        {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url:
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        extra,
      );
    default:
      return json(failure.status, {
        message: `Simulated failure (HTTP ${failure.status})`,
        documentation_url: "https://docs.github.com/rest",
      });
  }
}

/** Adds the faults `POST /_simulator/faults` asks for; the message of the first bad one, or null. */
export function addFaults(faults: Faults, input: Record<string, unknown>): string | null {
  if (typeof input.latencyMs === "number") faults.latencyMs = input.latencyMs;
  if (Array.isArray(input.failures)) {
    for (const failure of input.failures as Failure[]) {
      if (typeof failure.status !== "number") return "Each failure needs a status";
      faults.failures.push({
        ...failure,
        count: typeof failure.count === "number" ? failure.count : 1,
      });
    }
  }
  if (Array.isArray(input.slowdowns)) {
    for (const slowdown of input.slowdowns as Slowdown[]) {
      if (typeof slowdown.delayMs !== "number" || slowdown.delayMs < 0)
        return "Each slowdown needs a delayMs of 0 or more";
      faults.slowdowns.push({
        ...slowdown,
        count: typeof slowdown.count === "number" ? slowdown.count : 1,
      });
    }
  }
  if (typeof input.graphqlRateLimited === "number")
    faults.graphqlRateLimited = input.graphqlRateLimited;
  if (input.graphqlRateLimitShape === "current" || input.graphqlRateLimitShape === "legacy")
    faults.graphqlRateLimitShape = input.graphqlRateLimitShape;
  if (typeof input.rejectReturnRunDetails === "boolean")
    faults.rejectReturnRunDetails = input.rejectReturnRunDetails;
  if (Array.isArray(input.graphqlFieldErrors))
    faults.graphqlFieldErrors = input.graphqlFieldErrors.filter(
      (field): field is string => typeof field === "string",
    );
  return null;
}
