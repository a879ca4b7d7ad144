import { parseTagView, TAG_VIEW_COOKIE } from "@/lib/view-preference";
import { expect, signIn, test } from "./fixtures";

test.describe("the compact view for repositories with many tags", () => {
  test("fifty tags fit in two screens, a line expands to the full card, and the choice is remembered", async ({
    page,
    repositoryPage,
    simulator,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const names = Array.from(
      { length: 50 },
      (_, index) => `v3.${Math.floor(index / 10)}.${index % 10}`,
    );
    // One push of fifty tags starts no workflow (more than three tags): all fifty are flagged.
    await simulator.push({
      owner: "octo-maintainer",
      repo: "healthy-lib",
      by: "octo-maintainer",
      withGithubToken: false,
      tags: names,
    });
    await signIn(page, "octo-maintainer", "/octo-maintainer/healthy-lib");
    await expect(repositoryPage.view("Cards")).toBeChecked();
    await repositoryPage.showAs("Compact");
    const older = page.getByRole("button", { name: "Older tags", exact: true });
    for (let pages = 0; pages < 5 && (await older.isVisible()); pages++) {
      await older.click();
      await expect(page.getByRole("button", { name: "Loading older tags…" })).toHaveCount(0);
    }

    // The tag table (the page's release history has a table of its own).
    const table = page.getByRole("table", { name: /^Tags, newest first/ });
    for (const name of names) await expect(repositoryPage.compactRow(name)).toBeVisible();
    await expect(repositoryPage.compactRow("v3.4.9")).toHaveAttribute(
      "data-status",
      "not-triggered",
    );
    await expect(repositoryPage.tags).toHaveCount(0);

    // From the top of the page to the fiftieth line: at most two 800-pixel screens.
    const fiftieth = await table.getByRole("row").nth(50).boundingBox(); // row 0 is the header
    expect(fiftieth).not.toBeNull();
    expect((fiftieth?.y ?? 0) + (fiftieth?.height ?? 0)).toBeLessThanOrEqual(1600);
    await page.screenshot({ path: test.info().outputPath("compact-1280x800.png"), fullPage: true });

    // A line expands to today's card, with the real fix button.
    await repositoryPage
      .compactRow("v3.4.9")
      .getByRole("button", { name: "v3.4.9", exact: true })
      .click();
    const card = repositoryPage.tag("v3.4.9");
    await expect(card).toHaveAttribute("data-status", "not-triggered");
    await expect(card.getByRole("button", { name: /^Re-dispatch/ })).toBeVisible();
    await expect(table.getByRole("button", { name: "v3.4.9", exact: true })).toHaveAttribute(
      "aria-expanded",
      "true",
    );

    // Remembered in a cookie, so the server renders the table on the first paint.
    const cookie = (await page.context().cookies()).find((item) => item.name === TAG_VIEW_COOKIE);
    expect(parseTagView(cookie?.value)).toBe("compact");
    const html = await (await page.request.get("/octo-maintainer/healthy-lib")).text();
    expect(html).toContain("<table");
    await page.reload();
    await expect(repositoryPage.view("Compact")).toBeChecked();
    await expect(repositoryPage.compactRow("v3.4.9")).toBeVisible();

    await repositoryPage.showAs("Cards");
    await expect(repositoryPage.tag("v3.4.9")).toBeVisible();
    await expect(table).toHaveCount(0);
  });
});
