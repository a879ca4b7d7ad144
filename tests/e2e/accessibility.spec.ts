import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

// Every page and every dialog scanned with axe-core, once in the light and once in the dark
// colour scheme: no serious and no critical finding (WCAG 2.1 A and AA rules, contrast included).
// One visit per page and dialog keeps it cheap; the other specs test what they do.

const SCHEMES = ["light", "dark"] as const;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Finding = { rule: string; impact: string | null | undefined; targets: string[] };

/** The serious and critical findings on the page, or inside `within` (a dialog). */
async function findings(page: Page, within?: string): Promise<Finding[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG);
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

async function expectPageClean(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  expect(await findings(page), `${path}`).toEqual([]);
}

/** Opens a dialog with `opener`, scans it (and the page under it), closes it with Escape. */
async function expectDialogClean(page: Page, opener: Locator, name: string | RegExp) {
  await opener.click();
  const dialog = page.getByRole("dialog", { name });
  await expect(dialog).toBeVisible();
  // Let the open animation and lazy content settle before reading colours.
  await expect(dialog).not.toHaveAttribute("aria-busy", "true");
  await page.waitForLoadState("networkidle");
  expect(await findings(page, '[role="dialog"], dialog[open]'), `dialog ${name}`).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
}

for (const colorScheme of SCHEMES) {
  test.describe(`accessibility, ${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    test("signed out: landing, sign-in, the signed-out notice, a sign-in error", async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await expectPageClean(page, "/");
      await expectPageClean(page, "/signin");
      await expectPageClean(page, "/signin?callbackUrl=%2F&reason=expired");
      await expectPageClean(page, "/signin?error=AccessDenied");
    });

    test("signed in: every page and every dialog", async ({ page }) => {
      test.setTimeout(180_000);
      await signIn(page, "octo-maintainer");
      await expectPageClean(page, "/");
      await expectPageClean(page, "/octo-maintainer");
      await expectPageClean(page, "/setup");
      await expectPageClean(page, "/octo-maintainer/does-not-exist");
      await expectPageClean(page, "/no-such-owner-here");

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

      await expectPageClean(page, "/octo-maintainer/failed-build");
      await expectDialogClean(
        page,
        page
          .getByRole("article", { name: "Tag v2.1.0", exact: true })
          .getByRole("button", { name: /^Re-run/ }),
        /Re-run/,
      );

      await expectPageClean(page, "/release-lab/disabled-workflow");
      await expectDialogClean(
        page,
        page
          .getByRole("article", { name: "Tag v1.1.0", exact: true })
          .getByRole("button", { name: /^Enable and re-dispatch/ }),
        /^Enable/,
      );

      await expectPageClean(page, "/pipeline-zoo/dry-run-switch");
      await expectDialogClean(
        page,
        page.getByRole("button", { name: /^Review and re-dispatch release\.yml on v1\.1\.0/ }),
        /Re-dispatch|Review/,
      );
    });
  });
}
