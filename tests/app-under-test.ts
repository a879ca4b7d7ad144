// tagwatch's production build on the bundled GitHub simulator, as the tests start it
// (scripts/with-simulator.ts): one source for the settings of the e2e suite's servers
// (playwright.config.ts) and of the integration tests that check HTTP answers without a browser
// (tests/integration/http).

/** The session secret of the servers under test: it must never appear in an answer. */
export const TEST_AUTH_SECRET = "e2e-session-secret-0f3c9a7d51b24e8e9d3b";
/** Their cron secret (watch mode's sweep endpoint). */
export const TEST_CRON_SECRET = "e2e-cron-secret-7b1d52c0a9e84f36";
/** The OAuth App's client secret scripts/with-simulator.ts gives tagwatch. */
export const OAUTH_CLIENT_SECRET = "tagwatch-demo-secret";

/** The environment of `tsx scripts/with-simulator.ts` for one app and its own simulator. */
export function appUnderTestEnv(appPort: number, simPort: number): Record<string, string> {
  return {
    APP_PORT: String(appPort),
    SIM_PORT: String(simPort),
    // A simulated run is queued for one step and in progress for another, then done: short, so
    // tests that wait for a run to finish wait little, long enough for a page to show each state.
    SIM_RUN_STEP_MS: "700",
    AUTH_SECRET: TEST_AUTH_SECRET,
    // Short, so tests can watch the cache expire (rate-limit fallback) without waiting 30 s.
    TAGWATCH_CACHE_SECONDS: "2",
    // Watch mode is configured with the simulator's App, but its webhook reaches the app only
    // when a test points it there, and sweeps run only when a test calls the cron endpoint:
    // other tests' request counts and faults stay theirs.
    TAGWATCH_DEMO_HOOK: "0",
    TAGWATCH_SWEEP_SECONDS: "0",
    CRON_SECRET: TEST_CRON_SECRET,
  };
}
