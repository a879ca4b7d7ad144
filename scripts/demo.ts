// `npm run demo`: builds tagwatch when the build is missing or older than the sources, then runs
// it on the bundled GitHub simulator's demo scenario. No credentials needed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "auth.ts",
  "next.config.ts",
  "instrumentation.ts",
  "package-lock.json",
];

function newestMtime(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, child) => Math.max(newest, newestMtime(path.join(entry, child))),
    stats.mtimeMs,
  );
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.map((source) => path.join(root, source))
    .filter((source) => existsSync(source))
    .some((source) => newestMtime(source) > builtAt);
}

if (buildIsStale()) {
  console.log("Building tagwatch (next build)...");
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Watch mode in the demo: webhooks do the minute-level work; the sweep catches the rest each minute.
process.env.TAGWATCH_SWEEP_SECONDS ??= "60";

import("./with-simulator").then(({ main }) =>
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }),
);
