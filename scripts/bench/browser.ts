import { type Browser, chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findBrowser } from "../../tests/browser";

// Chromium for "time to fully rendered": a fresh context per measurement (no HTTP cache, so a
// warm run differs from a cold one only by tagwatch's server-side cache), the session cookie set
// directly, and every host but localhost unresolvable so nothing leaves the machine.

// Headless Chromium opens a window for every new context (tab strip, address bar and its popup, a
// renderer of their own) and builds it after the page is handed over: on two cores a navigation
// started at once shared the CPU with it (743-1,088 ms against 465-524 ms after a pause, same
// build). A person's tab is already open: the page is measured once the window has settled.
export const WINDOW_SETTLE_MS = 1_500;

const ARGS = [
  ...CHROMIUM_ARGS,
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

export type Rendered = { renderedMs: number; ttfbMs: number | null; rows: number };

export async function launchBrowser(): Promise<{ browser: Browser; source: string } | null> {
  const found = findBrowser(() => chromium.executablePath());
  if (!found) return null;
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: ARGS,
    timeout: 30_000,
  });
  return { browser, source: found.executablePath ?? "playwright's chromium" };
}

/**
 * Opens `url` signed in (cookies from the jar) and measures until the tag rows (`article[data-status]`)
 * are visible: at least `minRows` of them, or the page's empty/error state.
 */
export async function renderRepository(
  browser: Browser,
  url: string,
  cookies: { name: string; value: string }[],
  minRows: number,
): Promise<Rendered> {
  const context = await browser.newContext();
  try {
    const origin = new URL(url).origin;
    await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: origin })));
    const page = await context.newPage();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_SETTLE_MS));
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit", timeout: 30_000 });
    await page.waitForFunction(
      (wanted) => {
        const rows = [...document.querySelectorAll("article[data-status]")].filter(
          (row) => (row as HTMLElement).offsetParent !== null,
        );
        return rows.length >= wanted;
      },
      minRows,
      { timeout: 30_000, polling: "raf" },
    );
    const renderedMs = performance.now() - started;
    const rows = await page.locator("article[data-status]").count();
    const ttfbMs = await page.evaluate(() => {
      const entry = performance.getEntriesByType("navigation")[0] as
        | PerformanceNavigationTiming
        | undefined;
      return entry ? entry.responseStart - entry.startTime : null;
    });
    return { renderedMs, ttfbMs, rows };
  } finally {
    await context.close();
  }
}
