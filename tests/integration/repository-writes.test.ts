import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { MAINTAINER_TOKEN, OWNER, READER_TOKEN, useGitHub } from "./github";
import { type Caller, nextHeadersOf, pagePost, type RequestScope } from "./session";

// The routes that change a repository on GitHub, called as the tagwatch page calls them, against
// the simulator: POST .../enable ("Enable and re-dispatch") and POST .../dispatch. Each refusal is
// checked twice: the answer, and that nothing was written on GitHub.

const scope = vi.hoisted((): RequestScope => ({ request: null }));
vi.mock("next/headers", () => nextHeadersOf(scope));

const MAINTAINER: Caller = { login: OWNER, token: MAINTAINER_TOKEN };
const READER: Caller = { login: "octo-reader", token: READER_TOKEN };
const DISABLED = { owner: "release-lab", repo: "disabled-workflow" }; // release.yml disabled after v1.0.0

type Handler = (
  request: Request,
  context: { params: Promise<{ owner: string; repo: string }> },
) => Promise<Response>;

let sim: RunningSimulator;
let enable: Handler;
let dispatch: Handler;
let rerun: Handler;
const { control, rest } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 600_000 });
  // The simulator is reset between tests: tagwatch must not answer from what it saw before.
  useGitHub(sim.url, { TAGWATCH_CACHE_SECONDS: "0" });
  ({ POST: enable } = await import("@/app/api/repos/[owner]/[repo]/enable/route"));
  ({ POST: dispatch } = await import("@/app/api/repos/[owner]/[repo]/dispatch/route"));
  ({ POST: rerun } = await import("@/app/api/repos/[owner]/[repo]/rerun/route"));
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  await control("POST", "reset");
  await control("DELETE", "requests");
});

async function call(
  handler: Handler,
  action: "enable" | "dispatch" | "rerun",
  where: { owner: string; repo: string },
  body: unknown,
  caller: Caller,
  options: { origin?: string | null; contentType?: string } = {},
): Promise<{ status: number; body: Json }> {
  const url = `http://localhost:3000/api/repos/${where.owner}/${where.repo}/${action}`;
  scope.request = await pagePost(url, body, caller, options);
  const response = await handler(scope.request, { params: Promise.resolve(where) });
  return { status: response.status, body: await response.json() };
}

/** An answer tagwatch refused with: status, code and message, as the API sends them. */
function refusal(status: number, code: string, message: string) {
  return { status, body: { error: { code, message } } };
}

/** Every write tagwatch sent to GitHub since the test began (reads are allowed). */
async function writes(): Promise<string[]> {
  const { body } = await control("GET", "requests");
  return body.requests
    .filter((request: Json) => request.method !== "GET" && request.kind !== "graphql")
    .map((request: Json) => `${request.method} ${request.path} ${request.status}`);
}

async function releaseWorkflowState(): Promise<string> {
  const { body } = await rest(
    "GET",
    `/repos/${DISABLED.owner}/${DISABLED.repo}/actions/workflows`,
    MAINTAINER_TOKEN,
  );
  return body.workflows.find((workflow: Json) => workflow.path.endsWith("/release.yml")).state;
}

async function dispatchedRefs(repo: string): Promise<string[]> {
  const { body } = await control("GET", "dispatches");
  return body.dispatches
    .filter((entry: Json) => entry.repo === repo)
    .map((entry: Json) => `${entry.workflow}@${entry.ref}`);
}

