import { chromium, defineConfig } from "@playwright/test";
import { findBrowser } from "./tests/browser";

export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
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
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npx tsx scripts/serve.ts",
    url: `http://localhost:${APP_PORT}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: { APP_PORT: String(APP_PORT), SIM_PORT: String(SIM_PORT), SIM_RUN_STEP_MS: "700" },
  },
});
