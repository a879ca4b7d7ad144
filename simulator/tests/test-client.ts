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
