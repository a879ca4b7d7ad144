import { createHash } from "node:crypto";
import { expect, signIn, test } from "./fixtures";

// The icon and preview files themselves are checked over HTTP: tests/integration/http/requests.test.ts.
test("pages unfurl with the product's name, and their icons load", async ({ page }) => {
  // A shared link to a repository page: signed-out crawlers end on sign-in, signed-in on the page.
  await signIn(page, "octo-maintainer", "/octo-maintainer/classic-cli");
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

test("public/: robots.txt keeps crawlers off the dashboard but lets badges through, favicon.ico and the logo are served", async ({
  request,
}) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(robots.headers()["content-type"]).toContain("text/plain");
  const rules = (await robots.text())
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.replace(/\s+/g, " ").trim());
  // Crawlers take the longest matching rule: badges allowed, every other path refused.
  expect(rules).toEqual(["User-agent: *", "Allow: /api/badge/", "Disallow: /"]);

  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const ico = await favicon.body();
  // ICONDIR: reserved 0, type 1 (icon), then how many images (16, 32 and 48 px).
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 3]);

  const logo = await request.get("/logo.svg");
  expect(logo.status()).toBe(200);
  expect(logo.headers()["content-type"]).toContain("image/svg+xml");
  expect(await logo.text()).toContain('<title id="title">tagwatch</title>');
});

test("the stylesheet's icons all name a view of the one drawing it loads, kept for a year at its version", async ({
  page,
  request,
}) => {
  await page.goto("/signin");
  const css = await page.evaluate(async () => {
    const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
    return (await Promise.all(sheets.map((sheet) => fetch(sheet.href).then((r) => r.text())))).join(
      "\n",
    );
  });
  const named = [
    ...css.matchAll(/\.i-([a-z0-9-]+)\{[^}]*?mask-image:url\(([^)#]+)#([a-z0-9-]+)\)/g),
  ];
  expect(named.length).toBeGreaterThan(20);
  const addresses = new Set(named.map(([, , address]) => (address ?? "").replace(/["']/g, "")));
  expect([...addresses]).toHaveLength(1);
  const [address] = [...addresses] as [string];
  const drawing = await request.get(address);
  expect(drawing.status()).toBe(200);
  expect(drawing.headers()["content-type"]).toContain("image/svg+xml");
  expect(drawing.headers()["cache-control"]).toContain("immutable");
  const svg = await drawing.text();
  const views = new Set([...svg.matchAll(/<view id="([a-z0-9-]+)"/g)].map(([, id]) => id));
  expect(named.filter(([, icon, , view]) => icon !== view || !views.has(view))).toEqual([]);
  // The address changes with the drawing, or a browser would keep last year's icons.
  const version = createHash("sha256").update(svg).digest("hex").slice(0, 12);
  expect(address).toBe(`/icons.svg?v=${version}`);
});
