import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// What the OpenAPI extract keeps (scripts/openapi/extract.ts): the packages it reads, pinned, the
// REST operations tagwatch calls and the webhook deliveries the simulator sends. The simulator's
// tests check the committed extract against this selection.

/** GitHub's descriptions, pinned: bump a version and run the extractor to refresh. */
export const PACKAGES = {
  rest: { name: "@octokit/openapi", version: "23.0.2" },
  webhooks: { name: "@octokit/openapi-webhooks", version: "12.1.0" },
  examples: { name: "@octokit/webhooks-examples", version: "7.6.1" },
} as const;

/** Where the extract is written, relative to the repository. */
export const EXTRACT_DIR = "simulator/openapi";

/** REST operations tagwatch reaches through a library or a plain fetch, not a route string. */
export const LIBRARY_OPERATIONS: { operation: string; by: string }[] = [
  {
    operation: "POST /app/installations/{installation_id}/access_tokens",
    by: "@octokit/auth-app (lib/github/app.ts: installation tokens)",
  },
  { operation: "GET /user", by: "auth.ts (next-auth's userinfo request at sign-in)" },
];

/** The folders and files of the app whose code calls GitHub (tests, scripts, simulator aside). */
const APP_SOURCES = ["app", "components", "lib", "auth.ts", "proxy.ts", "instrumentation.ts"];

// A double-quoted route, as the code writes them (comments quote with backticks).
const ROUTE = /"(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_{}/.-]*)"/g;

function sourceFiles(entry: string): string[] {
  const stats = statSync(entry, { throwIfNoEntry: false });
  if (!stats) return [];
  if (stats.isFile()) return /\.tsx?$/.test(entry) ? [entry] : [];
  return readdirSync(entry).flatMap((name) => sourceFiles(path.join(entry, name)));
}

/**
 * Every REST route string in the app's code ("POST /repos/{owner}/{repo}/issues", the way
 * lib/github/rest.ts and octokit name an operation), sorted and without repeats.
 */
export function operationsInCode(root: string): string[] {
  const found = new Set<string>();
  for (const file of APP_SOURCES.flatMap((entry) => sourceFiles(path.join(root, entry)))) {
    for (const match of readFileSync(file, "utf8").matchAll(ROUTE)) {
      found.add(`${match[1]} ${match[2]}`);
    }
  }
  return [...found].sort();
}

/** The REST operations the extract must hold: the code's and the libraries'. */
export function restOperations(root: string): string[] {
  const operations = new Set(operationsInCode(root));
  for (const { operation } of LIBRARY_OPERATIONS) operations.add(operation);
  return [...operations].sort();
}

/**
 * Every delivery the simulator sends an App, as `event` or `event.action`: what tagwatch's
 * receiver reads (push, create, workflow_run, release) and the lifecycle GitHub sends every App.
 */
export const WEBHOOK_DELIVERIES = [
  "ping",
  "push",
  "create",
  "workflow_run.requested",
  "workflow_run.in_progress",
  "workflow_run.completed",
  "release.created",
  "release.published",
  "release.released",
  "release.prereleased",
  "installation.created",
  "installation.deleted",
  "installation.suspend",
  "installation.unsuspend",
  "installation.new_permissions_accepted",
  "installation_repositories.added",
  "installation_repositories.removed",
  "repository.renamed",
  "repository.transferred",
  "github_app_authorization.revoked",
] as const;

/** The key of a delivery in GitHub's webhooks description: `workflow_run.in_progress` -> `workflow-run-in-progress`. */
export function webhookKey(delivery: string): string {
  return delivery.replace(".", "-").replace(/_/g, "-");
}