describe("POST /api/repos/{owner}/{repo}/enable", () => {
  it("enables the disabled release workflow, then dispatches it on the tag, once each", async () => {
    expect(await releaseWorkflowState()).toBe("disabled_manually");
    const answer = await call(enable, "enable", DISABLED, { tag: "v1.1.0" }, MAINTAINER);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      enabled: true,
      dispatched: true,
      tag: "v1.1.0",
      workflow: "release.yml",
      runId: expect.any(Number),
    });
    expect(await releaseWorkflowState()).toBe("active");
    expect(await dispatchedRefs(DISABLED.repo)).toEqual([".github/workflows/release.yml@v1.1.0"]);
    expect((await writes()).map((write) => write.replace(/\/\d+\//, "/{id}/"))).toEqual([
      expect.stringMatching(
        /^PUT \/api\/v3\/repos\/release-lab\/disabled-workflow\/actions\/workflows\/\S+\/enable 204$/,
      ),
      "POST /api/v3/repos/release-lab/disabled-workflow/actions/workflows/release.yml/dispatches 200",
    ]);
  });

  it("enables and dispatches once when pressed twice at once", async () => {
    const answers = await Promise.all(
      [1, 2].map(() => call(enable, "enable", DISABLED, { tag: "v1.1.0" }, MAINTAINER)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, expect.any(Number)]);
    const refused = answers.find((answer) => answer.status !== 202);
    // Refused while the first was being sent, or once it had enabled the workflow.
    expect([409, 422]).toContain(refused?.status);
    expect(await dispatchedRefs(DISABLED.repo)).toEqual([".github/workflows/release.yml@v1.1.0"]);
  });

  it("refuses a workflow that is not disabled: dispatch it instead", async () => {
    const answer = await call(
      enable,
      "enable",
      { owner: OWNER, repo: "classic-cli" },
      { tag: "v0.1.2" },
      MAINTAINER,
    );
    expect(answer).toEqual(
      refusal(422, "unprocessable", "release.yml is not disabled; dispatch it instead."),
    );
    expect(await writes()).toEqual([]);
  });

  it.each<
    [
      string,
      { owner: string; repo: string },
      unknown,
      Caller,
      { origin?: string | null; contentType?: string },
      number,
      string,
    ]
  >([
    [
      "signed out",
      DISABLED,
      { tag: "v1.1.0" },
      null,
      {},
      401,
      "Sign in with GitHub to use tagwatch.",
    ],
    [
      "from another site",
      DISABLED,
      { tag: "v1.1.0" },
      MAINTAINER,
      { origin: "https://evil.example" },
      403,
      "Cross-site requests are refused. Use the tagwatch page itself.",
    ],
    [
      "without an Origin",
      DISABLED,
      { tag: "v1.1.0" },
      MAINTAINER,
      { origin: null },
      403,
      "The request has no Origin header. Use the tagwatch page itself.",
    ],
    [
      "not as JSON",
      DISABLED,
      "tag=v1.1.0",
      MAINTAINER,
      { contentType: "application/x-www-form-urlencoded" },
      400,
      "Send the request body as JSON (Content-Type: application/json).",
    ],
    [
      "with a tag git would not allow",
      DISABLED,
      { tag: "v1..1" },
      MAINTAINER,
      {},
      400,
      "tag: tag: not a valid git tag name",
    ],
    [
      "with fields it does not take",
      DISABLED,
      { tag: "v1.1.0", workflow: "release.yml" },
      MAINTAINER,
      {},
      400,
      'Unrecognized key: "workflow"',
    ],
    [
      "for a tag tagwatch does not list",
      DISABLED,
      { tag: "v9.9.9" },
      MAINTAINER,
      {},
      404,
      "tagwatch does not list a tag v9.9.9 in release-lab/disabled-workflow.",
    ],
    [
      "by a reader",
      { owner: "release-lab", repo: "partial-assets" },
      { tag: "v1.0.0" },
      READER,
      {},
      403,
      "You have read access to release-lab/partial-assets; enabling a workflow needs write access.",
    ],
    [
      "in an archived repository",
      { owner: OWNER, repo: "old-archived" },
      { tag: "v0.9.0" },
      MAINTAINER,
      {},
      403,
      "octo-maintainer/old-archived is archived: nothing can change there.",
    ],
  ])(
    "refuses a call %s, and changes nothing",
    async (_, where, body, caller, options, status, message) => {
      const answer = await call(enable, "enable", where, body, caller, options);
      expect(answer.status).toBe(status);
      expect(answer.body.error.message).toBe(message);
      expect(await writes()).toEqual([]);
      expect(await releaseWorkflowState()).toBe("disabled_manually");
    },
  );

  it("when GitHub fails to enable, says so, dispatches nothing, and does not send the enable again", async () => {
    await control("POST", "faults", {
      failures: [
        { pathPattern: "/actions/workflows/[^/]+/enable$", method: "PUT", status: 502, count: 5 },
      ],
    });
    try {
      const answer = await call(enable, "enable", DISABLED, { tag: "v1.1.0" }, MAINTAINER);
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe("github-unavailable");
      expect(await writes()).toEqual([expect.stringMatching(/^PUT .*\/enable 502$/)]);
      expect(await dispatchedRefs(DISABLED.repo)).toEqual([]);
    } finally {
      await control("DELETE", "faults");
    }
  });
});

