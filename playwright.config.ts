import { chromium, defineConfig } from "@playwright/test";
import { appUnderTestEnv } from "./tests/app-under-test";
import { CHROMIUM_ARGS, findTestBrowser } from "./tests/browser";
import { APP_URL, PAIRS, WORKERS } from "./tests/e2e/constants";

const browser = findTestBrowser(() => chromium.executablePath());

export default defineConfig({
  testDir: "tests/e2e",
  // Each worker has its own app and simulator (tests/e2e/constants.ts), whose state its tests
  // change: a file's tests run in order in one worker, files are spread over the workers.
  workers: WORKERS,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    // The config is loaded again in each worker: APP_URL is that worker's app.
    baseURL: APP_URL,
    // No trace by default: snapshotting every step cost the browser and the workers CPU the two
    // cores lack, and CI keeps only the log. `npx playwright test --trace retain-on-failure`
    // records one for each failing test when a failure needs it.
    trace: "off",
    // The pulses and pings of loading and pending states are motion-safe: only: without them
    // headless Chromium stops drawing frames while a test waits (its processes' CPU in the suite
    // fell from ~280 s to ~180 s). What they stand for (aria-busy, the words) is still there.
    reducedMotion: "reduce",
    launchOptions: {
      executablePath: browser?.executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: PAIRS.map(({ appPort, simPort }) => ({
    command: "npx tsx scripts/with-simulator.ts",
    url: `http://localhost:${appPort}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    env: appUnderTestEnv(appPort, simPort),
  })),
});
