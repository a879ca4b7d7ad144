import { expect, signIn, test } from "./fixtures";

// The icon and preview files themselves are checked over HTTP: tests/integration/http/requests.test.ts.
test("pages unfurl with the product's name, and their icons load", async ({ page }) => {
  // A shared link to a repository page: signed-out crawlers end on sign-in, signed-in on the page.
  await signIn(page, "octo-maintainer");
  await page.goto("/octo-maintainer/classic-cli");
  const head = page.locator("head");
  await expect(head.locator('meta[property="og:site_name"]')).toHaveAttribute(
    "content",
    "tagwatch",
  );
  await expect(head.locator('meta[property="og:title"]')).toHaveAttribute("content", /tagwatch/);
  await expect(head.locator('meta[property="og:image"]')).toHaveAttribute(
    "content",
    /\/opengraph-image/,
  );
  await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute(
    "content",
    "summary_large_image",
  );
  await expect(head.locator('link[rel="icon"]').first()).toHaveAttribute("href", /\/icon\.svg/);
  await expect(head.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    "href",
    /\/apple-icon/,
  );

  // The Content-Security-Policy lets the page load them.
  const loaded = await page.evaluate(async () => {
    const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')];
    return Promise.all(
      links.map((link) => fetch(link.href).then((response) => [link.href, response.ok] as const)),
    );
  });
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter(([, ok]) => !ok)).toEqual([]);
});
