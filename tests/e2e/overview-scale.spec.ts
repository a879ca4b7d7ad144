import { expect, signIn, test } from "./fixtures";

// An organisation of 1,000 repositories (the simulator's `scale` scenario, generated) as a member
// sees it: a first screen of 100 judged repositories that waits for the list's first page only,
// the rest as they ask, and a filter box that finds any repository of the list by name, judged
// on request. Request counts and the order with watch mode's cards:
// tests/integration/http/overview-scale.test.ts.

const ORG = "scale-org";

test.describe("the overview of an organisation of 1,000 repositories", () => {
  test.beforeEach(async ({ simulator }) => {
    await simulator.call("POST", "reset", { scenario: "scale" });
    await simulator.call("POST", `organizations/${ORG}/repositories`, { count: 1000 });
  });

  test.afterEach(async ({ simulator }) => {
    // The next tests of this worker start from the demo scenario again.
    await simulator.call("POST", "reset", { scenario: "demo" });
  });

  test("shows 100 first, finds one from the tail of the list by name and checks it, loads more when asked, and keeps it on top once pinned", async ({
    page,
    simulator,
  }) => {
    const tail = await simulator.lastRepositoryOf(ORG, "octo-maintainer");
    // The list's pages after the first fail at GitHub: the first screen does not wait for them.
    await simulator.failLaterOwnerListPages();
    await signIn(page, "octo-maintainer", `/${ORG}`);
    const list = page.getByRole("list", { name: "Repositories" });
    const cards = list.getByRole("article");
    await expect(list).toHaveAttribute("aria-busy", "false");
    await expect(cards).toHaveCount(100);
    await expect(list.locator(`article[data-repository="${tail}"]`)).toHaveCount(0);
    const unlisted = page
      .getByRole("alert")
      .filter({ hasText: "The rest of the list could not be read" });
    await expect(unlisted).toBeVisible();
    await simulator.clearFaults();
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(unlisted).toHaveCount(0);

    const search = page.getByRole("searchbox", { name: "Search repositories" });
    await search.fill(tail.split("/")[1] ?? "");
    const unchecked = page.getByRole("region", { name: "Not checked yet" });
    await expect(unchecked.getByRole("link", { name: tail })).toBeVisible();
    await unchecked.getByRole("button", { name: "Check them" }).click();
    await expect(list.locator(`article[data-repository="${tail}"]`)).toBeVisible();
    await expect(unchecked).toHaveCount(0);
    await expect(cards).toHaveCount(1);
    await page.getByRole("button", { name: `Pin ${tail}` }).click();

    await search.fill("");
    await page.getByRole("button", { name: /^Show 100 more of 899/ }).click();
    // Scrolling to the end of the list may load the next window too: at least the second one.
    await expect(async () => expect(await cards.count()).toBeGreaterThanOrEqual(200)).toPass();

    // Pinned, the tail is on top on the next visit too, though no window reaches it.
    await page.reload();
    await expect(cards.first()).toHaveAttribute("data-repository", tail);
  });
});
