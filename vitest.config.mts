import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Unit files that need a module graph of their own: they replace a module (vi.mock), which a graph
// shared with other files may already hold unmocked, or set the settings (process.env) that
// lib/env and the store read once, at their first import.
const UNIT_ISOLATED = [
  "tests/unit/badges/load.test.ts",
  "tests/unit/badges/not-configured.test.ts",
  "tests/unit/badges/token.test.ts",
  "tests/unit/components/client/api.test.ts",
  "tests/unit/github/client.test.ts",
  "tests/unit/github/queries.test.ts",
  "tests/unit/overview/watched.test.ts",
  "tests/unit/watch/state-keys.test.ts",
  "tests/unit/watch/webhook-payloads.test.ts",
  "tests/unit/watch/webhook-route.test.ts",
  "tests/unit/watch/webhooks.test.ts",
];

// Three kinds of test, one project each (`npx vitest run --project simulator`; the unit tests are
// two projects, `--project 'unit*'`); `npx vitest run` runs them all. The browser tests are
// Playwright's (tests/e2e).
export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // server-only throws outside React Server Components; tests import modules directly.
      "server-only": `${root}tests/server-only-stub.ts`,
    },
  },
  test: {
    environment: "node",
    // Vitest's default on 2 cores is one worker, so files would run one after another; most
    // integration and simulator files wait on sockets and child processes, so more overlap well.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 3),
    testTimeout: 20_000,
    // Starting a simulator loads GitHub's schema and replays the demo: seconds on a busy machine.
    hookTimeout: 30_000,
    projects: [
      // Pure code on plain data: no processes, no ports. Worker threads whose files share one
      // module graph: with a fresh graph per file the unit tests spent most of their time importing
      // the same modules again (31 s of CPU; 18 s with these 40 files sharing one, and they pass
      // with the files shuffled). A new file that mocks a module or sets process.env joins the list.
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          exclude: UNIT_ISOLATED,
          pool: "threads",
          isolate: false,
        },
      },
      // The unit files that need a module graph of their own (the list above says why).
      { extends: true, test: { name: "unit-isolated", include: UNIT_ISOLATED, pool: "threads" } },
      // Starts something: the GitHub simulator, redis-server, a local HTTP server, or tagwatch's
      // production build (tests/integration/http: `next build` first; `npm test` does). Threads,
      // each file still in a fresh one (the files set process.env, which each thread has its
      // own copy of): `vitest run` took 91-103 s against 108-109 s in forks, alternated, with
      // ~23 s less CPU; the child processes some files start are the same either way.
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], pool: "threads" },
      },
      // The GitHub simulator's own tests (simulator/README.md): in-process servers, threads too
      // (35 s in forks, 21 s in threads). Each test starts its own simulator, which keeps its state
      // in the instance, so the files share one module graph per thread instead of importing
      // GitHub's schema again each (33 s → 11 s alone; passes with the files shuffled).
      {
        extends: true,
        test: {
          name: "simulator",
          include: ["simulator/tests/**/*.test.ts"],
          pool: "threads",
          isolate: false,
        },
      },
    ],
  },
});
