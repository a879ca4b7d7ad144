import { existsSync } from "node:fs";

// Where a Chromium is on this machine: an explicit override, a system Chromium/Chrome, else the one
// `npx playwright install chromium` downloads. Returns null when there is none.

// The tests prefer Chromium's headless shell (Debian's `chromium-headless-shell`, the build
// Playwright itself runs headless tests on): the same Blink and V8 without a browser window around
// each page. On two cores the full browser's window, tab strip and address bar cost more than the
// pages: a new context with a blank page took ~380 ms of CPU against ~90 ms, a visit to a
// repository page ~940 against ~250. The benchmark keeps the full browser: what people run.
const HEADLESS_SHELLS = ["/usr/bin/chromium-headless-shell"];

const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** Headless Chromium flags for a machine without outside network (and fine on a laptop). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  // No --disable-features: Chromium keeps only the last one given, so it would replace Playwright's
  // own list (PaintHolding, HttpsUpgrades, …) instead of adding to it.
];

export type Browser = { executablePath: string | undefined; source: string };

/** The browser the tests drive: the headless shell when installed, else `findBrowser`'s. */
export function findTestBrowser(playwrightChromiumPath?: () => string): Browser | null {
  const shell = HEADLESS_SHELLS.find((candidate) => existsSync(candidate));
  if (shell && !browserOverride())
    return { executablePath: shell, source: "system, headless shell" };
  return findBrowser(playwrightChromiumPath);
}

function browserOverride(): string | undefined {
  return process.env.TAGWATCH_CHROMIUM ?? process.env.CHROMIUM_PATH;
}

export function findBrowser(playwrightChromiumPath?: () => string): Browser | null {
  const override = browserOverride();
  if (override)
    return existsSync(override) ? { executablePath: override, source: "environment" } : null;
  const system = SYSTEM_BROWSERS.find((candidate) => existsSync(candidate));
  if (system) return { executablePath: system, source: "system" };
  try {
    const bundled = playwrightChromiumPath?.();
    if (bundled && existsSync(bundled)) return { executablePath: undefined, source: "playwright" };
  } catch {
    // Playwright's own browser is not installed.
  }
  return null;
}

export const NO_BROWSER_MESSAGE = [
  "No Chromium found for the end-to-end tests. Get one with either:",
  "  sudo apt-get install -y chromium-headless-shell   (Debian; the lightest, preferred)",
  "  sudo apt-get install -y chromium        (Debian/Ubuntu; found at /usr/bin/chromium)",
  "  npx playwright install chromium         (Playwright's own build)",
  "or point TAGWATCH_CHROMIUM at a Chromium/Chrome executable.",
].join("\n");
