import type { MonthHistory, RepositoryHistory } from "@/lib/history/types";
import { CLOUD_SYNC_HISTORY } from "./demo-expectations";
import { expect, signInWithoutPage, test } from "./fixtures";

// The release history (docs/history.md) of the demo's cloud-sync: a year of tags, built in the
// scenario to ship in every way there is. The expected counts come from the scenario's own story
// (CLOUD_SYNC_HISTORY), placed in UTC months from the moment the simulator replayed it.

const REPOSITORY = "octo-maintainer/cloud-sync";
const DAY = 86_400_000;

type Expected = Pick<MonthHistory, "tags" | "shippedItself" | "neededHelp" | "notShipped">;

/**
 * Each month's expected counts, for a replay that happened between `from` and `to`; a tag whose
 * month that window leaves open (within seconds of midnight on the 1st) makes its month unknown.
 */
function expectedMonths(from: number, to: number): Map<string, Expected | null> {
  const months = new Map<string, Expected | null>();
  for (const entry of CLOUD_SYNC_HISTORY) {
    const early = new Date(from - entry.daysAgo * DAY).toISOString().slice(0, 7);
    const late = new Date(to - entry.daysAgo * DAY).toISOString().slice(0, 7);
    if (early !== late) {
      months.set(early, null);
      months.set(late, null);
      continue;
    }
    if (months.get(early) === null) continue;
    const counts = months.get(early) ?? { tags: 0, shippedItself: 0, neededHelp: 0, notShipped: 0 };
    counts.tags += 1;
    if (entry.shippedBy === "itself") counts.shippedItself += 1;
    else if (entry.shippedBy === null) counts.notShipped += 1;
    else counts.neededHelp += 1;
    months.set(early, counts);
  }
  return months;
}

