import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { readIssueRecord } from "@/lib/watch/issue-text";
import { TEST_CRON_SECRET } from "../../app-under-test";
import {
  dispatches as dispatchesOf,
  issues as issuesOf,
  OWNER,
  pushTags as push,
  resetToWatchScenario,
} from "../../watch-scenario";
import { runTagwatch } from "./tagwatch";

// Watch mode through tagwatch's production server and the simulator: the tagwatch App's webhooks
// reach the app, the cron sweep is called as Vercel Cron would, and the tests read the
// repositories' issues and the requests the app made (tests/watch-scenario.ts). What a person sees
// of watch mode is in tests/e2e/watch.spec.ts.

const WEBHOOK_SECRET = "tagwatch-demo-webhook-secret";

const tagwatch = runTagwatch();
const simulator = () => tagwatch().simulator;
const issues = (repo: string) => issuesOf(simulator(), repo);
const dispatches = (repo: string) => dispatchesOf(simulator(), repo);
const pushTags = (repo: string, tags: string[], withGithubToken: boolean) =>
  push(simulator(), repo, tags, withGithubToken);

type RepositoryResult = {
  repository: string;
  problems: string[];
  waiting: string[];
  dispatched: string[];
  busy?: true;
  error?: string;
};

type Sweep = { repositories: RepositoryResult[]; errors: string[] };

