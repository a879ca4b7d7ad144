import { APP_URL, expect, SIM_URL, test } from "./fixtures";

// Hostile input a browser can carry: a sign-in link whose callback points elsewhere, followed
// through the pages once. Every hostile callback, hostile addresses and bodies are checked over
// HTTP without a browser: tests/integration/http/requests.test.ts.

test("the sign-in callback never redirects off-site", async ({ page }) => {
  // A backslash the browser reads as a slash: "//evil.example", another site, once normalised.
  const target = "/\\evil.example";
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
});