describe("POST /api/repos/{owner}/{repo}/dispatch with another workflow, or in an archived repository", () => {
  const CLASSIC = { owner: OWNER, repo: "classic-cli" }; // v0.1.2: release.yml never ran (GITHUB_TOKEN)

  it("dispatches the release workflow tagwatch read (the harness's baseline)", async () => {
    const answer = await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ dispatched: true, workflow: "release.yml", inputs: {} });
    expect(await dispatchedRefs("classic-cli")).toEqual([".github/workflows/release.yml@v0.1.2"]);
  });

  it("sends one dispatch when the same tag is dispatched several times at once (two tabs, two maintainers)", async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409, 409, 409]);
    for (const answer of answers.filter(({ status }) => status === 409)) {
      expect(answer.body.error.code).toBe("conflict");
      // Refused by the claim while the first was being sent, or by its run once GitHub listed it.
      expect(answer.body.error.message).toMatch(
        /^(v0\.1\.2 was dispatched moments ago|release\.yml is already queued on v0\.1\.2)/,
      );
    }
    expect(await dispatchedRefs("classic-cli")).toEqual([".github/workflows/release.yml@v0.1.2"]);
  });

  it("refuses to dispatch a tag whose release run is queued, and sends nothing", async () => {
    const first = await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER);
    expect(first.status).toBe(202);
    await control("DELETE", "requests");
    expect(await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER)).toEqual(
      refusal(
        409,
        "conflict",
        `release.yml is already queued on v0.1.2 (run ${first.body.runId}): a second dispatch would release the tag twice. Wait for this run to finish; tagwatch shows its result.`,
      ),
    );
    expect(await writes()).toEqual([]);
  });

  it("refuses to dispatch the release workflow on a tag that has shipped, and sends nothing", async () => {
    expect(await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.0" }, MAINTAINER)).toEqual(
      refusal(
        409,
        "conflict",
        "v0.1.0 has shipped: its release is published with every expected asset. Dispatching release.yml again would build and upload it a second time.",
      ),
    );
    expect(await writes()).toEqual([]);
  });

  it("when GitHub's answer to a dispatch is lost, refuses another for a minute rather than risk two runs", async () => {
    await control("POST", "faults", {
      failures: [{ pathPattern: "/dispatches$", method: "POST", status: 502, count: 5 }],
    });
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      const lost = await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER);
      expect(lost.status).toBe(503);
      await control("DELETE", "faults");
      const again = await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(
        /^v0\.1\.2 was dispatched moments ago; its run shows here as soon as GitHub lists it\. If none appears, dispatch again in (59|60) s\.$/,
      );
      expect(await writes()).toEqual([
        "POST /api/v3/repos/octo-maintainer/classic-cli/actions/workflows/release.yml/dispatches 502",
      ]);
      vi.setSystemTime(Date.now() + 61_000);
      const later = await call(dispatch, "dispatch", CLASSIC, { tag: "v0.1.2" }, MAINTAINER);
      expect(later.status).toBe(202);
      expect(await dispatchedRefs("classic-cli")).toEqual([".github/workflows/release.yml@v0.1.2"]);
    } finally {
      vi.useRealTimers();
      await control("DELETE", "faults");
    }
  });

  it("refuses inputs for a workflow other than the one it read, before anything reaches GitHub", async () => {
    const answer = await call(
      dispatch,
      "dispatch",
      CLASSIC,
      { tag: "v0.1.2", workflow: "auto-release.yml", inputs: { version: "0.1.2" } },
      MAINTAINER,
    );
    expect(answer).toEqual(
      refusal(
        422,
        "unprocessable",
        "tagwatch only sends inputs to the release workflow it read (release.yml); dispatch auto-release.yml without inputs or from GitHub.",
      ),
    );
    expect(await writes()).toEqual([]);
  });

  it("sends another workflow without inputs as asked, and reports GitHub's refusal in words", async () => {
    const answer = await call(
      dispatch,
      "dispatch",
      CLASSIC,
      { tag: "v0.1.2", workflow: "ci.yml" },
      MAINTAINER,
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(
      /^ci\.yml at v0\.1\.2 has no workflow_dispatch trigger/,
    );
    expect(await writes()).toEqual([
      "POST /api/v3/repos/octo-maintainer/classic-cli/actions/workflows/ci.yml/dispatches 422",
    ]);
    // GitHub refused it, so nothing started: asking again reaches GitHub again.
    const again = await call(
      dispatch,
      "dispatch",
      CLASSIC,
      { tag: "v0.1.2", workflow: "ci.yml" },
      MAINTAINER,
    );
    expect(again.status).toBe(422);
    expect((await writes()).length).toBe(2);
    expect(await dispatchedRefs("classic-cli")).toEqual([]);
  });

  it.each([undefined, "release.yml"])(
    "refuses a dispatch in an archived repository (workflow %s), before anything reaches GitHub",
    async (workflow) => {
      const answer = await call(
        dispatch,
        "dispatch",
        { owner: OWNER, repo: "old-archived" },
        { tag: "v0.9.0", ...(workflow ? { workflow } : {}) },
        MAINTAINER,
      );
      expect(answer).toEqual(
        refusal(
          403,
          "forbidden",
          "octo-maintainer/old-archived is archived: nothing can be dispatched there.",
        ),
      );
      expect(await writes()).toEqual([]);
    },
  );
});

