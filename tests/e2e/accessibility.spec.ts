import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import axe from "axe-core";
import { clickUntilShown, expect, signInWithoutPage, test } from "./fixtures";

// Every page and every dialog scanned with axe-core in the light and in the dark colour scheme:
// no serious and no critical finding (WCAG 2.1 A and AA rules in light, the colour rules again in
// dark). One visit per page and dialog, scanned once per scheme (the colours follow
// prefers-color-scheme in CSS alone); the other specs test what they do.

const SCHEMES = ["light", "dark"] as const;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// The dark scheme changes colours only (custom properties under prefers-color-scheme): the rules
// that read colours run again in it; the structure's rules would find what they found in light.
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

// axe-core is 550 kB of script. AxeBuilder sends it to the page twice per scan unless given a
// source of its own, ~210 ms each on this machine, which was three quarters of a scan's time.
// Instead each test's browser context adds it to every document it loads (beforeEach below),
// and AxeBuilder is handed this stand-in: the documents already have axe.
const AXE_ALREADY_IN_DOCUMENT = "/* axe-core: added by the browser context's init script */";

type Finding = { rule: string; impact: string | null | undefined; targets: string[] };

/** Waits for the transitions and animations that end (a scheme switch fades colours). */
async function settled(page: Page) {
  await page.evaluate(async () => {
    await Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
  });
}

/** The serious and critical findings on the page, or inside `within` (a dialog). */
async function findings(
  page: Page,
  scheme: (typeof SCHEMES)[number],
  within?: string,
): Promise<Finding[]> {
  // Violations only: the passes and incomplete results are collected for nothing otherwise.
  // Legacy mode runs axe.run() in the page itself: the default runs it in parts and finishes in
  // a new blank page, a page per scan, for the sake of cross-origin frames, which tagwatch has none of.
  let builder = new AxeBuilder({ page, axeSource: AXE_ALREADY_IN_DOCUMENT })
    .setLegacyMode()
    .options({ resultTypes: ["violations"] });
  builder = scheme === "light" ? builder.withTags(WCAG) : builder.withRules(COLOUR_RULES);
  if (within) builder = builder.include(within);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** Scans what is on screen in both schemes, ending in the light one. */
async function expectClean(page: Page, what: string, within?: string) {
  const backgrounds = new Set<string>();
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await settled(page);
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    expect(await findings(page, colorScheme, within), `${what}, ${colorScheme} scheme`).toEqual([]);
  }
  // Each scan saw its own scheme: the page's background changed between them.
  expect(backgrounds.size, `${what}: the dark scheme changed nothing`).toBe(SCHEMES.length);
  await page.emulateMedia({ colorScheme: "light" });
}

/** Opens `path` once the server has streamed all of it (no skeleton left) and scans it. */
async function expectPageClean(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expectClean(page, path);
}

