import type { Page } from "@playwright/test";
import { expect, type Simulator, signIn, test } from "./fixtures";

// The person revoked tagwatch on GitHub (Settings > Applications > Revoke): their session's token
// now answers 401 Bad credentials. tagwatch must sign them out once, say why, and never ask GitHub
// with that token again, whichever page they were on; its API keeps answering 401.

const SIGNED_OUT = /Your GitHub sign-in is no longer valid/;

/** What GitHub received with any token since the last clear (the simulator's request log). */
async function githubRequests(simulator: Simulator) {
  return (await simulator.requests()).filter(
    (request) => request.kind === "rest" || request.kind === "graphql",
  );
}

/** Revokes once the page signed in on has settled: its overview's sparkline images done loading. */
async function revoke(page: Page, simulator: Simulator) {
  await page.waitForLoadState("networkidle");
  await simulator.call("POST", "oauth/revoke", {
    login: "octo-maintainer",
    clientId: "tagwatch-demo",
  });
  await simulator.clearRequests();
}

/**
 * Every URL the tab goes to, in order (a reload loop shows up here). Next's router rewrites the
 * entry it just loaded on hydration (history.replaceState, same URL): that is not a visit, but a
 * new request for the same URL (a reload) is.
 */
function navigations(page: Page): string[] {
  const urls: string[] = [];
  let last: string | null = null;
  let requested = false;
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) requested = true;
  });
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    if (frame.url() !== last || requested) urls.push(new URL(frame.url()).pathname);
    last = frame.url();
    requested = false;
  });
  return urls;
}

async function expectSignedOut(page: Page, from: string) {
  const target = `/signin?callbackUrl=${encodeURIComponent(from)}&reason=expired`;
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === target);
  await expect(page.getByRole("alert").filter({ hasText: SIGNED_OUT })).toBeVisible();
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Sign in with GitHub" }),
  ).toBeVisible();
  expect(
    (await page.context().cookies()).filter((cookie) => cookie.name.includes("session-token")),
  ).toEqual([]);
}

test.describe("a token GitHub no longer accepts", () => {
  for (const from of ["/octo-maintainer/classic-cli", "/octo-maintainer", "/"]) {
    test(`on ${from}: signed out once with the reason, and GitHub is not asked again`, async ({
      page,
      simulator,
    }) => {
      await signIn(page, "octo-maintainer");
      await revoke(page, simulator);
      const visited = navigations(page);

      await page.goto(from);
      await expectSignedOut(page, from);

      // One refusal ends it: the page's first reads (sent together: on a repository page the
      // tags' query and workflow list and the release history's query) and nothing after them.
      const refused = await githubRequests(simulator);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(3);
      expect(refused.map((request) => request.status)).toEqual(refused.map(() => 401));
      expect(visited.filter((path) => path === "/signin")).toEqual(["/signin"]);
      expect(visited.length).toBeLessThanOrEqual(3);

      // Signed out for real: every page and the API answer without GitHub.
      await page.goto("/octo-maintainer/classic-cli");
      await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Focto-maintainer%2Fclassic-cli$/);
      const api = await page.request.get("/api/repos/octo-maintainer/classic-cli/health");
      expect(api.status()).toBe(401);
      expect(await githubRequests(simulator)).toHaveLength(refused.length);
    });
  }

  test("the API keeps its 401, and that answer ends the session", async ({ page, simulator }) => {
    await signIn(page, "octo-maintainer");
    await revoke(page, simulator);

    const first = await page.request.get("/api/repos/octo-maintainer/classic-cli/health");
    expect(first.status()).toBe(401);
    expect((await first.json()).error).toEqual({
      code: "unauthenticated",
      message: "Your GitHub sign-in has expired. Sign in again.",
    });
    const asked = (await githubRequests(simulator)).length;
    expect(asked).toBeGreaterThan(0);

    const again = await page.request.get("/api/repos/octo-maintainer/classic-cli/health");
    expect(again.status()).toBe(401);
    expect((await again.json()).error.code).toBe("unauthenticated");
    const dispatch = await page.request.post("/api/repos/octo-maintainer/classic-cli/dispatch", {
      data: { tag: "v0.1.2" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(dispatch.status()).toBe(401);
    expect(await githubRequests(simulator)).toHaveLength(asked);
  });

  test("a request that cannot say why (an API call, an image) ends it: the next page says why, once", async ({
    page,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer");
    await revoke(page, simulator);
    const api = await page.request.get("/api/repos/octo-maintainer/classic-cli/health");
    expect(api.status()).toBe(401);
    const asked = (await githubRequests(simulator)).length;
    expect(asked).toBeGreaterThan(0);
    const visited = navigations(page);

    await page.goto("/octo-maintainer");
    await expectSignedOut(page, "/octo-maintainer");
    expect(visited).toEqual(["/signin"]);
    // Said once: the next signed-out visit is a plain one, and GitHub was not asked again.
    await page.goto("/octo-maintainer/classic-cli");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Focto-maintainer%2Fclassic-cli$/);
    expect(await githubRequests(simulator)).toHaveLength(asked);
  });

  test("a page already open: its next request meets the 401 and goes to sign-in once", async ({
    page,
    simulator,
    repositoryPage,
  }) => {
    await signIn(page, "octo-maintainer");
    await page.goto("/octo-maintainer/classic-cli");
    const row = repositoryPage.tag("v0.1.2");
    await expect(row).toHaveAttribute("data-status", "not-triggered");
    await revoke(page, simulator);
    const visited = navigations(page);

    await row.getByRole("button", { name: /^Re-dispatch release\.yml on v0\.1\.2/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Dispatch" }).click();
    await expectSignedOut(page, "/octo-maintainer/classic-cli");
    expect(visited).toEqual(["/signin"]);
    // The dispatch was refused by GitHub and never retried; nothing was dispatched.
    const refused = await githubRequests(simulator);
    expect(refused.map((request) => request.status)).toEqual(refused.map(() => 401));
    expect(refused.filter((request) => request.method === "POST").length).toBeLessThanOrEqual(1);
  });
});
