import { chromium, defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findBrowser } from "./tests/browser";
import { APP_PORT, E2E_AUTH_SECRET, E2E_CRON_SECRET, SIM_PORT } from "./tests/e2e/constants";

const browser = findBrowser(() => chromium.executablePath());

export default defineConfig({
  testDir: "tests/e2e",
  // One app and one simulator whose state the tests change: run serially.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: browser?.executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: "npx tsx scripts/with-simulator.ts",
    url: `http://localhost:${APP_PORT}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      APP_PORT: String(APP_PORT),
      SIM_PORT: String(SIM_PORT),
      SIM_RUN_STEP_MS: "700",
      AUTH_SECRET: E2E_AUTH_SECRET,
      // Short, so tests can watch the cache expire (rate-limit fallback) without waiting 30 s.
      TAGWATCH_CACHE_SECONDS: "2",
      // Watch mode is configured with the simulator's App, but its webhook reaches the app only
      // when a test points it there, and sweeps run only when a test calls the cron endpoint:
      // other tests' request counts and faults stay theirs.
      TAGWATCH_DEMO_HOOK: "0",
      TAGWATCH_SWEEP_SECONDS: "0",
      CRON_SECRET: E2E_CRON_SECRET,
    },
  },
});
