import { expect, signIn, test } from "./fixtures";

test("icons and a social preview are served, and pages unfurl with the product's name", async ({
  page,
  request,
}) => {
  const icon = await request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  for (const path of ["/apple-icon", "/opengraph-image"]) {
    const image = await request.get(path);
    expect(image.status(), path).toBe(200);
    expect(image.headers()["content-type"], path).toBe("image/png");
    expect((await image.body()).subarray(1, 4).toString("latin1"), path).toBe("PNG");
  }

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