describe("POST /api/repos/{owner}/{repo}/rerun", () => {
  const FAILED = { owner: OWNER, repo: "failed-build" }; // v2.1.0: its release run failed

  async function failedRunOf(tag: string): Promise<number> {
    const { body } = await rest(
      "GET",
      `/repos/${FAILED.owner}/${FAILED.repo}/actions/runs?branch=${tag}`,
      MAINTAINER_TOKEN,
    );
    const run = body.workflow_runs.find((candidate: Json) => candidate.conclusion === "failure");
    return run.id;
  }

  it("re-runs the failed run once when pressed several times at once, and says the others are under way", async () => {
    const runId = await failedRunOf("v2.1.0");
    const answers = await Promise.all(
      [1, 2, 3].map(() => call(rerun, "rerun", FAILED, { runId }, MAINTAINER)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409, 409]);
    for (const answer of answers.filter(({ status }) => status === 409)) {
      expect(answer.body.error.code).toBe("conflict");
      // Refused by tagwatch once it saw the run going, or by GitHub while it was.
      expect(answer.body.error.message).toMatch(
        new RegExp(
          `^Run ${runId} is (still (queued|in progress)|already running again); wait for it to finish`,
        ),
      );
    }
    const accepted = (await writes()).filter((write) => write.endsWith(" 201"));
    expect(accepted).toEqual([
      `POST /api/v3/repos/octo-maintainer/failed-build/actions/runs/${runId}/rerun-failed-jobs 201`,
    ]);
  });

  it("says that a disabled workflow must be enabled, not that write access is missing", async () => {
    const runId = await failedRunOf("v2.1.0");
    // GitHub's answer for a run whose workflow was disabled since the page was read.
    await control("POST", "faults", {
      failures: [
        {
          pathPattern: "/rerun",
          method: "POST",
          status: 403,
          count: 1,
          body: { message: "Unable to re-run this workflow run because the workflow is disabled" },
        },
      ],
    });
    try {
      expect(await call(rerun, "rerun", FAILED, { runId }, MAINTAINER)).toEqual(
        refusal(
          422,
          "unprocessable",
          `The workflow of run ${runId} is disabled, so GitHub does not re-run it. Enable it in the repository's Actions tab, then try again.`,
        ),
      );
    } finally {
      await control("DELETE", "faults");
    }
  });
});
