import { chromium, defineConfig } from "@playwright/test";
import { appUnderTestEnv } from "./tests/app-under-test";
import { CHROMIUM_ARGS, findBrowser } from "./tests/browser";
import { APP_URL, PAIRS, WORKERS } from "./tests/e2e/constants";

const browser = findBrowser(() => chromium.executablePath());

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
    // Every test records a trace, kept when it fails. Without the screencast (an image per frame,
    // costly on two busy cores): the DOM snapshots and the network log still show each step.
    trace: { mode: "retain-on-failure", screenshots: false },
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
