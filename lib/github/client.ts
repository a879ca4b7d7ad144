import "server-only";
import { createHash } from "node:crypto";
import { GraphqlResponseError, graphql } from "@octokit/graphql";
import type { EndpointOptions, RequestInterface } from "@octokit/types";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorCodeOf, RETRYABLE_STATUS, rateLimited } from "./errors";
import { rememberRefusedToken, wasRefusedHere } from "./refused-tokens";
import { withRetries } from "./retry";

// The only place that talks to GitHub. Reads are retried on 5xx and timeouts; writes never are.

/** A GraphQL operation's types: its result and its variables. */
export type Operation = { data: unknown; variables: Record<string, unknown> };

export type GraphQLProblem = {
  type?: string;
  code?: string;
  message: string;
  path?: (string | number)[];
};

export type QueryResult<Data> = {
  data: Data;
  /** Errors GitHub sent next to (partial) data, e.g. NOT_FOUND for a hidden repository. */
  problems: GraphQLProblem[];
};

export type RestResult<T> = { status: number; data: T; headers: Headers };

export type RestOptions = {
  body?: unknown;
  /** Never set for writes: a duplicate dispatch is worse than an error. */
  retry?: boolean;
};

export type GitHubClient = {
  /** A stable, non-reversible key for this token (cache keys; never the token itself). */
  readonly tokenKey: string;
  query<Op extends Operation>(
    query: string,
    variables: Op["variables"],
  ): Promise<QueryResult<Op["data"]>>;
  rest<T>(
    method: "GET" | "POST" | "PUT" | "PATCH",
    path: string,
    options?: RestOptions,
  ): Promise<RestResult<T>>;
  /** Fetches a release asset's text (checksums manifests); null when it cannot be read. */
  download(url: string): Promise<string | null>;
};

export type ClientOptions = {
  timeoutMs?: number;
  retryBaseDelayMs?: number;
  fetch?: typeof fetch;
};

const USER_AGENT = "tagwatch";

/** A fingerprint of a token, safe to use in cache keys and logs. */
export function tokenKeyOf(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 20);
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: unknown,
  ) {
    super(`GitHub answered HTTP ${status}`);
  }
}

/** A successful GraphQL answer whose body is not JSON (a proxy's page, a cut-off body). */
class UnreadableAnswer extends Error {}

/**
 * Sends a GraphQL request through @octokit/request and reads its answer with JSON.parse.
 * @octokit/request parses with json-with-bigint, which on Node 20 runs a regular expression over
 * the whole body and a reviver over every value: ~9 times JSON.parse, ~25 ms of CPU for a 100-tag
 * history. The numbers in GitHub's GraphQL answers (database ids, counts) all fit a double.
 */
