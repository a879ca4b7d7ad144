import { AppError, type AppErrorCode } from "@/lib/errors";

// THE mapping of GitHub's HTTP answers to AppError codes. The user's client (client.ts) and the
// App's requests (app.ts) word their messages for their reader; which code a status means is
// decided here only.

export type HeaderSource = Headers | Record<string, unknown> | undefined;

/** GitHub's answers that say "try again": retried for reads, shown as unavailable otherwise. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

function headerOf(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return value === undefined || value === null ? null : String(value);
}

/** When GitHub says the limit resets: retry-after wins, then x-ratelimit-reset, else a minute. */
export function rateLimitResetAt(headers: HeaderSource, now = Date.now()): Date {
  const retryAfter = Number(headerOf(headers, "retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now + retryAfter * 1000);
  const reset = Number(headerOf(headers, "x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
  return new Date(now + 60_000);
}

/** The rate-limited error, saying until when. */
export function rateLimited(headers: HeaderSource): AppError {
  const resetAt = rateLimitResetAt(headers);
  return new AppError(
    "rate-limited",
    `GitHub's API rate limit is used up until ${resetAt.toISOString().slice(11, 16)} UTC. tagwatch shows what it has until then.`,
    { resetAt },
  );
}

/** A 429, or a 403 that is GitHub's primary or secondary rate limit rather than a refusal. */
function isRateLimitStatus(status: number, headers: HeaderSource): boolean {
  if (status === 429) return true;
  return (
    status === 403 &&
    (headerOf(headers, "x-ratelimit-remaining") === "0" ||
      headerOf(headers, "retry-after") !== null)
  );
}

/** Which AppError a GitHub HTTP answer is. */
export function errorCodeOf(status: number, headers: HeaderSource): AppErrorCode {
  if (isRateLimitStatus(status, headers)) return "rate-limited";
  if (RETRYABLE_STATUS.has(status)) return "github-unavailable";
  switch (status) {
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 409:
      return "conflict";
    case 400:
    case 422:
      return "unprocessable";
    default:
      return "github-error";
  }
}
