// Fails early, with the command to run, when the e2e suite has no browser to drive.
import { chromium } from "@playwright/test";
import { findTestBrowser, NO_BROWSER_MESSAGE } from "../tests/browser";

const browser = findTestBrowser(() => chromium.executablePath());
if (!browser) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
console.log(
  `e2e browser: ${browser.executablePath ?? "Playwright's Chromium"} (${browser.source})`,
);
