import { existsSync } from "node:fs";

// Where a Chromium is on this machine: an explicit override, a system Chromium/Chrome, else the one
// `npx playwright install chromium` downloads. Returns null when there is none.
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
  // Headless Chromium is the full browser: for every new page it also built the address bar's
  // popup (a WebUI renderer of its own), which took more CPU than the page under test.
  "--disable-features=WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
];

export type Browser = { executablePath: string | undefined; source: string };

export function findBrowser(playwrightChromiumPath?: () => string): Browser | null {
  const override = process.env.TAGWATCH_CHROMIUM ?? process.env.CHROMIUM_PATH;
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
  "  sudo apt-get install -y chromium        (Debian/Ubuntu; found at /usr/bin/chromium)",
  "  npx playwright install chromium         (Playwright's own build)",
  "or point TAGWATCH_CHROMIUM at a Chromium/Chrome executable.",
].join("\n");
