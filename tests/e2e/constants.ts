import { OAUTH_CLIENT_SECRET, TEST_AUTH_SECRET, TEST_CRON_SECRET } from "../app-under-test";
import { pickFreePorts } from "./ports";

// Shared by playwright.config.ts (which starts the servers) and the tests. Each Playwright worker
// has its own tagwatch and its own simulator, so tests in different workers never see each
// other's state: pair i serves the worker whose TEST_PARALLEL_INDEX is i.
//
// E2E_WORKERS sets how many (default 2, one per core: a third never made the suite faster on two
// cores, 6.0 against 5.1 min once and 4.8 against 4.8 min since). Ports: E2E_APP_PORT /
// E2E_SIM_PORT (pair i gets them plus i) win; otherwise 3100+i / 4110+i when free, else any free
// ports. The choice is written back to the environment (E2E_PORTS), which Playwright's workers
// inherit from the main process, so the config and every worker agree on the same ports.

/** How many workers, each with its own app and simulator. */
export const WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 2) || 1);

if (!process.env.E2E_PORTS) {
  const fixed = Boolean(process.env.E2E_APP_PORT && process.env.E2E_SIM_PORT);
  const app = Number(process.env.E2E_APP_PORT ?? 3100);
  const sim = Number(process.env.E2E_SIM_PORT ?? 4110);
  const wanted = Array.from({ length: WORKERS }, (_, i) => [app + i, sim + i]).flat();
  process.env.E2E_PORTS = (fixed ? wanted : pickFreePorts(wanted)).join(",");
}

const ports = process.env.E2E_PORTS.split(",").map(Number);

/** Every worker's app and simulator ports, by parallel index. */
export const PAIRS = Array.from({ length: ports.length / 2 }, (_, i) => ({
  appPort: ports[2 * i] as number,
  simPort: ports[2 * i + 1] as number,
}));

const index = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
const pair = PAIRS[index];
if (!pair) {
  throw new Error(
    `Playwright runs worker ${index + 1}, but there are servers for ${PAIRS.length}: set E2E_WORKERS instead of --workers.`,
  );
}

/** This worker's app and simulator. */
export const APP_PORT = pair.appPort;
export const SIM_PORT = pair.simPort;
export const APP_URL = `http://localhost:${APP_PORT}`;
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
/** The e2e server's session secret: it must never appear in anything the browser receives. */
export const E2E_AUTH_SECRET = TEST_AUTH_SECRET;
/** The e2e server's cron secret (watch mode's sweep endpoint). */
export const E2E_CRON_SECRET = TEST_CRON_SECRET;
export { OAUTH_CLIENT_SECRET };
