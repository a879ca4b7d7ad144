import { test as base, expect, type Page } from "@playwright/test";

import { APP_PORT, E2E_AUTH_SECRET, OAUTH_CLIENT_SECRET, SIM_URL } from "./constants";
import { RepositoryPage } from "./pages/repository-page";

export { APP_URL, SIM_URL } from "./constants";

/** The simulator's control API: the test's handle on "GitHub". */
export class Simulator {
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${SIM_URL}/_simulator/${path}`, {
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

  async tokens(): Promise<string[]> {
    const body = await this.call<unknown>("GET", "tokens");
    return collectTokens(body);
  }

  async requests(): Promise<
    { method: string; path: string; status: number; kind: string; graphqlCost?: number }[]
  > {
    const body = await this.call<{
      requests: {
        method: string;
        path: string;
        status: number;
        kind: string;
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

function collectTokens(value: unknown): string[] {
  if (typeof value === "string") return /^(gho_|sim_)/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(collectTokens);
  if (value && typeof value === "object") return Object.values(value).flatMap(collectTokens);
  return [];
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

export const test = base.extend<{
  simulator: Simulator;
  repositoryPage: RepositoryPage;
  leakGuard: undefined;
}>({
  repositoryPage: async ({ page }, use) => {
    await use(new RepositoryPage(page));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  simulator: async ({}, use) => {
    const simulator = new Simulator();
    await simulator.reset();
    await simulator.clearFaults();
    await simulator.clearRequests();
    await use(simulator);
    await simulator.clearFaults();
  },
  // Every response any page of any test receives is checked for GitHub tokens and server secrets.
  leakGuard: [
    async ({ page, simulator }, use) => {
      const received: { url: string; text: string }[] = [];
      const reading: Promise<void>[] = [];
      page.on("response", (response) => {
        reading.push(
          (async () => {
            const headers = JSON.stringify(await response.allHeaders());
            const body = await response.body().catch(() => Buffer.alloc(0));
            received.push({ url: response.url(), text: `${headers}\n${body.toString("latin1")}` });
          })().catch(() => {}),
        );
      });
      await use(undefined);
      await Promise.all(reading);
      const cookies = await page.evaluate(() => document.cookie).catch(() => "");
      const tokens = (await simulator.tokens()).filter((token) => token.length >= 16);
      const secrets = [...tokens, E2E_AUTH_SECRET, OAUTH_CLIENT_SECRET];
      for (const secret of secrets) {
        expect(cookies, "document.cookie holds a secret").not.toContain(secret);
        for (const response of received) {
          expect(response.text.includes(secret), `${response.url} carried a secret`).toBe(false);
        }
      }
    },
    { auto: true },
  ],
});

export { expect };
