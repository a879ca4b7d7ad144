import type { SimulatorControl } from "./simulator-control";

// Watch mode's scenario (tests/e2e/fixtures/watch-scenario.yaml) and what tests read of it on the
// simulator, for the e2e journeys (tests/e2e/watch.spec.ts) and the HTTP checks
// (tests/integration/http/watch.test.ts). heal-cli (redispatch: true), report-lib (reports only),
// old-tags (an unreleased tag from before the installation; a 10-minute grace), dud-release
// (redispatch: true, but its releases lack the .deb it expects), unwatched (not installed).

export const WATCH_SCENARIO = "tests/e2e/fixtures/watch-scenario.yaml";
export const OWNER = "octo-maintainer";

export type Issue = {
  number: number;
  state: string;
  body: string;
  labels: { name: string }[];
  comment_bodies: { body: string }[];
};

/** The repository's issues on the simulator, open and closed. */
export async function issues(simulator: SimulatorControl, repo: string): Promise<Issue[]> {
  const body = await simulator.call<{ issues: Issue[] }>(
    "GET",
    `issues?owner=${OWNER}&repo=${repo}`,
  );
  return body.issues;
}

/** The workflow dispatches GitHub accepted for the repository, from the simulator's request log. */
export async function dispatches(simulator: SimulatorControl, repo: string) {
  return (await simulator.requests()).filter(
    (request) =>
      request.method === "POST" &&
      request.path.includes(`/${OWNER}/${repo}/actions/workflows/`) &&
      request.path.endsWith("/dispatches") &&
      request.status < 300,
  );
}

/** The owner pushes `tags` in one push, with GITHUB_TOKEN (no run starts) or not. */
export function pushTags(
  simulator: SimulatorControl,
  repo: string,
  tags: string[],
  withGithubToken: boolean,
) {
  return simulator.push({ owner: OWNER, repo, by: OWNER, withGithubToken, tags });
}

/** Resets the simulator to the watch scenario, the App's webhook pointed at tagwatch. */
export async function resetToWatchScenario(simulator: SimulatorControl, appUrl: string) {
  await simulator.call("POST", "reset", { scenario: WATCH_SCENARIO });
  await simulator.call("POST", "apps/tagwatch/webhook", { url: `${appUrl}/api/github/webhooks` });
  await simulator.call("DELETE", "deliveries");
}
