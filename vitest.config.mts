import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Three kinds of test, one project each (`npx vitest run --project unit`); `npx vitest run` runs
// all three. The browser tests are Playwright's (tests/e2e).
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
      // Pure code on plain data: no processes, no ports. Worker threads, still one fresh module
      // graph per file: a thread starts in a fraction of a fork's time, and these 49 files spent
      // most of their run importing (the project took 47 s in forks, 18 s in threads, 2 cores).
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], pool: "threads" },
      },
      // Starts something: the GitHub simulator, redis-server, a local HTTP server, or tagwatch's
      // production build (tests/integration/http: `next build` first; `npm test` does).
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"] } },
      // The GitHub simulator's own tests (simulator/README.md): in-process servers, threads too
      // (35 s in forks, 21 s in threads). Each test starts its own simulator, which keeps its state
      // in the instance, so the files share one module graph per thread instead of importing
      // GitHub's schema again each (33 s → 11 s alone; passes with the files shuffled). The
      // integration project stays in forks: it runs child processes and was slower in threads.
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
