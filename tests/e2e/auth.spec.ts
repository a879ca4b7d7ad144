import { APP_URL, expect, signInThroughGitHub, test } from "./fixtures";

test.describe("signing in with GitHub", () => {
  test("a maintainer signs in through GitHub's Authorize page, sees their login, and signs out", async ({
    page,
  }) => {
    await page.goto("/");
    await signInThroughGitHub(page, "octo-maintainer");
    const header = page.getByRole("banner");
    await expect(header.getByText("octo-maintainer")).toBeVisible();
    await expect(header.getByRole("img", { name: "@octo-maintainer" })).toBeVisible();

    await header.getByRole("button", { name: "Sign out" }).click();
    await expect(
      page.getByRole("banner").getByRole("link", { name: "Sign in with GitHub" }),
    ).toBeVisible();
    await expect(page.getByRole("banner").getByText("octo-maintainer")).toHaveCount(0);
  });

  test("a protected page sends a signed-out visitor to sign in and back again", async ({
    page,
    simulator,
  }) => {
    await simulator.reset();
    await page.goto("/octo-maintainer/classic-cli");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Focto-maintainer%2Fclassic-cli/);
    await page.getByRole("main").getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Authorize", exact: true }).click();
    await expect(page).toHaveURL(/\/octo-maintainer\/classic-cli$/);
    await expect(page.getByRole("heading", { name: /octo-maintainer\/classic-cli/ })).toBeVisible();
  });

  test("the GitHub access token never reaches the browser: the leak guard sees every kind of answer and knows the token", async ({
    page,
    request,
    browser,
    simulator,
    repositoryPage,
    leakGuard,
  }) => {
    const before = { ...leakGuard.seen };
    await signInThroughGitHub(page, "octo-maintainer");
    await page.goto("/octo-maintainer/classic-cli");
    await expect(repositoryPage.tag("v0.1.2")).toBeVisible();
    expect((await page.request.get("/api/repos/octo-maintainer/classic-cli/health")).ok()).toBe(
      true,
    );
    expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({
      user: { login: "octo-maintainer" },
    });
    expect((await request.get("/api/badge/octo-maintainer/classic-cli")).ok()).toBe(true);
    expect((await leakGuard.fetch(`${APP_URL}/signin`)).ok).toBe(true);
    // A context the test opens itself is watched as well.
    const other = await browser.newContext();
    await (await other.newPage()).goto("/signin");
    await other.close();
    await leakGuard.settle();
    // Sign-in, the page, its client reads, the extra context; the two API calls; the fetch.
    expect(leakGuard.seen.browser - before.browser).toBeGreaterThan(5);
    expect(leakGuard.seen.api - before.api).toBe(3);
    expect(leakGuard.seen.node - before.node).toBeGreaterThan(0);

    // The guard (run when this test ends) knows the token the sign-in issued and finds it.
    const issued = (await simulator.tokens()).filter(
      (token) => token.login === "octo-maintainer" && token.token.startsWith("gho_"),
    );
    expect(issued).not.toHaveLength(0);
    for (const { token } of issued) {
      expect(await leakGuard.leaksIn([{ where: "probe", text: `{"token":"${token}"}` }])).toEqual([
        { where: "probe", secret: expect.stringContaining("octo-maintainer's token") },
      ]);
    }
  });
});
