import type { Page } from "@playwright/test";
import { expect, type Simulator, signIn, test } from "./fixtures";

// The person revoked tagwatch on GitHub (Settings > Applications > Revoke): their session's token
// now answers 401 Bad credentials. tagwatch must sign them out once, say why, and never ask GitHub
// with that token again, whichever page they were on; its API keeps answering 401.

const SIGNED_OUT = /Your GitHub sign-in is no longer valid/;

/**
 * What GitHub refused since the revocation (the simulator's request log): every request with the
 * revoked token, and only those (a read answered before the revocation may be logged after it).
 */
async function githubRequests(simulator: Simulator) {
  return (await simulator.requests()).filter(
    (request) => (request.kind === "rest" || request.kind === "graphql") && request.status === 401,
  );
}

/** Revokes once the page signed in on has settled: its overview's sparkline images done loading. */
async function revoke(page: Page, simulator: Simulator) {
  await page.waitForLoadState("networkidle");
  await simulator.clearRequests();
  await simulator.call("POST", "oauth/revoke", {
    login: "octo-maintainer",
    clientId: "tagwatch-demo",
  });
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

/** The session cookie(s) the browser holds now: what a request already on its way carries. */
async function sessionCookies(page: Page) {
  return (await page.context().cookies()).filter((cookie) => cookie.name.includes("session-token"));
}

/** A repository's API route, as the overview's sparkline images and the page's own fetches ask it. */
const api = (repository: string, endpoint: string) =>
  `/api/repos/octo-maintainer/${repository}/${endpoint}`;

async function expectSignedOut(page: Page, from: string) {
  const target = `/signin?callbackUrl=${encodeURIComponent(from)}&reason=expired`;
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === target);
  await expect(page.getByRole("alert").filter({ hasText: SIGNED_OUT })).toBeVisible();
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Sign in with GitHub" }),
  ).toBeVisible();
  expect(await sessionCookies(page)).toEqual([]);
}

test.describe("a token GitHub no longer accepts", () => {
  // Signed in on another page than `from`, so `from`'s first read is not in tagwatch's cache: it
  // asks GitHub, which refuses.
  for (const [from, signedInOn] of [
    ["/octo-maintainer/classic-cli", "/"],
    ["/octo-maintainer", "/"],
    ["/", "/octo-maintainer/classic-cli"],
  ] as const) {
    test(`on ${from}: signed out once with the reason, and GitHub is not asked again`, async ({
      page,
      simulator,
    }) => {
      await signIn(page, "octo-maintainer", signedInOn);
      await revoke(page, simulator);
      const visited = navigations(page);

      await page.goto(from);
      await expectSignedOut(page, from);

      // One refusal ends it: what was asked together before GitHub's first 401 came back (the
      // page's first reads; reads the previous page's links started), and nothing after it.
      const refused = await githubRequests(simulator);
      expect(refused.length).toBeGreaterThan(0);
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

  test("on /: the redirect to sign-in followed twice (Next's router, then the meta refresh of a slow page) says why both times", async ({
    page,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    await revoke(page, simulator);
    // The overview streams, so its redirect is one in the page (router) and a 1-second meta refresh:
    // on a slow machine the browser follows both, the second after the first ended the session.
    const ending: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/signin/ended") ending.push(request.url());
    });
    await page.goto("/");
    await expectSignedOut(page, "/");
    const asked = (await githubRequests(simulator)).length;
    expect(asked).toBeGreaterThan(0);
    expect(ending.length).toBeGreaterThan(0);

    for (const url of [...new Set(ending)]) {
      await page.goto(url);
      await expectSignedOut(page, "/");
    }
    expect(await githubRequests(simulator)).toHaveLength(asked);
  });

  test("requests already on their way with the refused token: each answer ends the session, none asks GitHub", async ({
    page,
    simulator,
  }) => {
    await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
    await revoke(page, simulator);
    const dead = await sessionCookies(page);
    expect(dead.length).toBeGreaterThan(0);

    // The first refusal: one sparkline image (of a repository not in tagwatch's cache yet) asks
    // GitHub, which answers 401.
    const first = await page.request.get(api("pattern-mismatch", "history/sparkline"));
    expect(first.status()).toBe(401);
    const asked = (await githubRequests(simulator)).length;
    expect(asked).toBeGreaterThan(0);

    // The overview's other images and fetches, sent with the same cookie before that answer
    // arrived, reach tagwatch after it, all at once.
    await page.context().addCookies(dead);
    const answers = await Promise.all(
      [
        api("failed-build", "history/sparkline"),
        api("slow-pipeline", "history/sparkline"),
        api("healthy-lib", "history/sparkline"),
        api("failed-build", "health"),
        api("classic-cli", "history"),
        "/api/repos",
      ].map((url) => page.request.get(url)),
    );
    for (const answer of answers) {
      expect(answer.status()).toBe(401);
      expect((await answer.json()).error.message).toBe(
        "Your GitHub sign-in has expired. Sign in again.",
      );
      // Whichever answer the browser applies last, the session is gone and the reason kept.
      const set = answer.headersArray().filter((header) => header.name === "set-cookie");
      expect(set.some((header) => /^tagwatch\.session-ended=[^;]+;/.test(header.value))).toBe(true);
      expect(set.some((header) => /^next-auth\.session-token=;/.test(header.value))).toBe(true);
    }
    expect(await githubRequests(simulator)).toHaveLength(asked);

    // A page opened with the same cookie says why, and asks GitHub nothing either.
    await page.context().addCookies(dead);
    await page.goto("/");
    await expectSignedOut(page, "/");
    expect(await githubRequests(simulator)).toHaveLength(asked);
  });

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
    expect(refused.filter((request) => request.method === "POST").length).toBeLessThanOrEqual(1);
  });
});
