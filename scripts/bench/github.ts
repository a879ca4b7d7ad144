import { CookieJar, fetchWithJar } from "./http";

// The simulator's control API (request log, faults) and the OAuth sign-in driven over plain HTTP.

export type LoggedRequest = {
  method: string;
  path: string;
  status: number;
  kind: string;
  graphqlCost?: number;
  /** The simulator's own work on it, after the injected latency. */
  workMs?: number;
};

/** GitHub traffic of one measured operation, from the simulator's request log. */
export type Cost = {
  graphql: number;
  rest: number;
  downloads: number;
  other: number;
  points: number;
  total: number;
  /** The simulator's own work on the round trips, summed (GitHub's share beside the latency). */
  simulatorMs: number;
};

export const NO_COST: Cost = {
  graphql: 0,
  rest: 0,
  downloads: 0,
  other: 0,
  points: 0,
  total: 0,
  simulatorMs: 0,
};

export function costOf(requests: LoggedRequest[]): Cost {
  const cost = { ...NO_COST };
  for (const entry of requests) {
    if (entry.kind === "graphql") {
      cost.graphql += 1;
      cost.points += entry.graphqlCost ?? 0;
    } else if (entry.kind === "rest") cost.rest += 1;
    else if (/\/releases\/download\/|\/releases\/assets\//.test(entry.path)) cost.downloads += 1;
    else {
      cost.other += 1;
      continue;
    }
    cost.simulatorMs += entry.workMs ?? 0;
  }
  // Round trips to GitHub: API calls and asset downloads (OAuth and avatar pages are not API traffic).
  cost.total = cost.graphql + cost.rest + cost.downloads;
  return cost;
}

export class SimulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchWithJar(`${this.url}/_simulator/${path}`, null, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(
        `simulator ${method} /_simulator/${path}: HTTP ${response.status} ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : null) as T;
  }

  health() {
    return this.call<{ ok: boolean; scenario?: string }>("GET", "health");
  }

  setLatency(latencyMs: number) {
    return this.call("POST", "faults", { latencyMs });
  }

  clearRequests() {
    return this.call("DELETE", "requests");
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.call<{ requests: LoggedRequest[] }>("GET", "requests")).requests;
  }

  /** Runs `operation` with an empty request log and returns its result and GitHub cost. */
  async measure<T>(
    operation: () => Promise<T>,
  ): Promise<{ result: T; cost: Cost; requests: LoggedRequest[] }> {
    await this.clearRequests();
    const result = await operation();
    const requests = await this.requests();
    return { result, cost: costOf(requests), requests };
  }
}

const decodeEntities = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, entity: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[entity] ?? "",
  );

function location(response: Response, base: string): string {
  const target = response.headers.get("location");
  if (!target)
    throw new Error(
      `Expected a redirect from ${response.url || base}, got HTTP ${response.status}`,
    );
  return new URL(target, base).toString();
}

/**
 * Signs in to tagwatch as `login` through next-auth and the simulator's OAuth pages, without a
 * browser; returns the cookie jar holding the session cookie.
 */
export async function signIn(appUrl: string, login: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrf = await fetchWithJar(`${appUrl}/api/auth/csrf`, jar);
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf: HTTP ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const signin = await fetchWithJar(`${appUrl}/api/auth/signin/github`, jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/`, json: "true" }).toString(),
  });
  const authorizeUrl =
    signin.status >= 300 && signin.status < 400
      ? location(signin, appUrl)
      : ((await signin.json()) as { url: string }).url;

  // The simulator's Authorize page: a form with hidden fields and a radio per user.
  const page = await fetchWithJar(authorizeUrl, null);
  const html = await page.text();
  if (!page.ok) throw new Error(`GET ${authorizeUrl}: HTTP ${page.status} ${html.slice(0, 200)}`);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] ?? "", decodeEntities(match[2] ?? ""));
  }
  form.set("login", login);
  const authorizeOrigin = new URL(authorizeUrl).origin;
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "/login/oauth/authorize";
  const authorized = await fetchWithJar(
    new URL(decodeEntities(action), authorizeOrigin).toString(),
    null,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    },
  );
  let next = location(authorized, authorizeOrigin);

  // Back to /api/auth/callback/github, which sets the session cookie and redirects on.
  for (let hop = 0; hop < 5 && next.startsWith(appUrl); hop++) {
    const response = await fetchWithJar(next, jar);
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400) break;
    next = location(response, appUrl);
    if (jar.names().some((name) => name.endsWith("next-auth.session-token"))) break;
  }
  if (!jar.names().some((name) => name.endsWith("next-auth.session-token"))) {
    throw new Error(
      `Sign-in as ${login} gave no session cookie (cookies: ${jar.names().join(", ") || "none"}; last ${next})`,
    );
  }
  return jar;
}
