import { test as base, expect, type Locator, type Page } from "@playwright/test";

import { type Http, signInOverHttp } from "../sign-in";
import { type Fetch, SimulatorControl } from "../simulator-control";
import { APP_PORT, APP_URL, SIM_URL } from "./constants";
import { LeakGuard } from "./leak-guard";
import { RepositoryPage } from "./pages/repository-page";

export { APP_URL, SIM_URL } from "./constants";

export type { Fetch };

/** The simulator's control API on this worker's simulator: the test's handle on "GitHub". */
export class Simulator extends SimulatorControl {
  /** When the test's reset replayed the scenario: between these two times (ms since the epoch). */
  replayed = { from: 0, to: 0 };

  /** `fetch`: the leak guard's, so what the simulator answers is inspected too. */
  constructor(fetch: Fetch) {
    super(fetch, SIM_URL);
  }
}

/** `page.request` as the plain HTTP client of tests/sign-in.ts: it shares the page's cookies. */
export function httpOf(page: Page): Http {
  return async ({ method, url, form }) => {
    const response = await page.request.fetch(url, { method, form, maxRedirects: 0 });
    return {
      status: response.status(),
      location: response.headers().location ?? null,
      text: await response.text(),
    };
  };
}

/**
 * Signs in as `login` and opens the page sign-in leads to: `start` when it is a tagwatch page,
 * or the `callbackUrl` of a `/signin` address (default: the overview). The sign-in itself is
 * made with the requests a browser sends (tests/sign-in.ts), a fresh GitHub token each time;
 * the journeys through the sign-in pages use `signInThroughGitHub`.
 */
export async function signIn(page: Page, login = "octo-maintainer", start = "/signin") {
  const url = new URL(start, APP_URL);
  const callbackUrl =
    url.pathname === "/signin"
      ? (url.searchParams.get("callbackUrl") ?? "/")
      : url.pathname + url.search;
  await page.goto(await signInOverHttp(httpOf(page), APP_URL, login, callbackUrl));
}

/**
 * Signs in as `login` without opening a page: the page's browser context (and `page.request`)
 * holds the session. For tests that open their own pages: landing on the overview first would
 * make it read every repository and draw its sparklines for nothing.
 */
export async function signInWithoutPage(page: Page, login = "octo-maintainer") {
  await signInOverHttp(httpOf(page), APP_URL, login, "/");
}

/**
 * Clicks `opener` until `target` shows (a dialog, a disclosure's content): a click that lands
 * before the page has hydrated opens nothing, and a person would simply click again.
 */
export async function clickUntilShown(opener: Locator, target: Locator): Promise<void> {
  await expect(async () => {
    if (!(await target.isVisible())) await opener.click();
    await expect(target).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
}

/** Signs in through the sign-in page and the simulator's Authorize page, as a person does. */
export async function signInThroughGitHub(
  page: Page,
  login = "octo-maintainer",
  start = "/signin",
) {
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
      const guard = new LeakGuard(SIM_URL);
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
      const from = Date.now();
      await simulator.reset();
      simulator.replayed = { from, to: Date.now() };
      await simulator.clearFaults();
      await simulator.clearRequests();
      await use(simulator);
      await simulator.clearFaults();
    },
    { auto: true },
  ],
});

export { expect };
