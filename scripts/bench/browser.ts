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

/**
 * `paintedMs`: when the rows (a target's items) in view reached the screen, by the browser's own
 * Element Timing (null if it reported none). `seenMs`: when a script on the page first saw every row,
 * which needs the main thread free, so it also waits for the framework's scripts that run after the
 * paint. `rows`: how many were in the page.
 */
export type Rendered = {
  paintedMs: number | null;
  seenMs: number;
  ttfbMs: number | null;
  rows: number;
};

/**
 * What a measured page must show: at least `min` of `items` in the page, and every one of `names`
 * in view painted (the text whose paint says an item reached the screen).
 */
export type PaintTarget = { items: string; names: string; min: number };

/** The repository page's tag rows, painted by their names. */
export function tagRows(min: number): PaintTarget {
  return { items: "article[data-status]", names: "article[data-status] h3 a", min };
}

/**
 * This app's near-empty page: the layout, the header and a heading. Every page of the app pays
 * what it costs (the stylesheet, the header, the framework's scripts): the floor under the rows.
 */
export const SHELL_PAGE = { path: "/setup", target: { items: "h1", names: "h1", min: 1 } } as const;

// Marks each name for Element Timing as the parser inserts it (the product's markup carries no
// measuring attribute) and keeps the entries, which the browser reports only to an observer.
// A string, not a function: tsx's name-keeping helper would be missing inside the page.
function paintProbe(names: string): string {
  return `
  window.__tagwatchPaints = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__tagwatchPaints.push(entry.renderTime);
  }).observe({ type: "element", buffered: true });
  new MutationObserver(() => {
    for (const name of document.querySelectorAll(${JSON.stringify(`${names}:not([elementtiming])`)}))
      name.setAttribute("elementtiming", "measured");
  }).observe(document, { childList: true, subtree: true });
`;
}

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
 * Opens `url` signed in (cookies from the jar) and measures until the target is visible: at least
 * `target.min` of its items in the page, and its names in view painted.
 */
export async function renderPage(
  browser: Browser,
  url: string,
  cookies: { name: string; value: string }[],
  target: PaintTarget,
): Promise<Rendered> {
  const context = await browser.newContext();
  try {
    const origin = new URL(url).origin;
    await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: origin })));
    await context.addInitScript({ content: paintProbe(target.names) });
    const page = await context.newPage();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_SETTLE_MS));
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit", timeout: 30_000 });
    await page.waitForFunction(
      ({ items, min }) => {
        const shown = [...document.querySelectorAll(items)].filter(
          (item) => (item as HTMLElement).offsetParent !== null,
        );
        return shown.length >= min;
      },
      { items: target.items, min: target.min },
      { timeout: 30_000, polling: "raf" },
    );
    const seenMs = performance.now() - started;
    const rows = await page.locator(target.items).count();
    // Times on the page's clock start with the navigation, as `started` does (within the few
    // milliseconds of `goto`'s own message to the browser).
    const paintedMs = await page
      .waitForFunction(
        (names) => {
          const inView = [...document.querySelectorAll(names)].filter(
            (name) => name.getBoundingClientRect().top < window.innerHeight,
          ).length;
          const paints =
            (window as unknown as { __tagwatchPaints?: number[] }).__tagwatchPaints ?? [];
          return paints.length >= inView && inView > 0 ? Math.max(...paints) : false;
        },
        target.names,
        { timeout: 5_000 },
      )
      .then(async (handle) => (await handle.jsonValue()) as number)
      .catch(() => null);
    const ttfbMs = await page.evaluate(() => {
      const entry = performance.getEntriesByType("navigation")[0] as
        | PerformanceNavigationTiming
        | undefined;
      return entry ? entry.responseStart - entry.startTime : null;
    });
    return { paintedMs, seenMs, ttfbMs, rows };
  } finally {
    await context.close();
  }
}
