import type { Page } from "@playwright/test";
import { DEMO_REPOSITORIES } from "./demo-expectations";
import { expect, signIn, test } from "./fixtures";

/** The demo's pipeline-zoo organisation: one repository per kind of release pipeline (issue 10). */
const isPipelineZoo = (name: string) => name.startsWith("pipeline-zoo/");

/** The overview as a user finds it: the list, its cards and the controls above it. */
class OverviewPage {
  constructor(readonly page: Page) {}

  get list() {
    return this.page.getByRole("list", { name: "Repositories" });
  }

  get cards() {
    return this.list.getByRole("article");
  }

  card(repository: string) {
    return this.list.locator(`article[data-repository="${repository}"]`);
  }

  async open(path = "/") {
    await this.page.goto(path);
    await this.loaded();
  }

  /** Every batch has arrived. */
  async loaded() {
    await expect(this.list).toBeVisible();
    await expect(this.list).toHaveAttribute("aria-busy", "false");
  }

  async repositories(): Promise<string[]> {
    return this.cards.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute("data-repository") ?? ""),
    );
  }
}

test.describe("your repositories, problems first", () => {
  test.beforeEach(async ({ simulator }) => {
    await simulator.reset();
  });

  test("the classic repository is on top with its two not-triggered tags, and leads to its page", async ({
    page,
  }) => {
    await signIn(page, "octo-maintainer");
    const overview = new OverviewPage(page);
    await overview.open("/");
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "octo-maintainer/classic-cli",
    );

    const classic = overview.card("octo-maintainer/classic-cli");
    const notTriggered = classic.locator('[data-status="not-triggered"]');
    await expect(notTriggered).toHaveAttribute("data-count", "2");
    await expect(notTriggered).toContainText("Not triggered");
    await expect(classic).toContainText("v0.1.2");
    await expect(classic).toContainText("v0.1.0");

    // Every other repository with a not-triggered tag comes before any without one. The
    // pipeline-zoo organisation (issue 10) has its own expectations; here only the classic demo's.
    const order = (await overview.repositories()).filter((name) => !isPipelineZoo(name));
    expect(order.slice(0, 5).sort()).toEqual(
      [
        "octo-maintainer/classic-cli",
        "octo-maintainer/pattern-mismatch",
        "octo-maintainer/private-service",
        "release-lab/bulk-tags",
        "release-lab/disabled-workflow",
      ].sort(),
    );
    // Without tags or releases there is nothing to judge.
    expect(order).not.toContain("octo-maintainer/no-tags");
    expect(order.sort()).toEqual([...DEMO_REPOSITORIES].sort());

    await classic.getByRole("link", { name: "octo-maintainer/classic-cli" }).click();
    await expect(page).toHaveURL(/\/octo-maintainer\/classic-cli$/);
  });

  test("the search box filters as you type; the owner select narrows to one owner", async ({
    page,
  }) => {
    await signIn(page, "octo-maintainer");
    const overview = new OverviewPage(page);
    await overview.open("/");
    await page.getByRole("searchbox", { name: "Search repositories" }).fill("bulk");
    await expect(overview.cards).toHaveCount(1);
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "release-lab/bulk-tags",
    );
    await page.getByRole("searchbox", { name: "Search repositories" }).fill("nothing-like-this");
    await expect(overview.cards).toHaveCount(0);
    await expect(page.getByText("No repositories match")).toBeVisible();
    await page.getByRole("searchbox", { name: "Search repositories" }).fill("");

    await page.getByRole("combobox", { name: "Owner" }).selectOption("release-lab");
    const releaseLab = DEMO_REPOSITORIES.filter((name) => name.startsWith("release-lab/"));
    await expect(overview.cards).toHaveCount(releaseLab.length);
    expect((await overview.repositories()).sort()).toEqual([...releaseLab].sort());
  });

  test("a pinned repository stays on top, in this browser, until unpinned", async ({ page }) => {
    await signIn(page, "octo-maintainer");
    const overview = new OverviewPage(page);
    await overview.open("/");
    await page.getByRole("button", { name: "Pin octo-maintainer/healthy-lib" }).click();
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "octo-maintainer/healthy-lib",
    );
    await expect(
      page.getByRole("button", { name: "Unpin octo-maintainer/healthy-lib" }),
    ).toBeVisible();

    await overview.open("/");
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "octo-maintainer/healthy-lib",
    );
    await page.getByRole("button", { name: "Unpin octo-maintainer/healthy-lib" }).click();
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "octo-maintainer/classic-cli",
    );
  });

  test("an owner's page lists only that owner's repositories; an unknown owner is not found, an invalid name is a 400", async ({
    page,
  }) => {
    await signIn(page, "octo-maintainer");
    const overview = new OverviewPage(page);
    await overview.open("/release-lab");
    await expect(page.getByRole("heading", { level: 1, name: "release-lab" })).toBeVisible();
    expect((await overview.repositories()).sort()).toEqual(
      DEMO_REPOSITORIES.filter((name) => name.startsWith("release-lab/")).sort(),
    );
    // Its newest tag did not ship: ahead of bulk-tags, whose four old tags never ran but whose newest did.
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "release-lab/disabled-workflow",
    );

    expect((await page.goto("/no-such-owner-here"))?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Owner not found" })).toBeVisible();
    expect((await page.goto("/-invalid-"))?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "Not a valid GitHub name" })).toBeVisible();
  });

  test("a reader sees only the repositories shared with them", async ({ page }) => {
    await signIn(page, "octo-reader");
    const overview = new OverviewPage(page);
    await overview.open("/");
    expect((await overview.repositories()).sort()).toEqual([
      "octo-maintainer/classic-cli",
      "release-lab/partial-assets",
    ]);
    await expect(overview.cards.first()).toHaveAttribute(
      "data-repository",
      "octo-maintainer/classic-cli",
    );

    // An owner's page shows their public repositories to anyone, never the private ones not shared.
    await overview.open("/octo-maintainer");
    expect((await overview.repositories()).sort()).toEqual(
      DEMO_REPOSITORIES.filter(
        (name) => name.startsWith("octo-maintainer/") && name !== "octo-maintainer/private-service",
      ).sort(),
    );
  });
});
