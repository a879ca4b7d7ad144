// The simulator as its tests reach it: the REST API (under /api/v3, as on GitHub Enterprise
// Server) and the control API. `url` is read at call time: suites start the server in beforeAll.

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers
export type Json = any;

export function simulatorClient(url: () => string) {
  return {
    async rest(method: string, pathname: string, token: string | null, body?: unknown) {
      const response = await fetch(`${url()}/api/v3${pathname}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text ? JSON.parse(text) : null) as Json,
      };
    },
    async control(method: string, pathname: string, body?: unknown) {
      const response = await fetch(`${url()}/_simulator/${pathname}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Json };
    },
  };
}

export const MAINTAINER = "sim_token_octo-maintainer";
export const READER = "sim_token_octo-reader";

/**
 * GraphQL, REST (with the demo maintainer's token unless `token` says otherwise; a string body is
 * sent as is) and the control API, for suites that act as the demo's users.
 */
export function demoClient(url: () => string) {
  return {
    async gql(query: string, variables: Record<string, unknown> = {}, token = MAINTAINER) {
      const response = await fetch(`${url()}/api/graphql`, {
        method: "POST",
        headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Json,
      };
    },
    async rest(
      method: string,
      pathname: string,
      options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
    ) {
      const token = options.token === undefined ? MAINTAINER : options.token;
      const response = await fetch(`${url()}/api/v3${pathname}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...options.headers,
        },
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === "string"
              ? options.body
              : JSON.stringify(options.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text ? JSON.parse(text) : null) as Json,
      };
    },
    control: simulatorClient(url).control,
  };
}

/** Polls `probe` every 25 ms until it answers something truthy (or `timeoutMs` passes). */
export async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
