import { expect, signIn, test } from "./fixtures";

test.describe("signing in with GitHub", () => {
  test("a maintainer signs in through GitHub's Authorize page, sees their login, and signs out", async ({
    page,
    simulator,
  }) => {
    await page.goto("/");
    await signIn(page, "octo-maintainer");
    const header = page.getByRole("banner");
    await expect(header.getByText("octo-maintainer")).toBeVisible();
    await expect(header.getByRole("img", { name: "@octo-maintainer" })).toBeVisible();

    await header.getByRole("button", { name: "Sign out" }).click();
    await expect(
      page.getByRole("banner").getByRole("link", { name: "Sign in with GitHub" }),
    ).toBeVisible();
    await expect(page.getByRole("banner").getByText("octo-maintainer")).toHaveCount(0);
    expect(await simulator.tokens()).not.toHaveLength(0);
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

  test("API routes answer 401 JSON without a session", async ({ request }) => {
    const response = await request.get("/api/repos/octo-maintainer/classic-cli/health");
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });

  test("the GitHub access token never reaches the browser", async ({
    page,
    simulator,
    repositoryPage,
  }) => {
    const bodies: string[] = [];
    page.on("response", async (response) => {
      try {
        bodies.push(`${JSON.stringify(await response.allHeaders())}\n${await response.text()}`);
      } catch {
        // Redirects and aborted responses have no body.
      }
    });
    await signIn(page, "octo-maintainer");
    await page.goto("/octo-maintainer/classic-cli");
    await expect(repositoryPage.tag("v0.1.2")).toBeVisible();
    await page.request
      .get("/api/repos/octo-maintainer/classic-cli/health")
      .then(async (r) => bodies.push(await r.text()));
    await page.request.get("/api/auth/session").then(async (r) => bodies.push(await r.text()));

    const tokens = await simulator.tokens();
    const issued = tokens.filter((token) => token.startsWith("gho_"));
    expect(issued.length).toBeGreaterThan(0);
    const cookies = await page.evaluate(() => document.cookie);
    expect(bodies.length).toBeGreaterThan(3);
    for (const token of issued) {
      expect(cookies).not.toContain(token);
      for (const body of bodies) expect(body).not.toContain(token);
    }
  });
});
