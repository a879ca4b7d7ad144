// `npm run demo`: builds tagwatch when the build is missing or older than the sources, then runs
// it on the bundled GitHub simulator's demo scenario. No credentials needed.
import path from "node:path";
import { ensureBuild } from "./build-freshness";

ensureBuild(path.resolve(__dirname, ".."));

// Watch mode in the demo: webhooks do the minute-level work; the sweep catches the rest each minute.
process.env.TAGWATCH_SWEEP_SECONDS ??= "60";

import("./with-simulator").then(({ main }) =>
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }),
);
