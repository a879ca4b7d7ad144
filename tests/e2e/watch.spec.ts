import { dispatches, issues, OWNER, pushTags, resetToWatchScenario } from "../watch-scenario";
import { APP_URL, expect, SIM_URL, Simulator, signIn, test } from "./fixtures";

// What a person sees of watch mode: the repository page says the App watches it and what the App
// did, and /setup creates the App. The App's work itself (webhooks, sweeps, issues, dispatches)
// needs no browser: tests/integration/http/watch.test.ts, on the same scenario
// (tests/watch-scenario.ts).

test.describe("watch mode", () => {
  test.beforeEach(async ({ simulator }) => {
    await resetToWatchScenario(simulator, APP_URL);
  });

  test.afterAll(async ({ leakGuard }) => {
    const simulator = new Simulator(leakGuard.fetch);
    await simulator.call("POST", "apps/tagwatch/webhook", { url: null });
    await simulator.call("POST", "reset", { scenario: "demo" });
  });

  test("with redispatch: true a bot-pushed tag is dispatched once, ships, and the issue closes", async ({
    simulator,
    page,
  }) => {
    // Signing in and two server-rendered pages on a busy machine.
    test.slow();
    await pushTags(simulator, "heal-cli", ["v1.1.0"], true);
    await expect
      .poll(async () => (await issues(simulator, "heal-cli"))[0]?.state, { timeout: 30_000 })
      .toBe("closed");
    const [issue, ...others] = await issues(simulator, "heal-cli");
    expect(others).toEqual([]);
    expect(issue?.body).toMatch(/`v1\.1\.0`: dispatched release\.yml at/);
    expect(issue?.comment_bodies.map((comment) => comment.body)).toEqual([
      "`v1.1.0` shipped: every tag tagwatch watches has a complete release now. Closing.",
    ]);
    expect(await dispatches(simulator, "heal-cli")).toHaveLength(1);

    // The dashboard says the App watches the repository and what it did.
    await signIn(page, OWNER, `/${OWNER}/heal-cli`);
    const panel = page.getByRole("region", { name: "Watch mode" });
    await expect(panel).toContainText("Watched by the tagwatch App");
    await expect(panel).toContainText(/tagwatch dispatched release\.yml on v1\.1\.0 at/);
    await page.goto(`/${OWNER}/unwatched`);
    await expect(page.getByRole("link", { name: "Install the tagwatch App" })).toHaveAttribute(
      "href",
      `${SIM_URL}/apps/tagwatch/installations/new`,
    );
  });

  test("/setup creates the App with the manifest flow and shows its credentials once", async ({
    page,
    simulator,
  }) => {
    await page.goto("/setup");
    await page.getByLabel("App name").fill("tagwatch-e2e");
    await page.getByRole("button", { name: "Create the GitHub App" }).click();
    // The simulator's confirmation page, as GitHub shows one.
    await page.waitForURL(/\/settings\/apps\/new/);
    await expect(page.getByText(`${APP_URL}/api/github/webhooks`)).toBeVisible();
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Create GitHub App" }).click();
    await page.waitForURL(/\/setup\/callback\?/);
    await expect(
      page.getByRole("heading", { name: "The GitHub App tagwatch-e2e exists" }),
    ).toBeVisible();
    const settings = page.getByRole("region", { name: "Settings" });
    await expect(settings).toContainText("GITHUB_APP_ID");
    await expect(settings).toContainText("-----BEGIN RSA PRIVATE KEY-----\\n");
    await expect(settings).toContainText("GITHUB_APP_SLUG");
    await expect(settings).toContainText("tagwatch-e2e");
    const { apps } = await simulator.call<{
      apps: { slug: string; webhookUrl: string | null; permissions: Record<string, string> }[];
    }>("GET", "apps");
    expect(apps.find((app) => app.slug === "tagwatch-e2e")).toMatchObject({
      webhookUrl: `${APP_URL}/api/github/webhooks`,
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
    });
    // The code works once: a reload shows no credentials.
    await page.reload();
    await expect(page.getByText("GitHub did not hand over the App")).toBeVisible();
  });
});
