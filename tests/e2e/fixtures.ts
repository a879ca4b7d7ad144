import { test as base, expect, type Page } from "@playwright/test";

import { APP_PORT, SIM_URL } from "./constants";
import { LeakGuard } from "./leak-guard";
import { RepositoryPage } from "./pages/repository-page";

export { APP_URL, SIM_URL } from "./constants";

export type Fetch = LeakGuard["fetch"];

/** The simulator's control API: the test's handle on "GitHub". */
export class Simulator {
  /** `fetch`: the leak guard's, so what the simulator answers is inspected too. */
  constructor(private readonly fetch: Fetch) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(`${SIM_URL}/_simulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  reset() {
    return this.call("POST", "reset", {});
  }

  faults(faults: Record<string, unknown>) {
    return this.call("POST", "faults", faults);
  }

  clearFaults() {
    return this.call("DELETE", "faults");
  }

  /** Every token the simulator knows (issued by OAuth, to the App, or fixed by the scenario). */
  async tokens(): Promise<{ token: string; login: string }[]> {
    return (await this.call<{ tokens: { token: string; login: string }[] }>("GET", "tokens"))
      .tokens;
  }

  async requests(): Promise<
    {
      at: string;
      method: string;
      path: string;
      status: number;
      kind: string;
      user?: string;
      graphqlCost?: number;
    }[]
  > {
    const body = await this.call<{
      requests: {
        at: string;
        method: string;
        path: string;
        status: number;
        kind: string;
        user?: string;
        graphqlCost?: number;
      }[];
    }>("GET", "requests");
    return body.requests;
  }

  clearRequests() {
    return this.call("DELETE", "requests");
  }

  push(body: {
    owner: string;
    repo: string;
    by: string;
    withGithubToken: boolean;
    tags: string[];
    annotated?: boolean;
  }) {
    return this.call("POST", "push", body);
  }
}

/** Signs in through the simulator's Authorize page as `login` and waits to be back on tagwatch. */
export async function signIn(page: Page, login = "octo-maintainer", start = "/signin") {
  await page.goto(start);
  if (!page.url().includes("/login/oauth/authorize")) {
    await page.getByRole("button", { name: "Sign in with GitHub" }).first().click();
  }
  await page.waitForURL(/\/login\/oauth\/authorize/);
  await page.getByRole("radio", { name: new RegExp(login) }).check();
  await page.getByRole("button", { name: "Authorize", exact: true }).click();
  await page.waitForURL(
    (url) => url.port === String(APP_PORT) && !url.pathname.startsWith("/api/auth"),
  );
}

export const test = base.extend<
  { simulator: Simulator; repositoryPage: RepositoryPage; leakCheck: undefined },
  { leakGuard: LeakGuard }
>({
  // One per worker, watching every browser context and API request context from the start;
  // what hooks receive (beforeAll, afterAll) is checked with the next test or at the end.
  leakGuard: [
    async ({ browser, playwright }, use) => {
      const guard = new LeakGuard();
      guard.watchBrowser(browser);
      guard.watchApiRequests(playwright.request);
      await use(guard);
      expect(await guard.check(), "the servers sent back a token or secret").toEqual([]);
      console.log(guard.summary());
    },
    { scope: "worker", auto: true },
  ],
  // Every test ends by checking what it received: a leak fails the test that caused it.
  leakCheck: [
    async ({ leakGuard }, use) => {
      await use(undefined);
      expect(await leakGuard.check(), "the servers sent back a token or secret").toEqual([]);
    },
    { auto: true },
  ],
  repositoryPage: async ({ page }, use) => {
    await use(new RepositoryPage(page));
  },
  // Every test starts from the scenario as loaded, without faults or logged requests.
  simulator: [
    async ({ leakGuard }, use) => {
      const simulator = new Simulator(leakGuard.fetch);
      await simulator.reset();
      await simulator.clearFaults();
      await simulator.clearRequests();
      await use(simulator);
      await simulator.clearFaults();
    },
    { auto: true },
  ],
});

export { expect };
