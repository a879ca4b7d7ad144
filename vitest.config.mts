import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // server-only throws outside React Server Components; unit tests import modules directly.
      "server-only": `${root}tests/unit/server-only-stub.ts`,
    },
  },
  test: {
    include: [
      "tests/unit/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "simulator/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 20_000,
    // Starting a simulator loads GitHub's schema and replays the demo: seconds on a busy machine.
    hookTimeout: 30_000,
  },
});
