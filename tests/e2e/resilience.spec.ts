import type { Page } from "@playwright/test";
import { expect, type Simulator, signIn, signInWithoutPage, test } from "./fixtures";

const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|node_modules|webpack-internal/;
const RATE_LIMITED = /rate limit is used up until \d\d:\d\d UTC/;

/** The signed-in user's GraphQL requests (watch mode's own reads, with the App's token, aside). */
async function userGraphql(simulator: Simulator) {
  return (await simulator.requests()).filter(
    (request) => request.kind === "graphql" && request.user === "octo-maintainer",
  );
}

/** The page's release history section, which reads GitHub on its own (and may be cached). */
const historySection = (page: Page) => page.getByRole("region", { name: "Release history" });

/** Everything on the repository page but its release history: the tags' part. */
const tagsPart = (page: Page) => page.locator("#main > :not([aria-labelledby='release-history'])");

/** The tags' part's alert: one of its parts, or inside one. */
const tagsAlert = (page: Page) =>
  tagsPart(page)
    .getByRole("alert")
    .or(tagsPart(page).and(page.getByRole("alert")));

/** How many reads the repository page made: the tags, and the history unless it was cached. */
async function pageReads(page: Page): Promise<number> {
  // The browser reads the history after the page: wait until that read (and its retries) is over.
  await expect(historySection(page).locator('[aria-busy="true"]')).toHaveCount(0, {
    timeout: 20_000,
  });
  return (await historySection(page).getByRole("alert").count()) > 0 ? 2 : 1;
}