async function withPlainJson(send: RequestInterface, options: EndpointOptions) {
  const response = await send({
    ...options,
    request: { ...options.request, parseSuccessResponseBody: false },
  });
  const text = await new Response(response.data as ReadableStream<Uint8Array> | null).text();
  try {
    return { ...response, data: JSON.parse(text) as unknown };
  } catch (error) {
    throw new UnreadableAnswer("GitHub's answer to a query was not JSON.", { cause: error });
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/**
 * @octokit/request reports a failed connection or a timeout as a RequestError with status 500 and
 * no response, the real failure in `cause`: unwrap it so it is retried and reported as such.
 */
function unwrapTransportFailure(error: unknown): unknown {
  const candidate = error as { status?: unknown; response?: unknown; cause?: unknown } | null;
  if (
    candidate?.status === 500 &&
    candidate.response === undefined &&
    candidate.cause instanceof Error
  ) {
    return candidate.cause;
  }
  return error;
}

function isRetryable(error: unknown): boolean {
  if (isTimeout(error)) return true;
  if (error instanceof HttpFailure) return RETRYABLE_STATUS.has(error.status);
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") return RETRYABLE_STATUS.has(status);
  // fetch() network failures (connection refused, reset) are TypeErrors.
  return error instanceof TypeError;
}

/**
 * GitHub's used-up GraphQL limit, an HTTP 200: today `type: "RATE_LIMIT"` with
 * `code: "graphql_rate_limit"` (and `x-ratelimit-remaining` not always 0), formerly
 * `type: "RATE_LIMITED"`. Either shape, or the code alone, means the same.
 */
export function isRateLimitProblem(problem: GraphQLProblem): boolean {
  return (
    problem.type === "RATE_LIMIT" ||
    problem.type === "RATE_LIMITED" ||
    problem.code === "graphql_rate_limit"
  );
}

function unavailable(error: unknown): AppError {
  const detail =
    error instanceof HttpFailure
      ? ` (HTTP ${error.status})`
      : isTimeout(error)
        ? " (timed out)"
        : "";
  return new AppError(
    "github-unavailable",
    `GitHub did not answer${detail}. It may be having trouble; try again in a minute.`,
    { cause: error },
  );
}

/** What tagwatch answers once GitHub refused the session's token, and until the person signs in. */
export const EXPIRED_SIGN_IN = "Your GitHub sign-in has expired. Sign in again.";

function refusal(tokenKey: string): AppError {
  return new AppError("unauthenticated", EXPIRED_SIGN_IN, { refusedToken: tokenKey });
}

async function fromHttpFailure(error: HttpFailure, tokenKey: string): Promise<AppError> {
  const code = errorCodeOf(error.status, error.headers);
  if (code === "rate-limited") return rateLimited(error.headers);
  if (code === "github-unavailable") return unavailable(error);
  if (code === "unauthenticated") {
    // Revoked on GitHub, expired, or deleted: asking again with it can only fail again.
    await rememberRefusedToken(tokenKey);
    return refusal(tokenKey);
  }
  const message = (error.body as { message?: unknown } | null)?.message;
  const text = typeof message === "string" ? message : `GitHub answered HTTP ${error.status}.`;
  return new AppError(code, text, code === "github-error" ? { cause: error } : {});
}

/** A GitHub client acting as the owner of `token`. */
export function createGitHubClient(token: string, options: ClientOptions = {}): GitHubClient {
  const env = getEnv();
  const tokenKey = tokenKeyOf(token);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const retry = {
    retries: 2,
    baseDelayMs: options.retryBaseDelayMs ?? 250,
    shouldRetry: isRetryable,
  };
  const gql = graphql.defaults({
    url: env.githubGraphqlUrl,
    headers: { authorization: `bearer ${token}`, "user-agent": USER_AGENT },
    request: { fetch: doFetch, hook: withPlainJson },
  });

  async function query<Op extends Operation>(text: string, variables: Op["variables"]) {
    if (wasRefusedHere(tokenKey)) throw refusal(tokenKey);
    try {
      const data = await withRetries(
        () =>
          gql<Op["data"]>(text, {
            ...variables,
            request: { signal: AbortSignal.timeout(timeoutMs) },
          }).catch((error: unknown) => {
            throw unwrapTransportFailure(error);
          }),
        retry,
      );
      return { data, problems: [] };
    } catch (error) {
      if (error instanceof UnreadableAnswer)
        throw new AppError("github-error", error.message, { cause: error });
      if (error instanceof GraphqlResponseError) {
        const problems = (error.errors ?? []) as GraphQLProblem[];
        if (problems.some(isRateLimitProblem)) throw rateLimited(error.headers);
        if (error.data) return { data: error.data as Op["data"], problems };
        throw new AppError("github-error", problems[0]?.message ?? "GitHub rejected the query.", {
          cause: error,
        });
      }
      const status = (error as { status?: unknown }).status;
      if (typeof status === "number") {
        const response = (
          error as { response?: { headers?: Record<string, unknown>; data?: unknown } }
        ).response;
        const headers = new Headers(
          Object.entries(response?.headers ?? {}).map(([key, value]): [string, string] => [
            key,
            String(value),
          ]),
        );
        throw await fromHttpFailure(new HttpFailure(status, headers, response?.data), tokenKey);
      }
      if (isRetryable(error)) throw unavailable(error);
      throw error;
    }
  }

  async function rest<T>(
    method: "GET" | "POST" | "PUT" | "PATCH",
    path: string,
    restOptions: RestOptions = {},
  ) {
    const send = async (): Promise<RestResult<T>> => {
      const response = await doFetch(`${env.githubApiUrl}${path}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${token}`,
          "x-github-api-version": "2022-11-28",
          "user-agent": USER_AGENT,
          ...(restOptions.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: restOptions.body === undefined ? undefined : JSON.stringify(restOptions.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let data: unknown = null;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = { message: text.slice(0, 200) };
        }
      }
      if (!response.ok) throw new HttpFailure(response.status, response.headers, data);
      return { status: response.status, data: data as T, headers: response.headers };
    };
    if (wasRefusedHere(tokenKey)) throw refusal(tokenKey);
    const shouldRetry = restOptions.retry ?? method === "GET";
    try {
      return shouldRetry ? await withRetries(send, retry) : await send();
    } catch (error) {
      if (error instanceof HttpFailure) throw await fromHttpFailure(error, tokenKey);
      if (isRetryable(error)) throw unavailable(error);
      throw error;
    }
  }

  async function download(url: string): Promise<string | null> {
    if (wasRefusedHere(tokenKey)) return null;
    try {
      const response = await doFetch(url, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/octet-stream",
          "user-agent": USER_AGENT,
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return response.ok ? await response.text() : null;
    } catch {
      return null;
    }
  }

  return { tokenKey, query, rest, download };
}
