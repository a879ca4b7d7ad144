import path from "node:path";
import { expect, signIn, test } from "./fixtures";

// The README's screenshot is taken here, from the real app on the demo scenario, so it never
// drifts from what the product shows. `npm test` writes it to test-results (a test run leaves the
// tree clean); `UPDATE_SCREENSHOT=1` refreshes docs/screenshot.png.
test("README screenshot: the classic repository with its two unreleased tags", async ({
  page,
  repositoryPage,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
  await expect(repositoryPage.tag("v0.1.2")).toHaveAttribute("data-status", "not-triggered");
  await page.screenshot({
    path: process.env.UPDATE_SCREENSHOT
      ? path.resolve(__dirname, "../../docs/screenshot.png")
      : testInfo.outputPath("screenshot.png"),
    fullPage: false,
  });
});

test("dark mode renders with dark colours", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto("/");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
  expect(r + g + b).toBeLessThan(150);
  await context.close();
});
