import { clickUntilShown, expect, signIn, test } from "./fixtures";

// The Badge dialog a maintainer copies the README snippet from. What the badge endpoint answers
// is checked over HTTP, without a browser: tests/integration/http/badges.test.ts.

test.describe("the release-health badge", () => {
  test("the Badge button hands out a Markdown snippet that links back here", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, "octo-maintainer", "/octo-maintainer/healthy-lib");
    const button = page.getByRole("button", { name: "Badge", exact: true });
    const dialog = page.getByRole("dialog");
    await clickUntilShown(button, dialog);
    const markdown = `[![release health](${baseURL}/api/badge/octo-maintainer/healthy-lib)](${baseURL}/octo-maintainer/healthy-lib)`;
    await expect(dialog.getByRole("textbox", { name: "Markdown" })).toHaveValue(markdown);
    await expect(dialog.getByRole("textbox", { name: "HTML" })).toHaveValue(
      /<img alt="release health"/,
    );
    await dialog.getByRole("button", { name: "Copy Markdown" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
    const preview = dialog.getByRole("img", {
      name: /Release health of octo-maintainer\/healthy-lib/,
    });
    await expect
      .poll(() => preview.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();
  });
});
