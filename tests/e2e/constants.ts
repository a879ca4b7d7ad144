import { pickFreePorts } from "./ports";

// Shared by playwright.config.ts (which starts the servers) and the tests (which check for leaks).
// E2E_APP_PORT / E2E_SIM_PORT win; otherwise 3100 / 4110 when free, else any free ports. The
// choice is written back to the environment, which Playwright's workers inherit from the main
// process, so the config and every worker agree on the same ports.
if (!process.env.E2E_APP_PORT || !process.env.E2E_SIM_PORT) {
  const [app, sim] = pickFreePorts([
    Number(process.env.E2E_APP_PORT ?? 3100),
    Number(process.env.E2E_SIM_PORT ?? 4110),
  ]);
  process.env.E2E_APP_PORT ??= String(app);
  process.env.E2E_SIM_PORT ??= String(sim);
}

export const APP_PORT = Number(process.env.E2E_APP_PORT);
export const SIM_PORT = Number(process.env.E2E_SIM_PORT);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
/** The e2e server's session secret: it must never appear in anything the browser receives. */
export const E2E_AUTH_SECRET = "e2e-session-secret-0f3c9a7d51b24e8e9d3b";
export const OAUTH_CLIENT_SECRET = "tagwatch-demo-secret";
/** The e2e server's cron secret (watch mode's sweep endpoint). */
export const E2E_CRON_SECRET = "e2e-cron-secret-7b1d52c0a9e84f36";
