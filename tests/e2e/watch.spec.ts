import { createHmac } from "node:crypto";
import { E2E_CRON_SECRET } from "./constants";
import { APP_URL, expect, type Fetch, SIM_URL, Simulator, signIn, test } from "./fixtures";

// Watch mode through the simulator: the tagwatch App's webhooks reach the app, the cron sweep is
// called as Vercel Cron would, and the tests read the repositories' issues and the requests the
// app made. tests/e2e/fixtures/watch-scenario.yaml: heal-cli (redispatch: true), report-lib
// (reports only), old-tags (an unreleased tag from before the installation; a 10-minute grace),
// dud-release (redispatch: true, but its releases lack the .deb it expects), unwatched.

const SCENARIO = "tests/e2e/fixtures/watch-scenario.yaml";
const WEBHOOK_SECRET = "tagwatch-demo-webhook-secret";
const OWNER = "octo-maintainer";
const WATCHED = ["dud-release", "heal-cli", "old-tags", "report-lib"].map(
  (name) => `${OWNER}/${name}`,
);

type Issue = {
  number: number;
  state: string;
  body: string;
  labels: { name: string }[];
  comment_bodies: { body: string }[];
};

type RepositoryResult = {
  repository: string;
  problems: string[];
  waiting: string[];
  dispatched: string[];
  busy?: true;
  error?: string;
};

type Sweep = { repositories: RepositoryResult[] };

async function issues(simulator: Simulator, repo: string): Promise<Issue[]> {
  const body = await simulator.call<{ issues: Issue[] }>(
    "GET",
    `issues?owner=${OWNER}&repo=${repo}`,
  );
  return body.issues;
}

async function dispatches(simulator: Simulator, repo: string) {
  return (await simulator.requests()).filter(
    (request) =>
      request.method === "POST" &&
      request.path.includes(`/${OWNER}/${repo}/actions/workflows/`) &&
      request.path.endsWith("/dispatches") &&
      request.status < 300,
  );
}

