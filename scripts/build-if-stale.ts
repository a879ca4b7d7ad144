// `npm run test:build`: one production build for the whole of `npm test` (the integration tests
// over HTTP and the e2e suite start the same one), rebuilt only when the sources changed.
import path from "node:path";
import { ensureBuild } from "./build-freshness";

ensureBuild(path.resolve(__dirname, ".."));