test.describe("release history", () => {
  let replayed: { from: number; to: number };

  test.beforeEach(async ({ page, simulator }) => {
    replayed = simulator.replayed;
    await signInWithoutPage(page);
  });

  test("the section shows cloud-sync's year with the counts its history produced, in a chart and a table", async ({
    page,
  }) => {
    await page.goto(`/${REPOSITORY}`);
    const section = page.getByRole("region", { name: "Release history" });
    const table = section.getByRole("table", { name: /^Tags per month/ });
    await expect(table).toBeVisible();

    const expected = expectedMonths(replayed.from, replayed.to);
    let checked = 0;
    for (const [month, counts] of expected) {
      if (!counts) continue;
      const row = table.getByRole("row").filter({
        has: page.getByRole("rowheader", { name: month, exact: true }),
      });
      await expect(row.getByRole("cell")).toHaveText(
        [
          String(counts.tags),
          String(counts.shippedItself),
          String(counts.neededHelp),
          String(counts.notShipped),
          /\S/,
          /\S/,
        ],
        { useInnerText: true },
      );
      checked += counts.tags;
    }
    expect(checked).toBeGreaterThanOrEqual(24);

    // 18 of the 26 tags shipped on their own.
    await expect(section.getByText("Shipped on their own", { exact: true }).first()).toBeVisible();
    await expect(section.locator("dd").nth(0)).toHaveText("26");
    await expect(section.locator("dd").nth(1)).toHaveText(`${Math.round((18 / 26) * 100)}%`);

    const chart = section.getByRole("img", { name: "Tags per month and median time to ship" });
    await expect(chart).toBeVisible();
    const bars = chart.locator("rect[data-series]");
    const total = (series: string) =>
      bars.evaluateAll(
        (rects, name) =>
          rects
            .filter((rect) => rect.getAttribute("data-series") === name)
            .reduce((sum, rect) => sum + Number(rect.getAttribute("data-count")), 0),
        series,
      );
    expect(await total("shippedItself")).toBe(18);
    expect(await total("neededHelp")).toBe(7);
    expect(await total("notShipped")).toBe(1);

    const helped = section.getByRole("list").filter({ has: page.locator("[data-shipped-by]") });
    await expect(helped.locator('[data-tag="v1.7.0"]')).toContainText("re-run");
    await expect(helped.locator('[data-tag="v1.10.0"]')).toContainText("dispatched by tagwatch");
    await expect(helped.locator('[data-tag="v1.4.0"]')).toContainText("dispatched by a person");
    await expect(helped.locator('[data-tag="v1.9.0"]')).toContainText("released by hand");
    await expect(helped.locator('[data-tag="v1.5.0"]')).toContainText("not shipped");
    await expect(helped.locator('[data-tag="v1.20.0"]')).toHaveCount(0);
  });

  test("the API answers what the page shows, tag by tag as the scenario made them", async ({
    page,
  }) => {
    const response = await page.request.get(`/api/repos/${REPOSITORY}/history`);
    expect(response.status()).toBe(200);
    const history = (await response.json()) as RepositoryHistory;
    expect(history.repository).toBe(REPOSITORY);
    expect(
      Object.fromEntries(history.tags.map((tag) => [tag.name, [tag.shippedBy, tag.dispatchedBy]])),
    ).toEqual(
      Object.fromEntries(
        CLOUD_SYNC_HISTORY.map((entry) => [
          entry.tag,
          [entry.shippedBy, entry.dispatchedBy ?? null],
        ]),
      ),
    );

    await page.goto(`/${REPOSITORY}`);
    const section = page.getByRole("region", { name: "Release history" });
    const table = section.getByRole("table", { name: /^Tags per month/ });
    // The browser reads the history after the page: wait for it before reading its cells.
    await expect(table).toBeVisible();
    for (const month of history.months) {
      const row = table.getByRole("row").filter({
        has: page.getByRole("rowheader", { name: month.month, exact: true }),
      });
      const cells = await row.getByRole("cell").allInnerTexts();
      expect(cells.slice(0, 4), month.month).toEqual(
        [month.tags, month.shippedItself, month.neededHelp, month.notShipped].map(String),
      );
      // The page writes minutes the way a person reads them; null is a dash.
      expect(cells[4] === "–", month.month).toBe(month.medianMinutesToShip === null);
    }
    await expect(section.locator("dd").nth(1)).toHaveText(
      `${Math.round((history.summary.shippedItselfShare ?? 0) * 100)}%`,
    );
  });

  test("re-running a failed run from its row: the history counts the tag as shipped after a re-run", async ({
    page,
    repositoryPage,
  }) => {
    await page.goto("/octo-maintainer/failed-build");
    const section = page.getByRole("region", { name: "Release history" });
    await expect(section.locator('[data-tag="v2.1.0"]')).toContainText("not shipped");
    const row = repositoryPage.tag("v2.1.0");
    await row.getByRole("button", { name: /^Re-run/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Re-run" }).click();
    await expect(row).toHaveAttribute("data-status", "healthy", { timeout: 30_000 });

    await expect(async () => {
      const history = (await (
        await page.request.get("/api/repos/octo-maintainer/failed-build/history")
      ).json()) as RepositoryHistory;
      expect(history.tags.find((tag) => tag.name === "v2.1.0")?.shippedBy).toBe("rerun");
    }).toPass({ timeout: 15_000 });
    await page.reload();
    await expect(section.locator('[data-tag="v2.1.0"]')).toContainText("re-run");
  });

  test("the overview shows each repository's year as a sparkline beside its status, drawn by the server", async ({
    page,
  }) => {
    await page.goto("/");
    const card = page.getByRole("article", { name: REPOSITORY });
    const sparkline = card.getByRole("img", {
      name: `Release history of ${REPOSITORY}, last 12 months`,
    });
    // Loaded lazily: in view, the browser fetches it.
    await sparkline.scrollIntoViewIfNeeded();
    await expect(sparkline).toBeVisible();
    // The browser drew it: an image that failed to load has no natural width.
    await expect
      .poll(() =>
        sparkline.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth),
      )
      .toBe(72);
    const answer = await page.request.get((await sparkline.getAttribute("src")) as string);
    expect(answer.status()).toBe(200);
    expect(answer.headers()["content-type"]).toContain("image/svg+xml");
    const svg = await answer.text();
    expect(svg).toMatch(
      /<title>Release history of octo-maintainer\/cloud-sync since \d{4}-\d{2}: 26 tags, 18 shipped on their own, 7 needed help, 1 not shipped<\/title>/,
    );
    expect(svg).not.toMatch(/<script|href=/);
  });

  test("follows light and dark: the chart takes the page's colours", async ({ page }) => {
    const fill = async () =>
      page
        .getByRole("img", { name: "Tags per month and median time to ship" })
        .locator('rect[data-series="shippedItself"]')
        .first()
        .evaluate((rect) => getComputedStyle(rect).fill);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`/${REPOSITORY}`);
    const light = await fill();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await fill();
    expect(light).toBe("rgb(26, 127, 55)");
    expect(dark).toBe("rgb(63, 185, 80)");
  });
});
