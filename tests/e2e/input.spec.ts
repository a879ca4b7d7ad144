import { APP_URL, expect, SIM_URL, signIn, test } from "./fixtures";

// Hostile route parameters: every one gets a 4xx with a message, never a 500 or a stack trace.
const LONG = "a".repeat(4000);
const PAGE_PATHS = [
  "/..%2F..%2Fetc%2Fpasswd",
  "/%00",
  "/a%00b/repo",
  `/${LONG}`,
  `/octo-maintainer/${LONG}`,
  "/%E2%80%AE/x",
  "/%C3%BCn%C3%AFc%C3%B6d%C3%A9/repo",
  "/octo-maintainer/%FF",
  "/octo-maintainer/classic-cli%00",
  "/octo-maintainer/classic-cli/..%2F..%2Fsecret",
  "/-/-",
  "/octo-maintainer/%E0%A4%A",
];
const API_PATHS = [
  "/api/repos/%00/x/health",
  "/api/repos/a/b%2F..%2Fc/health",
  `/api/repos/${LONG}/y/health`,
  "/api/repos/octo-maintainer/%F0%9F%92%A9/health",
  "/api/repos/octo-maintainer/classic-cli/health?after=%00",
  `/api/repos/octo-maintainer/classic-cli/health?after=${"x".repeat(500)}`,
  "/api/repos/octo-maintainer/%E0%A4%A/health",
  "/api/repos/a/b%2F..%2Fc/history",
  `/api/repos/${LONG}/y/history`,
  "/api/badge/..%2F/x",
  "/api/badge/octo-maintainer/%00",
  `/api/badge/${LONG}/x`,
  "/api/badge/octo-maintainer/classic-cli?style=%3Cscript%3E",
  `/api/badge/octo-maintainer/classic-cli?label=${"l".repeat(200)}`,
];
const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|webpack-internal/;

test("hostile route parameters get a 4xx and a message, never a 500", async ({ page }) => {
  await signIn(page, "octo-maintainer");
  for (const path of [...PAGE_PATHS, ...API_PATHS]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    const status = response.status();
    expect(status, path.slice(0, 120)).toBeGreaterThanOrEqual(400);
    expect(status, path.slice(0, 120)).toBeLessThan(500);
    const body = await response.text();
    expect(body.length, path.slice(0, 120)).toBeGreaterThan(0);
    expect(body, path.slice(0, 120)).not.toMatch(STACK_TRACE);
  }
});

test("bad POST bodies are 400s that say what is wrong", async ({ page }) => {
  await signIn(page, "octo-maintainer");
  const origin = new URL(page.url()).origin;
  // Buffers go out byte for byte (Playwright would JSON-encode a string).
  const cases: { data: string; contentType: string; says: RegExp }[] = [
    { data: "{not json", contentType: "application/json", says: /not valid JSON/ },
    { data: "tag=v1", contentType: "application/x-www-form-urlencoded", says: /JSON/ },
    {
      data: JSON.stringify({ tag: "v1", extra: true }),
      contentType: "application/json",
      says: /extra|Unrecognized/i,
    },
    {
      data: JSON.stringify({ tag: "x".repeat(300) }),
      contentType: "application/json",
      says: /tag/,
    },
    {
      data: JSON.stringify({ tag: "v1", workflow: "../../x" }),
      contentType: "application/json",
      says: /workflow/,
    },
  ];
  for (const { data, contentType, says } of cases) {
    const response = await page.request.post("/api/repos/octo-maintainer/classic-cli/dispatch", {
      data: Buffer.from(data),
      headers: { "content-type": contentType, origin },
    });
    expect(response.status(), data).toBe(400);
    expect((await response.json()).error.message, data).toMatch(says);
  }
});

test("the sign-in callback never redirects off-site", async ({ page }) => {
  for (const target of [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByRole("main").getByRole("button", { name: "Sign in with GitHub" }).click();
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Authorize", exact: true }).click();
    // Wherever the callback sends the browser once GitHub is done: it must be tagwatch itself.
    await page.waitForURL(
      (url) => !url.href.startsWith(SIM_URL) && !url.pathname.startsWith("/api/auth"),
    );
    expect(new URL(page.url()).origin, target).toBe(APP_URL);
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(
      page.getByRole("banner").getByRole("link", { name: "Sign in with GitHub" }),
    ).toBeVisible();
  }
});

test("security headers and a Content-Security-Policy are sent", async ({ request }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});