/** Runs the cron sweep the way Vercel Cron calls it. */
async function sweep(fetch: Fetch): Promise<Sweep> {
  const response = await fetch(`${APP_URL}/api/cron/watch`, {
    headers: { authorization: `Bearer ${E2E_CRON_SECRET}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Sweep;
}

/** One repository's part of a sweep; fails when the sweep left it out. */
function resultFor(result: Sweep, repo: string): RepositoryResult {
  const found = result.repositories.find((entry) => entry.repository === `${OWNER}/${repo}`);
  expect(found, `the sweep's result for ${repo}`).toBeDefined();
  return found as RepositoryResult;
}

function pushTags(simulator: Simulator, repo: string, tags: string[], withGithubToken: boolean) {
  return simulator.push({ owner: OWNER, repo, by: OWNER, withGithubToken, tags });
}

test.describe("watch mode", () => {
  test.beforeEach(async ({ simulator }) => {
    await simulator.call("POST", "reset", { scenario: SCENARIO });
    await simulator.call("POST", "apps/tagwatch/webhook", {
      url: `${APP_URL}/api/github/webhooks`,
    });
    await simulator.call("DELETE", "deliveries");
  });

  test.afterAll(async ({ leakGuard }) => {
    const simulator = new Simulator(leakGuard.fetch);
    await simulator.call("POST", "apps/tagwatch/webhook", { url: null });
    await simulator.call("POST", "reset", { scenario: "demo" });
  });

  test("a delivery with a missing or wrong signature is refused and changes nothing", async ({
    simulator,
    leakGuard,
  }) => {
    // The test plays GitHub: real pushes, but the deliveries are its own.
    await simulator.call("POST", "apps/tagwatch/webhook", { url: null });
    await pushTags(simulator, "report-lib", ["v2.1.0"], true);
    // Tags unique to this test: the app's store keeps which tags it dispatched across resets.
    await pushTags(simulator, "heal-cli", ["v1.5.0"], true);
    await simulator.clearRequests();
    const delivery = (repo: string, tag: string) =>
      JSON.stringify({
        ref: `refs/tags/${tag}`,
        repository: { full_name: `${OWNER}/${repo}` },
        installation: { id: 51104 },
      });
    const send = (payload: string, signature: string | null) =>
      leakGuard.fetch(`${APP_URL}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": "forged-delivery",
          ...(signature ? { "x-hub-signature-256": signature } : {}),
        },
        body: payload,
      });
    const sign = (secret: string, payload: string) =>
      `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;

    // Each would open report-lib's issue, were it let through.
    const forged = delivery("report-lib", "v2.1.0");
    expect((await send(forged, null)).status).toBe(401);
    expect((await send(forged, sign("not-the-secret", forged))).status).toBe(401);
    // The right signature over another body does not fit this one either.
    expect((await send(forged, sign(WEBHOOK_SECRET, `${forged} `))).status).toBe(401);
    expect(await simulator.requests()).toEqual([]);

    // The forged id was not recorded: the real delivery with that id still counts.
    const genuine = delivery("heal-cli", "v1.5.0");
    const accepted = await send(genuine, sign(WEBHOOK_SECRET, genuine));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ duplicate: false });
    // Work the forged deliveries had started would be done before the genuine one's, sent later.
    await expect
      .poll(async () => (await issues(simulator, "heal-cli")).length, { timeout: 20_000 })
      .toBe(1);
    expect(await issues(simulator, "report-lib")).toEqual([]);
    expect(
      (await simulator.requests()).filter((request) => request.path.includes("/report-lib/")),
    ).toEqual([]);
  });

  test("a tag pushed by github-actions[bot] becomes one issue; a tag without a run joins it after the grace period", async ({
    simulator,
    leakGuard,
  }) => {
    await pushTags(simulator, "report-lib", ["v2.1.0"], true);
    await expect
      .poll(async () => (await issues(simulator, "report-lib")).length, { timeout: 20_000 })
      .toBe(1);
    const [issue] = await issues(simulator, "report-lib");
    expect(issue?.labels.map((label) => label.name)).toEqual(["tagwatch"]);
    expect(issue?.body).toContain("<!-- tagwatch -->");
    expect(issue?.body).toContain(
      "| `v2.1.0` | Not triggered | pushed with GITHUB_TOKEN | reported |",
    );
    expect(issue?.body).toContain(`${APP_URL}/${OWNER}/report-lib`);
    expect(issue?.body).toContain(
      `\`gh workflow run release.yml --ref v2.1.0 -R ${OWNER}/report-lib\``,
    );
    expect(issue?.comment_bodies).toEqual([]);

    // A tag whose name no workflow's pattern matches has no run: a problem only after the
    // repository's grace period (report-lib 3 s; old-tags 10 minutes, still running below).
    await pushTags(simulator, "report-lib", ["nightly-1"], false);
    await pushTags(simulator, "old-tags", ["nightly-1"], false);
    let last: Sweep | undefined;
    await expect
      .poll(
        async () => {
          last = await sweep(leakGuard.fetch);
          return (await issues(simulator, "report-lib"))[0]?.body ?? "";
        },
        { timeout: 20_000, intervals: [1000] },
      )
      .toContain("| `nightly-1` | Not triggered |");
    const [updated, ...others] = await issues(simulator, "report-lib");
    expect(others).toEqual([]);
    expect(updated?.number).toBe(issue?.number);
    expect(updated?.comment_bodies.map((comment) => comment.body)).toEqual([
      "`nightly-1` (not triggered) joined the list above.",
    ]);
    expect(await dispatches(simulator, "report-lib")).toEqual([]);
    // The sweep that listed report-lib's tag, more than 3 s after the push, still waits on old-tags'.
    expect(resultFor(last as Sweep, "report-lib").problems).toContain("nightly-1");
    expect(resultFor(last as Sweep, "old-tags")).toMatchObject({
      problems: ["v3.0.1"],
      waiting: ["nightly-1"],
    });
  });

  test("with redispatch: true a bot-pushed tag is dispatched once, ships, and the issue closes", async ({
    simulator,
    page,
  }) => {
    // Signing in and two server-rendered pages on a busy machine.
    test.slow();
    await pushTags(simulator, "heal-cli", ["v1.1.0"], true);
    await expect
      .poll(async () => (await issues(simulator, "heal-cli"))[0]?.state, { timeout: 30_000 })
      .toBe("closed");
    const [issue, ...others] = await issues(simulator, "heal-cli");
    expect(others).toEqual([]);
    expect(issue?.body).toMatch(/`v1\.1\.0`: dispatched release\.yml at/);
    expect(issue?.comment_bodies.map((comment) => comment.body)).toEqual([
      "`v1.1.0` shipped: every tag tagwatch watches has a complete release now. Closing.",
    ]);
    expect(await dispatches(simulator, "heal-cli")).toHaveLength(1);

    // The dashboard says the App watches the repository and what it did.
    await signIn(page, OWNER, `/${OWNER}/heal-cli`);
    const panel = page.getByRole("region", { name: "Watch mode" });
    await expect(panel).toContainText("Watched by the tagwatch App");
    await expect(panel).toContainText(/tagwatch dispatched release\.yml on v1\.1\.0 at/);
    await page.goto(`/${OWNER}/unwatched`);
    await expect(page.getByRole("link", { name: "Install the tagwatch App" })).toHaveAttribute(
      "href",
      `${SIM_URL}/apps/tagwatch/installations/new`,
    );
  });

  test("a replayed delivery and repeated sweeps make no second issue or dispatch", async ({
    simulator,
    leakGuard,
  }) => {
    await pushTags(simulator, "heal-cli", ["v1.2.0"], true);
    await expect
      .poll(async () => (await dispatches(simulator, "heal-cli")).length, { timeout: 20_000 })
      .toBe(1);
    const { deliveries } = await simulator.call<{
      deliveries: { guid: string; event: string; response: { body: string } | null }[];
    }>("GET", "deliveries?event=push");
    const push = deliveries.find((delivery) => delivery.response?.body.includes("heal-cli"));
    expect(push).toBeDefined();
    const replay = await simulator.call<{ response: { status: number; body: string } }>(
      "POST",
      `deliveries/${push?.guid}/redeliver`,
    );
    expect(JSON.parse(replay.response.body)).toMatchObject({ duplicate: true });
    await Promise.all([sweep(leakGuard.fetch), sweep(leakGuard.fetch)]);
    await sweep(leakGuard.fetch);
    await expect
      .poll(async () => (await issues(simulator, "heal-cli"))[0]?.state, { timeout: 30_000 })
      .toBe("closed");
    await sweep(leakGuard.fetch);
    expect(await issues(simulator, "heal-cli")).toHaveLength(1);
    expect(await dispatches(simulator, "heal-cli")).toHaveLength(1);
  });

  test("four tags pushed at once (no webhook) are caught by the sweep", async ({
    simulator,
    leakGuard,
  }) => {
    const tags = ["v1.3.0", "v1.3.1", "v1.3.2", "v1.3.3"];
    const pushed = await pushTags(simulator, "heal-cli", tags, false);
    expect(pushed).toMatchObject({ started: false });
    // Within the 3 s grace a sweep only waits; the first one after it lists and dispatches all four.
    let heal: RepositoryResult | undefined;
    await expect
      .poll(
        async () => {
          heal = resultFor(await sweep(leakGuard.fetch), "heal-cli");
          return [...heal.problems].sort();
        },
        { timeout: 20_000, intervals: [1000] },
      )
      .toEqual(tags);
    expect([...(heal?.dispatched ?? [])].sort()).toEqual(tags);
    const [issue] = await issues(simulator, "heal-cli");
    expect(issue?.body).toContain("more than three tags pushed at once");
    await expect
      .poll(
        async () => {
          await sweep(leakGuard.fetch);
          return (await issues(simulator, "heal-cli"))[0]?.state;
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe("closed");
    expect(await dispatches(simulator, "heal-cli")).toHaveLength(4);
  });

  test("an old unreleased tag at install time is reported, not dispatched", async ({
    simulator,
    leakGuard,
  }) => {
    const result = await sweep(leakGuard.fetch);
    expect(resultFor(result, "old-tags")).toMatchObject({ problems: ["v3.0.1"], dispatched: [] });
    const [issue] = await issues(simulator, "old-tags");
    expect(issue?.body).toContain(
      "| `v3.0.1` | Not triggered | pushed with GITHUB_TOKEN | not dispatched: it was pushed before tagwatch watched the repository and more than 7 days ago |",
    );
    await sweep(leakGuard.fetch);
    expect(await dispatches(simulator, "old-tags")).toEqual([]);
    expect(await issues(simulator, "old-tags")).toHaveLength(1);
  });

  test("GitHub faults during a sweep leave no half-written state", async ({
    simulator,
    leakGuard,
  }) => {
    await simulator.call("POST", "apps/tagwatch/webhook", { url: null });
    // Reads fail: every repository reports the error, and nothing is written anywhere.
    await simulator.faults({ failures: [{ pathPrefix: "/api/graphql", status: 503, count: 30 }] });
    const failed = await sweep(leakGuard.fetch);
    expect(failed.repositories.map((entry) => entry.repository).sort()).toEqual(WATCHED);
    expect(failed.repositories.filter((entry) => !entry.error)).toEqual([]);
    await simulator.clearFaults();
    expect(await issues(simulator, "old-tags")).toEqual([]);

    // The dispatch goes out, then creating the issue fails. dud-release's releases lack the .deb
    // it expects, so the tag stays a problem: a later sweep writes the issue with the dispatch
    // in it (kept outside the issue meanwhile), and never dispatches again.
    await pushTags(simulator, "dud-release", ["v1.1.0"], true);
    await simulator.faults({
      failures: [
        { pathPrefix: `/api/v3/repos/${OWNER}/dud-release/issues`, method: "POST", status: 502 },
      ],
    });
    const halfway = await sweep(leakGuard.fetch);
    expect(resultFor(halfway, "dud-release").error).toMatch(/.+/);
    expect(await issues(simulator, "dud-release")).toEqual([]);
    expect(await dispatches(simulator, "dud-release")).toHaveLength(1);
    await simulator.clearFaults();
    // While the dispatched run is on its way there is nothing to report; once its release is
    // there without the .deb, the issue opens.
    await expect
      .poll(
        async () => {
          await sweep(leakGuard.fetch);
          return (await issues(simulator, "dud-release")).length;
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe(1);
    const [issue] = await issues(simulator, "dud-release");
    expect(issue?.state).toBe("open");
    expect(issue?.body).toMatch(
      /\| `v1\.1\.0` \| [^|]+ \| [^|]* \| dispatched release\.yml at [^|]+ \|/,
    );
    await sweep(leakGuard.fetch);
    expect(await dispatches(simulator, "dud-release")).toHaveLength(1);
    expect(await issues(simulator, "dud-release")).toHaveLength(1);
    expect((await issues(simulator, "old-tags")).filter((i) => i.state === "open")).toHaveLength(1);
  });

  test("/setup creates the App with the manifest flow and shows its credentials once", async ({
    page,
    simulator,
  }) => {
    await page.goto("/setup");
    await page.getByLabel("App name").fill("tagwatch-e2e");
    await page.getByRole("button", { name: "Create the GitHub App" }).click();
    // The simulator's confirmation page, as GitHub shows one.
    await page.waitForURL(/\/settings\/apps\/new/);
    await expect(page.getByText(`${APP_URL}/api/github/webhooks`)).toBeVisible();
    await page.getByRole("radio", { name: /octo-maintainer/ }).check();
    await page.getByRole("button", { name: "Create GitHub App" }).click();
    await page.waitForURL(/\/setup\/callback\?/);
    await expect(
      page.getByRole("heading", { name: "The GitHub App tagwatch-e2e exists" }),
    ).toBeVisible();
    const settings = page.getByRole("region", { name: "Settings" });
    await expect(settings).toContainText("GITHUB_APP_ID");
    await expect(settings).toContainText("-----BEGIN RSA PRIVATE KEY-----\\n");
    await expect(settings).toContainText("GITHUB_APP_SLUG");
    await expect(settings).toContainText("tagwatch-e2e");
    const { apps } = await simulator.call<{
      apps: { slug: string; webhookUrl: string | null; permissions: Record<string, string> }[];
    }>("GET", "apps");
    expect(apps.find((app) => app.slug === "tagwatch-e2e")).toMatchObject({
      webhookUrl: `${APP_URL}/api/github/webhooks`,
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
    });
    // The code works once: a reload shows no credentials.
    await page.reload();
    await expect(page.getByText("GitHub did not hand over the App")).toBeVisible();
  });
});
