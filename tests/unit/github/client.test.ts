import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { createGitHubClient, tokenKeyOf } from "@/lib/github/client";
import { rateLimitResetAt } from "@/lib/github/errors";
import { dispatchWorkflow } from "@/lib/tag-actions/dispatch";

// The client against a scripted GitHub: each test lists GitHub's answers in order.
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function scripted(answers: Answer[]) {
  const calls: { url: string; method: string; body: string | null; headers: Headers }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push({
      url: request.url,
      method: request.method,
      body: init?.body ? String(init.body) : null,
      headers: request.headers,
    });
    const answer = answers.shift();
    if (!answer) throw new Error("no more scripted answers");
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json", ...answer.headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

beforeAll(() => {
  process.env.GITHUB_API_URL = "https://ghe.example.com/api/v3";
  process.env.GITHUB_GRAPHQL_URL = "https://ghe.example.com/api/graphql";
});

const QUERY = "query { viewer { login } }";

describe("GitHub client", () => {
  it("posts GraphQL to GITHUB_GRAPHQL_URL exactly, with the token", async () => {
    const github = scripted([{ status: 200, body: { data: { viewer: { login: "mona" } } } }]);
    const client = createGitHubClient("gho_secret", { fetch: github.fetch });
    expect((await client.query(QUERY, {})).data).toEqual({ viewer: { login: "mona" } });
    expect(github.calls[0]?.url).toBe("https://ghe.example.com/api/graphql");
    expect(github.calls[0]?.headers.get("authorization")).toBe("bearer gho_secret");
  });

  it("retries a 502 and a 504, then succeeds", async () => {
    const github = scripted([
      { status: 502 },
      { status: 504 },
      { status: 200, body: { data: { viewer: { login: "m" } } } },
    ]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    await client.query(QUERY, {});
    expect(github.calls).toHaveLength(3);
  });

  it("gives up after two retries with a message a person can act on", async () => {
    const github = scripted([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    const error = await client.query(QUERY, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("github-unavailable");
    expect((error as AppError).message).toMatch(/did not answer \(HTTP 503\)/);
    expect(github.calls).toHaveLength(3);
  });

  it("treats an unreachable host as unavailable", async () => {
    const github = scripted([
      new TypeError("fetch failed"),
      new TypeError("fetch failed"),
      new TypeError("fetch failed"),
    ]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    await expect(client.query(QUERY, {})).rejects.toMatchObject({ code: "github-unavailable" });
  });

  it("retries a GraphQL request that timed out, then says it timed out", async () => {
    const timeout = () =>
      Object.assign(new Error("The operation was aborted due to timeout"), {
        name: "TimeoutError",
      });
    const github = scripted([timeout(), timeout(), timeout()]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    await expect(client.query(QUERY, {})).rejects.toMatchObject({
      code: "github-unavailable",
      message: expect.stringMatching(/timed out/),
    });
    expect(github.calls).toHaveLength(3);
  });

  // github.com's answer today, and the older one GHES and earlier github.com sent.
  it.each([
    {
      shape: "current (RATE_LIMIT, graphql_rate_limit; remaining not 0)",
      error: {
        type: "RATE_LIMIT",
        code: "graphql_rate_limit",
        message: "API rate limit already exceeded for user ID 1.",
      },
      remaining: "12",
    },
    {
      shape: "legacy (RATE_LIMITED)",
      error: { type: "RATE_LIMITED", message: "API rate limit exceeded" },
      remaining: "0",
    },
    {
      shape: "code only",
      error: { code: "graphql_rate_limit", message: "API rate limit already exceeded" },
      remaining: "3",
    },
  ])(
    "turns GraphQL's $shape rate-limit answer (HTTP 200) into rate-limited with the reset time",
    async ({ error: problem, remaining }) => {
      const reset = Math.floor(Date.now() / 1000) + 600;
      const github = scripted([
        {
          status: 200,
          body: { errors: [problem] },
          headers: { "x-ratelimit-remaining": remaining, "x-ratelimit-reset": String(reset) },
        },
      ]);
      const client = createGitHubClient("t", { fetch: github.fetch });
      const error = (await client.query(QUERY, {}).catch((caught: unknown) => caught)) as AppError;
      expect(error.code).toBe("rate-limited");
      expect(error.resetAt?.getTime()).toBe(reset * 1000);
      expect(error.toResponse().status).toBe(429);
      expect(Number(error.toResponse().headers.get("retry-after"))).toBeGreaterThan(500);
      expect(github.calls).toHaveLength(1);
    },
  );

  it("keeps partial data and reports what GitHub said was missing", async () => {
    const github = scripted([
      {
        status: 200,
        body: {
          data: { a: { name: "x" }, b: null },
          errors: [
            { type: "NOT_FOUND", path: ["b"], message: "Could not resolve to a Repository" },
          ],
        },
      },
    ]);
    const client = createGitHubClient("t", { fetch: github.fetch });
    const result = await client.query(QUERY, {});
    expect(result.data).toEqual({ a: { name: "x" }, b: null });
    expect(result.problems).toEqual([
      { type: "NOT_FOUND", path: ["b"], message: "Could not resolve to a Repository" },
    ]);
  });

  it("says plainly when a query's successful answer is not JSON (a proxy's page), without retrying", async () => {
    const calls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response("<html>Service temporarily unavailable</html>", {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof globalThis.fetch;
    const client = createGitHubClient("t", { fetch, retryBaseDelayMs: 1 });
    const failure = await client.query(QUERY, {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "github-error", status: 502 });
    expect((failure as AppError).message).toBe("GitHub's answer to a query was not JSON.");
    expect(calls).toHaveLength(1);
  });

  it("a token GitHub answered 401 for is never sent again, by any client of this process", async () => {
    const github = scripted([
      { status: 401, body: { message: "Bad credentials" } },
      { status: 200, body: {} },
    ]);
    const client = createGitHubClient("t-revoked", { fetch: github.fetch });
    await expect(client.rest("GET", "/user")).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(client.rest("GET", "/user")).rejects.toMatchObject({ code: "unauthenticated" });
    const another = createGitHubClient("t-revoked", { fetch: github.fetch });
    await expect(another.query("{ viewer { login } }", {})).rejects.toMatchObject({
      code: "unauthenticated",
      refusedToken: another.tokenKey,
    });
    expect(await another.download("https://ghe.example.com/asset")).toBeNull();
    expect(github.calls).toHaveLength(1);
  });

  it("maps REST 401, 403 with exhausted limit, 404 and 422", async () => {
    const github = scripted([
      {
        status: 403,
        body: { message: "API rate limit exceeded" },
        headers: { "x-ratelimit-remaining": "0", "retry-after": "30" },
      },
      { status: 404, body: { message: "Not Found" } },
      { status: 422, body: { message: "No ref found for: v9" } },
    ]);
    const client = createGitHubClient("t", { fetch: github.fetch });
    await expect(client.rest("GET", "/user")).rejects.toMatchObject({ code: "rate-limited" });
    await expect(client.rest("GET", "/repos/a/b")).rejects.toMatchObject({ code: "not-found" });
    await expect(client.rest("POST", "/x", { body: {} })).rejects.toMatchObject({
      code: "unprocessable",
      message: "No ref found for: v9",
    });
    expect(github.calls[0]?.url).toBe("https://ghe.example.com/api/v3/user");
    expect(github.calls[0]?.headers.get("x-github-api-version")).toBe("2022-11-28");
  });

  it("never retries a POST, even on a 502", async () => {
    const github = scripted([{ status: 502 }, { status: 204 }]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    await expect(
      client.rest("POST", "/repos/a/b/actions/workflows/release.yml/dispatches", {
        body: { ref: "v1" },
      }),
    ).rejects.toMatchObject({
      code: "github-unavailable",
    });
    expect(github.calls).toHaveLength(1);
  });

  it("keys caches by a hash, never the token", () => {
    expect(tokenKeyOf("gho_abc")).not.toContain("gho_abc");
    expect(tokenKeyOf("gho_abc")).toBe(tokenKeyOf("gho_abc"));
    expect(tokenKeyOf("gho_abc")).not.toBe(tokenKeyOf("gho_abd"));
  });

  it("reads the reset time from retry-after first, then x-ratelimit-reset, else a minute", () => {
    const now = 1_700_000_000_000;
    expect(
      rateLimitResetAt(
        new Headers({ "retry-after": "30", "x-ratelimit-reset": "1" }),
        now,
      ).getTime(),
    ).toBe(now + 30_000);
    expect(
      rateLimitResetAt(new Headers({ "x-ratelimit-reset": "1700000600" }), now).getTime(),
    ).toBe(1_700_000_600_000);
    expect(rateLimitResetAt(new Headers(), now).getTime()).toBe(now + 60_000);
  });
});

describe("GitHub's rate limits on REST (429, and 403 with retry-after: the secondary limits)", () => {
  const NOW = Date.parse("2026-12-01T12:00:00Z");
  const DISPATCH = "/repos/a/b/actions/workflows/release.yml/dispatches";
  const secondary = {
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  };

  afterEach(() => vi.useRealTimers());

  async function refusal(call: Promise<unknown>): Promise<AppError> {
    const error = await call.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it.each([
    ["429 with retry-after", { status: 429, headers: { "retry-after": "120" } }, NOW + 120_000],
    [
      "403 with retry-after and requests left (a secondary limit)",
      {
        status: 403,
        body: secondary,
        headers: { "retry-after": "30", "x-ratelimit-remaining": "4990" },
      },
      NOW + 30_000,
    ],
    [
      "429 with only x-ratelimit-reset",
      { status: 429, headers: { "x-ratelimit-reset": String(NOW / 1000 + 900) } },
      NOW + 900_000,
    ],
    ["429 with neither: a minute", { status: 429 }, NOW + 60_000],
  ])(
    "a read answered %s is rate-limited until the time GitHub gave, and not retried",
    async (_, answer, resetAt) => {
      vi.useFakeTimers({ toFake: ["Date"], now: NOW });
      const github = scripted([answer, { status: 200, body: {} }]);
      const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
      const error = await refusal(client.rest("GET", "/repos/a/b/actions/workflows"));
      expect(error.code).toBe("rate-limited");
      expect(error.resetAt?.getTime()).toBe(resetAt);
      const response = error.toResponse();
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe(String((resetAt - NOW) / 1000));
      expect(github.calls).toHaveLength(1);
    },
  );

  it.each([
    ["429", { status: 429, headers: { "retry-after": "60" } }],
    ["403 with retry-after", { status: 403, body: secondary, headers: { "retry-after": "60" } }],
  ])("a dispatch answered %s is rate-limited and sent exactly once", async (_, answer) => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    const github = scripted([answer, { status: 204 }, { status: 204 }]);
    const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
    const error = await refusal(
      dispatchWorkflow(client, { owner: "a", repo: "b", workflow: "release.yml", ref: "v1" }),
    );
    expect(error.code).toBe("rate-limited");
    expect(error.resetAt?.getTime()).toBe(NOW + 60_000);
    expect(github.calls.map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual([
      `POST /api/v3${DISPATCH}`,
    ]);
  });

  it("a 403 without retry-after and with requests left is a refusal, not a rate limit", async () => {
    const github = scripted([
      {
        status: 403,
        body: { message: "Resource not accessible by integration" },
        headers: { "x-ratelimit-remaining": "4990" },
      },
    ]);
    const client = createGitHubClient("t", { fetch: github.fetch });
    const error = await refusal(client.rest("GET", "/repos/a/b/actions/workflows"));
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe("Resource not accessible by integration");
    expect(error.resetAt).toBeNull();
  });

  it("GraphQL answered 429 or a secondary-limit 403 over HTTP is rate-limited too, and not retried", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    for (const answer of [
      { status: 429, headers: { "retry-after": "45" } },
      { status: 403, body: secondary, headers: { "retry-after": "45" } },
    ]) {
      const github = scripted([
        answer,
        { status: 200, body: { data: { viewer: { login: "m" } } } },
      ]);
      const client = createGitHubClient("t", { fetch: github.fetch, retryBaseDelayMs: 1 });
      const error = await refusal(client.query(QUERY, {}));
      expect(error.code).toBe("rate-limited");
      expect(error.resetAt?.getTime()).toBe(NOW + 45_000);
      expect(github.calls).toHaveLength(1);
    }
  });

  it("a REST read is retried on 502/503/504 (and only there), a write is not", async () => {
    const read = scripted([{ status: 502 }, { status: 503 }, { status: 200, body: { ok: true } }]);
    const reader = createGitHubClient("t", { fetch: read.fetch, retryBaseDelayMs: 1 });
    expect((await reader.rest("GET", "/repos/a/b")).data).toEqual({ ok: true });
    expect(read.calls).toHaveLength(3);

    const write = scripted([{ status: 503 }, { status: 204 }]);
    const writer = createGitHubClient("t", { fetch: write.fetch, retryBaseDelayMs: 1 });
    const error = await refusal(
      dispatchWorkflow(writer, { owner: "a", repo: "b", workflow: "release.yml", ref: "v1" }),
    );
    expect(error.code).toBe("github-unavailable");
    expect(write.calls).toHaveLength(1);
  });
});
