import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// Whether `.next` holds a production build of the current sources: `npm run demo` and `npm test`
// build when it does not (one build, reused while the sources stay as they are), and the
// integration tests over HTTP refuse to test an older build.

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "auth.ts",
  "proxy.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
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

/** True when `root`/.next has no build, or a source changed after it was built. */
export function buildIsStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.map((source) => path.join(root, source))
    .filter((source) => existsSync(source))
    .some((source) => newestMtime(source) > builtAt);
}

/** Runs `next build` in `root` when its build is missing or stale; exits on a failed build. */
export function ensureBuild(root: string): void {
  if (!buildIsStale(root)) {
    console.log("The production build in .next is current: not rebuilding.");
    return;
  }
  console.log("Building tagwatch (next build)...");
  const result = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