/** Runs the cron sweep the way Vercel Cron calls it. */
async function sweep(): Promise<Sweep> {
  const response = await tagwatch().fetch("/api/cron/watch", {
    headers: { authorization: `Bearer ${TEST_CRON_SECRET}` },
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

describe("watch mode", { timeout: 60_000 }, () => {
  beforeEach(async () => {
    await resetToWatchScenario(simulator(), tagwatch().url);
  });

  it("a delivery with a missing or wrong signature is refused and changes nothing", async () => {
    // The test plays GitHub: real pushes, but the deliveries are its own.
    await simulator().call("POST", "apps/tagwatch/webhook", { url: null });
    await pushTags("report-lib", ["v2.1.0"], true);
    // Tags unique to this test: the app's store keeps which tags it dispatched across resets.
    await pushTags("heal-cli", ["v1.5.0"], true);
    // GitHub's push payload names the repository by its ids too (watch state follows the node id).
    const repositories = {
      "report-lib": await simulator().repository(`${OWNER}/report-lib`),
      "heal-cli": await simulator().repository(`${OWNER}/heal-cli`),
    };
    await simulator().clearRequests();
    const delivery = (repo: keyof typeof repositories, tag: string) =>
      JSON.stringify({
        ref: `refs/tags/${tag}`,
        deleted: false,
        repository: repositories[repo],
        installation: { id: 51104 },
      });
    const send = (payload: string, signature: string | null) =>
      tagwatch().fetch(`/api/github/webhooks`, {
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
    expect(await simulator().requests()).toEqual([]);

    // The forged id was not recorded: the real delivery with that id still counts.
    const genuine = delivery("heal-cli", "v1.5.0");
    const accepted = await send(genuine, sign(WEBHOOK_SECRET, genuine));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ duplicate: false });
    // Work the forged deliveries had started would be done before the genuine one's, sent later.
    await expect
      .poll(async () => (await issues("heal-cli")).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    expect(await issues("report-lib")).toEqual([]);
    expect(
      (await simulator().requests()).filter((request) => request.path.includes("/report-lib/")),
    ).toEqual([]);
  });

  it("a tag pushed by github-actions[bot] becomes one issue; a tag without a run joins it after the grace period", async () => {
    await pushTags("report-lib", ["v2.1.0"], true);
    await expect
      .poll(async () => (await issues("report-lib")).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    const [issue] = await issues("report-lib");
    expect(issue?.labels.map((label) => label.name)).toEqual(["tagwatch"]);
    expect(issue?.body).toContain("<!-- tagwatch -->");
    expect(issue?.body).toContain(
      "| `v2.1.0` | Not triggered | pushed with GITHUB_TOKEN | reported |",
    );
    expect(issue?.body).toContain(`${tagwatch().url}/${OWNER}/report-lib`);
    expect(issue?.body).toContain(
      `\`gh workflow run release.yml --ref v2.1.0 -R ${OWNER}/report-lib\``,
    );
    expect(issue?.comment_bodies).toEqual([]);

    // A tag whose name no workflow's pattern matches has no run: a problem only after the
    // repository's grace period (report-lib 3 s; old-tags 10 minutes, still running below).
    await pushTags("report-lib", ["nightly-1"], false);
    await pushTags("old-tags", ["nightly-1"], false);
    // A sweep reads in full only what changed or is due: each repository's latest full read.
    const latest = new Map<string, RepositoryResult>();
    await expect
      .poll(
        async () => {
          for (const entry of (await sweep()).repositories) latest.set(entry.repository, entry);
          return (await issues("report-lib"))[0]?.body ?? "";
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain("| `nightly-1` | Not triggered |");
    const [updated, ...others] = await issues("report-lib");
    expect(others).toEqual([]);
    expect(updated?.number).toBe(issue?.number);
    expect(updated?.comment_bodies.map((comment) => comment.body)).toEqual([
      "`nightly-1` (not triggered) joined the list above.",
    ]);
    expect(await dispatches("report-lib")).toEqual([]);
    // The read that listed report-lib's tag, more than 3 s after the push, still waits on old-tags'.
    expect(latest.get(`${OWNER}/report-lib`)?.problems).toContain("nightly-1");
    expect(latest.get(`${OWNER}/old-tags`)).toMatchObject({
      problems: ["v3.0.1"],
      waiting: ["nightly-1"],
    });
  });

  it("a replayed delivery and repeated sweeps make no second issue or dispatch", async () => {
    await pushTags("heal-cli", ["v1.2.0"], true);
    await expect
      .poll(async () => (await dispatches("heal-cli")).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    const { deliveries } = await simulator().call<{
      deliveries: { guid: string; event: string; response: { body: string } | null }[];
    }>("GET", "deliveries?event=push");
    const push = deliveries.find((delivery) => delivery.response?.body.includes("heal-cli"));
    expect(push).toBeDefined();
    const replay = await simulator().call<{ response: { status: number; body: string } }>(
      "POST",
      `deliveries/${push?.guid}/redeliver`,
    );
    expect(JSON.parse(replay.response.body)).toMatchObject({ duplicate: true });
    await Promise.all([sweep(), sweep()]);
    await sweep();
    await expect
      .poll(async () => (await issues("heal-cli"))[0]?.state, { timeout: 30_000, interval: 250 })
      .toBe("closed");
    await sweep();
    expect(await issues("heal-cli")).toHaveLength(1);
    expect(await dispatches("heal-cli")).toHaveLength(1);
  });

  it("four tags pushed at once (no webhook) are caught by the sweep", async () => {
    const tags = ["v1.3.0", "v1.3.1", "v1.3.2", "v1.3.3"];
    const pushed = await pushTags("heal-cli", tags, false);
    expect(pushed).toMatchObject({ started: false });
    // Within the 3 s grace a sweep only waits; the first one after it lists and dispatches all four.
    let heal: RepositoryResult | undefined;
    await expect
      .poll(
        async () => {
          heal = resultFor(await sweep(), "heal-cli");
          return [...heal.problems].sort();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toEqual(tags);
    expect([...(heal?.dispatched ?? [])].sort()).toEqual(tags);
    const [issue] = await issues("heal-cli");
    expect(issue?.body).toContain("more than three tags pushed at once");
    await expect
      .poll(
        async () => {
          await sweep();
          return (await issues("heal-cli"))[0]?.state;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe("closed");
    expect(await dispatches("heal-cli")).toHaveLength(4);
  });

  it("an old unreleased tag at install time is reported, not dispatched", async () => {
    const result = await sweep();
    expect(resultFor(result, "old-tags")).toMatchObject({ problems: ["v3.0.1"], dispatched: [] });
    const [issue] = await issues("old-tags");
    expect(issue?.body).toContain(
      "| `v3.0.1` | Not triggered | pushed with GITHUB_TOKEN | not dispatched: it was pushed before tagwatch watched the repository and more than 7 days ago |",
    );
    await sweep();
    expect(await dispatches("old-tags")).toEqual([]);
    expect(await issues("old-tags")).toHaveLength(1);
  });

  it("GitHub faults during a sweep leave no half-written state", async () => {
    await simulator().call("POST", "apps/tagwatch/webhook", { url: null });
    // old-tags gets a tag nothing releases (no webhook: only a sweep can see it), so a sweep that
    // reads it must open its issue.
    await pushTags("old-tags", ["v3.1.0"], true);
    // Reads fail: every repository reports the error, and nothing is written anywhere.
    await simulator().faults({
      failures: [{ pathPrefix: "/api/graphql", status: 503, count: 30 }],
    });
    // The cheap pass (or a full read) fails: nothing is read, the failure is reported, and the
    // repositories are left for the next sweep.
    const failed = await sweep();
    expect(failed.repositories.filter((entry) => !entry.error)).toEqual([]);
    expect([...failed.errors, ...failed.repositories.map((entry) => entry.error)]).not.toEqual([]);
    await simulator().clearFaults();
    expect(await issues("old-tags")).toEqual([]);

    // The dispatch goes out, then creating the issue fails. dud-release's releases lack the .deb
    // it expects, so the tag stays a problem: a later sweep writes the issue with the dispatch
    // in it (kept outside the issue meanwhile), and never dispatches again.
    await pushTags("dud-release", ["v1.1.0"], true);
    await simulator().faults({
      failures: [
        { pathPrefix: `/api/v3/repos/${OWNER}/dud-release/issues`, method: "POST", status: 502 },
      ],
    });
    const halfway = await sweep();
    expect(resultFor(halfway, "dud-release").error).toMatch(/.+/);
    expect(await issues("dud-release")).toEqual([]);
    expect(await dispatches("dud-release")).toHaveLength(1);
    await simulator().clearFaults();
    // While the dispatched run is on its way there is nothing to report; once its release is
    // there without the .deb, the issue opens.
    await expect
      .poll(
        async () => {
          await sweep();
          return (await issues("dud-release")).length;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    const [issue] = await issues("dud-release");
    expect(issue?.state).toBe("open");
    expect(issue?.body).toMatch(
      /\| `v1\.1\.0` \| [^|]+ \| [^|]* \| dispatched release\.yml at [^|]+ \|/,
    );
    await sweep();
    expect(await dispatches("dud-release")).toHaveLength(1);
    expect(await issues("dud-release")).toHaveLength(1);
    // The failed sweep recorded nothing for old-tags either: a later one still saw its change and
    // dispatched it once. The body lists v3.1.0 only until the dispatched run ships it (the sweeps
    // above may or may not have seen that, by timing); the issue's record keeps the dispatch.
    expect(await dispatches("old-tags")).toHaveLength(1);
    const oldTags = await issues("old-tags");
    expect(oldTags.filter((issue) => issue.state === "open")).toHaveLength(1);
    expect(readIssueRecord(oldTags[0]?.body).dispatched["v3.1.0"]?.workflow).toBe("release.yml");
  });
});