/** Opens a dialog with `opener`, scans it (and the page under it), closes it with Escape. */
async function expectDialogClean(page: Page, opener: Locator, name: string | RegExp) {
  const dialog = page.getByRole("dialog", { name });
  await clickUntilShown(opener, dialog);
  // The content the dialog loads when it opens (the badge link, the workflow files) is in.
  await expect(dialog).not.toHaveAttribute("aria-busy", "true");
  await expect(dialog.getByText(/^(Loading|Reading the workflow files)…$/)).toHaveCount(0);
  await expectClean(page, `dialog ${name}`, '[role="dialog"], dialog[open]');
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

test.describe("accessibility, light and dark schemes", () => {
  // Nothing here changes the servers' state (every dialog is cancelled): the tests may run in
  // different workers, which spreads the suite's longest file.
  test.describe.configure({ mode: "parallel" });

  test.beforeEach(async ({ context }) => {
    await context.addInitScript({ content: axe.source });
  });

  test("signed out: landing, sign-in, the signed-out notice, a sign-in error", async ({ page }) => {
    await expectPageClean(page, "/");
    await expectPageClean(page, "/signin");
    await expectPageClean(page, "/signin?callbackUrl=%2F&reason=expired");
    await expectPageClean(page, "/signin?error=AccessDenied");
  });

  test("signed in: the overview, an owner's page, setup, notifications, the not-found and forbidden pages", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await signInWithoutPage(page, "octo-maintainer");
    await expectPageClean(page, "/");
    await expectPageClean(page, "/octo-maintainer");
    await expectPageClean(page, "/setup");
    await expectPageClean(page, "/settings/octo-maintainer");
    await expectPageClean(page, "/octo-maintainer/does-not-exist");
    await expectPageClean(page, "/no-such-owner-here");
    // Notifications of an owner the signed-in person does not administer: the 403 page.
    await signInWithoutPage(page, "octo-reader");
    await expectPageClean(page, "/settings/octo-maintainer");
    await expect(
      page.getByRole("heading", { level: 1, name: "You cannot change these notifications" }),
    ).toBeVisible();
  });

  // One test per repository page and its dialogs: the longest of them stays well inside its
  // timeout on a busy machine, and they spread over the workers.
  test("signed in: the classic repository's page and its dialogs (badge, re-dispatch, bulk, Fix the pipeline)", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signInWithoutPage(page, "octo-maintainer");
    await expectPageClean(page, "/octo-maintainer/classic-cli");
    const row = page.getByRole("article", { name: "Tag v0.1.2", exact: true });
    await expectDialogClean(
      page,
      page.getByRole("button", { name: "Badge", exact: true }),
      "Release health badge",
    );
    await expectDialogClean(
      page,
      row.getByRole("button", { name: /^Re-dispatch release\.yml on v0\.1\.2/ }),
      /Re-dispatch/,
    );
    await expectDialogClean(
      page,
      page.getByRole("button", { name: "Re-dispatch all 2 not-triggered tags" }),
      /Re-dispatch 2 tags/,
    );
    await expectDialogClean(
      page,
      row.getByRole("button", { name: "Fix the pipeline" }),
      "Fix the pipeline",
    );
  });

  test("signed in, on a phone's screen: the overview, repository pages with their history, Fix the pipeline", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const width = 390;
    await page.setViewportSize({ width, height: 844 });
    await signInWithoutPage(page, "octo-maintainer");
    await expectPageClean(page, "/octo-maintainer/cloud-sync");
    // Nothing is wider than the screen but what scrolls within its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
    // The chart's labels are not shrunk with the drawing to a size nobody can read.
    const label = page.locator('[data-chart="release-history"] text').first();
    expect((await label.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(9);
    // A row of the table is one line: not "2026-" over "12", nor "38" over "min".
    const lines = await page
      .locator('table[data-table="release-history"] tbody :is(th, td)')
      .evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        }),
      );
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set([1]));
    // The other wide things: the overview's cards, a command, and a pull request's diff.
    await expectPageClean(page, "/");
    await expectPageClean(page, "/octo-maintainer/classic-cli");
    await expectDialogClean(
      page,
      page
        .getByRole("article", { name: "Tag v0.1.2", exact: true })
        .getByRole("button", { name: "Fix the pipeline" }),
      "Fix the pipeline",
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  });

  // Pages whose one row action opens a dialog of its own: the page, then that dialog.
  const ROW_DIALOGS = [
    {
      title: "a failed build's page and its re-run dialog",
      path: "/octo-maintainer/failed-build",
      tag: "v2.1.0",
      button: /^Re-run/,
      dialog: /Re-run/,
    },
    {
      title: "a disabled workflow's page and its enable dialog",
      path: "/release-lab/disabled-workflow",
      tag: "v1.1.0",
      button: /^Enable and re-dispatch/,
      dialog: /^Enable/,
    },
    {
      title: "a dry-run switch's page and its review dialog",
      path: "/pipeline-zoo/dry-run-switch",
      tag: "v1.1.0",
      button: /^Review and re-dispatch release\.yml on v1\.1\.0/,
      dialog: /Re-dispatch|Review/,
    },
  ];
  for (const { title, path, tag, button, dialog } of ROW_DIALOGS) {
    test(`signed in: ${title}`, async ({ page }) => {
      test.setTimeout(90_000);
      await signInWithoutPage(page, "octo-maintainer");
      await expectPageClean(page, path);
      await expectDialogClean(
        page,
        page.getByRole("article", { name: `Tag ${tag}`, exact: true }).getByRole("button", {
          name: button,
        }),
        dialog,
      );
    });
  }
});