test.describe("when GitHub misbehaves", () => {
  test("a passing 502/503 is retried and the page still loads", async ({
    page,
    simulator,
    repositoryPage,
  }) => {
    await signInWithoutPage(page);
    await simulator.clearRequests();
    await simulator.faults({
      failures: [
        { pathPrefix: "/api/graphql", status: 502, count: 1 },
        { pathPrefix: "/api/graphql", status: 503, count: 1 },
      ],
    });
    await page.goto("/release-lab/draft-app");
    await expect(repositoryPage.tag("v1.1.0")).toHaveAttribute("data-status", "draft-release");
    await expect(historySection(page)).toBeVisible();
    await expect(historySection(page).getByRole("alert")).toHaveCount(0);
    // The page's reads (the tags, and the release history unless cached) met the 502 and the 503
    // between them, and each read was retried until GitHub answered, once.
    const graphql = await userGraphql(simulator);
    expect(graphql.filter((request) => request.status !== 200).map((r) => r.status)).toEqual([
      502, 503,
    ]);
    const answered = graphql.filter((request) => request.status === 200);
    expect(answered.map((request) => request.operationName)).toContain("RepositoryHealth");
    expect(new Set(answered.map((request) => request.operationName)).size).toBe(answered.length);
  });

  test("when GitHub keeps failing, the page says so plainly and offers to try again", async ({
    page,
    simulator,
    repositoryPage,
  }) => {
    await signInWithoutPage(page);
    await simulator.clearRequests();
    await simulator.faults({ failures: [{ pathPrefix: "/api/graphql", status: 503, count: 100 }] });
    await page.goto("/release-lab/partial-assets");
    // Next's route announcer is an (empty) alert too: take the one that speaks.
    const alert = page.getByRole("alert").filter({ hasText: "GitHub could not be reached" });
    await expect(alert).toContainText("GitHub could not be reached");
    await expect(alert).toContainText(/did not answer/);
    await expect(alert.getByRole("link", { name: "Try again" })).toBeVisible();
    expect(await page.content()).not.toMatch(STACK_TRACE);

    const api = await page.request.get("/api/repos/release-lab/partial-assets/health");
    expect(api.status()).toBe(503);
    const body = await api.json();
    expect(body.error.code).toBe("github-unavailable");
    expect(JSON.stringify(body)).not.toMatch(STACK_TRACE);

    // Reads are retried twice, never more: each of the page's reads and the API call made three
    // attempts.
    const reads = (await pageReads(page)) + 1;
    const graphql = await userGraphql(simulator);
    expect(graphql.map((request) => request.status)).toEqual(Array(reads * 3).fill(503));
    await simulator.clearFaults();
    await alert.getByRole("link", { name: "Try again" }).click();
    await expect(repositoryPage.tag("v1.1.0")).toBeVisible();
  });

  // github.com's answer today (RATE_LIMIT / graphql_rate_limit) and the older RATE_LIMITED one.
  for (const shape of ["current", "legacy"] as const) {
    test(`rate limited (${shape} answer): the reset time is shown and the last good data stays on screen`, async ({
      page,
      simulator,
      repositoryPage,
    }) => {
      await signIn(page, "octo-maintainer", "/octo-maintainer/healthy-lib");
      await expect(repositoryPage.tag("v1.1.0")).toBeVisible();

      await simulator.faults({ graphqlRateLimited: 100, graphqlRateLimitShape: shape });
      // Once the server's short e2e cache (2 s) has expired, a reload really asks GitHub. The tags
      // keep their last good data with a note; the release history says it for itself.
      await expect(async () => {
        await page.reload();
        await expect(tagsPart(page).getByText(RATE_LIMITED)).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 30_000 });
      await expect(repositoryPage.tag("v1.1.0")).toHaveAttribute("data-status", "healthy");

      const api = await page.request.get("/api/repos/octo-maintainer/healthy-lib/health");
      expect(api.status()).toBe(200);
      expect((await api.json()).notes.join(" ")).toMatch(/rate limit/);

      // A repository with nothing to fall back on: a plain explanation and a 429 with Retry-After.
      await page.goto("/release-lab/draft-app");
      await expect(tagsAlert(page).filter({ hasText: "rate limit is used up" })).toBeVisible();
      const fresh = await page.request.get("/api/repos/release-lab/token-release/health");
      expect(fresh.status()).toBe(429);
      expect(Number(fresh.headers()["retry-after"])).toBeGreaterThan(0);
      expect((await fresh.json()).error.resetAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });
  }

  test("partial GraphQL data is shown, with a note saying what GitHub left out", async ({
    page,
    simulator,
    repositoryPage,
  }) => {
    await signInWithoutPage(page);
    await simulator.faults({ graphqlFieldErrors: ["checkSuites"] });
    await page.goto("/release-lab/draft-app");
    await expect(repositoryPage.tag("v1.1.0")).toBeVisible();
    // The tags' note (the release history, when it read GitHub too, notes it for itself).
    await expect(
      tagsPart(page).getByText("GitHub returned partial data (checkSuites missing)"),
    ).toBeVisible();
    const api = await page.request.get("/api/repos/release-lab/draft-app/health");
    expect(api.status()).toBe(200);
    expect((await api.json()).notes.join(" ")).toContain("partial data (checkSuites missing)");
  });

  test("GitHub unreachable: the page says so instead of failing blank", async ({
    page,
    simulator,
  }) => {
    await signInWithoutPage(page);
    await simulator.clearRequests();
    await simulator.faults({ failures: [{ pathPrefix: "/api/", status: 0, count: 100 }] });
    await page.goto("/release-lab/token-release");
    const alert = page.getByRole("alert").filter({ hasText: "GitHub could not be reached" });
    await expect(alert).toContainText("did not answer");
    expect(await page.content()).not.toMatch(STACK_TRACE);
    // Three attempts for the tags' read. The tags' read failed before the page could stream (the
    // workflows read failed too), so the release history does not ask GitHub only to fail again.
    await expect(historySection(page)).toContainText("Unavailable");
    await expect(historySection(page).getByRole("alert")).toHaveCount(0);
    const graphql = await userGraphql(simulator);
    expect(graphql.map((request) => request.status)).toEqual(Array(3).fill(0));
  });
});
