import { describe, expect, it } from "vitest";
import { dispatchWorkflow } from "../src/state/dispatch";
import {
  checkDispatchInputs,
  declaredInputs,
  targetOfVersionInput,
} from "../src/state/dispatch-inputs";
import { BOT, type Repo } from "../src/state/model";
import { push } from "../src/state/push";
import { createRelease } from "../src/state/releases";
import { rerun, tick } from "../src/state/runs";
import { loadScenario, scenarioSchema } from "../src/state/scenario";
import {
  parseTriggers,
  pushStarts,
  releaseActivities,
  workflowRunStarts,
} from "../src/state/workflow-rules";
import type { World } from "../src/state/world";

// Release pipelines as GitHub runs them: dispatch inputs, `create`, `release` activity types,
// `workflow_run` chains, `workflow_call`, and release bots that tag and release inside a branch
// run. Each story builds a one-repository world of its own with minimal workflow files.

const W = ".github/workflows/";

/** A one-repository world owned by `mona`; runStepMs 0 so live runs complete on the next tick. */
function world(repo: Record<string, unknown>): { world: World; repo: Repo } {
  const scenario = scenarioSchema.parse({
    users: [{ login: "mona", name: "Mona" }],
    repositories: [{ owner: "mona", name: "tool", ...repo }],
  });
  const built = loadScenario(scenario, { runStepMs: 0 });
  return { world: built, repo: built.repo("mona", "tool") as Repo };
}

const runsOf = (repo: Repo, file: string) => repo.runs.filter((run) => run.path === `${W}${file}`);
const releaseOf = (repo: Repo, tag: string) =>
  repo.releases.find((release) => release.tagName === tag);

describe("dispatch inputs", () => {
  const file = `
on:
  workflow_dispatch:
    inputs:
      tag:
        description: Release Tag
        required: true
        type: string
      channel:
        type: choice
        options: [stable, beta]
        default: stable
      publish:
        type: boolean
        default: true
      dry:
        type: boolean
      retries:
        type: number
`;
  const declared = declaredInputs(file);

  it("reads type, required, default, options and description from the file", () => {
    expect(declared.map((input) => [input.name, input.type, input.required])).toEqual([
      ["tag", "string", true],
      ["channel", "choice", false],
      ["publish", "boolean", false],
      ["dry", "boolean", false],
      ["retries", "number", false],
    ]);
    expect(declared[0]?.description).toBe("Release Tag");
    expect(declared[1]?.options).toEqual(["stable", "beta"]);
    expect(declared[2]?.default).toBe("true");
    expect(declaredInputs('"on": [push]\n')).toEqual([]);
  });

  it("refuses what GitHub refuses, with its messages", () => {
    expect(checkDispatchInputs(declared, {})).toEqual({
      ok: false,
      message: "Required input 'tag' not provided",
    });
    expect(checkDispatchInputs(declared, { tag: "v1", version: "1", x: "2" })).toEqual({
      ok: false,
      message: 'Unexpected inputs provided: ["version","x"]',
    });
    expect(checkDispatchInputs(declared, { tag: "v1", channel: "nightly" })).toEqual({
      ok: false,
      message: "Provided value 'nightly' for input 'channel' not in the list of allowed values",
    });
    expect(checkDispatchInputs(declared, { tag: "v1", publish: "yes" })).toMatchObject({
      ok: false,
    });
    expect(checkDispatchInputs(declared, { tag: "v1", retries: "three" })).toMatchObject({
      ok: false,
    });
    // A workflow without inputs takes none.
    expect(checkDispatchInputs([], { tag: "v1" })).toEqual({
      ok: false,
      message: 'Unexpected inputs provided: ["tag"]',
    });
  });

  it("fills omitted inputs with their defaults and stringifies JSON booleans and numbers", () => {
    expect(checkDispatchInputs(declared, { tag: "v1.2.0", publish: false, retries: 3 })).toEqual({
      ok: true,
      inputs: { tag: "v1.2.0", channel: "stable", publish: "false", dry: "false", retries: "3" },
    });
  });

  it("reads what a version input asks to publish", () => {
    const tags = new Set(["v1.2.0", "0.4.0"]);
    const has = (name: string) => tags.has(name);
    expect(targetOfVersionInput("1.2.0", has)).toEqual({
      kind: "tag",
      tag: "v1.2.0",
      exists: true,
    });
    expect(targetOfVersionInput("v0.4.0", has)).toEqual({
      kind: "tag",
      tag: "0.4.0",
      exists: true,
    });
    expect(targetOfVersionInput("1.3.0", has)).toEqual({
      kind: "tag",
      tag: "1.3.0",
      exists: false,
    });
    expect(targetOfVersionInput("nightly", has)).toEqual({ kind: "rolling", tag: "nightly" });
    expect(targetOfVersionInput("dry-run", has)).toBeNull();
    expect(targetOfVersionInput("", has)).toBeNull();
    expect(targetOfVersionInput(undefined, has)).toBeNull();
  });
});

describe("trigger kinds", () => {
  it("reads create, workflow_run and workflow_call triggers", () => {
    const create = parseTriggers("on:\n  create\n");
    expect(create.create).toBe(true);
    const chained = parseTriggers(
      "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\n  workflow_call:\n",
    );
    expect(chained.workflowRun).toMatchObject({ workflows: ["CI"], types: ["completed"] });
    expect(chained.workflowCall).toBe(true);
    const up = { name: "CI", headBranch: "v1.0.0" };
    expect(workflowRunStarts(chained, up, "completed")).toBe(true);
    expect(workflowRunStarts(chained, up, "requested")).toBe(false);
    expect(workflowRunStarts(chained, { ...up, name: "Tests" }, "completed")).toBe(false);
    // Without types every activity counts; branch filters match the upstream's head branch.
    const filtered = parseTriggers(
      "on:\n  workflow_run:\n    workflows: [CI]\n    branches: [main]\n",
    );
    expect(workflowRunStarts(filtered, { name: "CI", headBranch: "main" }, "requested")).toBe(true);
    expect(workflowRunStarts(filtered, up, "completed")).toBe(false);
  });

  it("push without filters runs for every tag; only branch filters, for none", () => {
    expect(pushStarts(parseTriggers("on:\n  push:\n"), { type: "tag", name: "anything" })).toBe(
      true,
    );
    const branches = parseTriggers("on:\n  push:\n    branches: [main]\n");
    expect(pushStarts(branches, { type: "tag", name: "v1.0.0" })).toBe(false);
  });

  it("release activities: published includes prereleases, released does not, drafts are only created", () => {
    expect(releaseActivities("create", { draft: false, prerelease: false })).toEqual([
      "created",
      "published",
      "released",
    ]);
    expect(releaseActivities("create", { draft: false, prerelease: true })).toEqual([
      "created",
      "published",
      "prereleased",
    ]);
    expect(releaseActivities("create", { draft: true, prerelease: false })).toEqual(["created"]);
    expect(releaseActivities("publish", { draft: true, prerelease: false })).toEqual([
      "published",
      "released",
    ]);
  });

  it("on: create runs once per tag created, but not for tags pushed with GITHUB_TOKEN", () => {
    const { repo } = world({
      workflows: { "release.yml": { release: { assets: ["{repo}-{version}.tar.gz"] } } },
      files: { [`${W}release.yml`]: "name: Release\non: create\njobs: {}\n" },
      history: [
        { daysAgo: 10, commit: "Initial commit" },
        { daysAgo: 5, commit: "Two releases", tags: ["v1.0.0", "v1.0.1"] },
        { daysAgo: 2, withGithubToken: true, commit: "bump", tags: ["v1.1.0"] },
      ],
    });
    const runs = runsOf(repo, "release.yml");
    expect(runs.map((run) => [run.event, run.headBranch, run.branch])).toEqual([
      ["create", "v1.0.0", null],
      ["create", "v1.0.1", null],
    ]);
    expect(releaseOf(repo, "v1.0.1")?.assets.map((asset) => asset.name)).toEqual([
      "tool-1.0.1.tar.gz",
    ]);
    expect(releaseOf(repo, "v1.1.0")).toBeUndefined();
  });

  it("on: release starts each workflow for the activity types it lists", () => {
    const on = (types: string) => `on:\n  release:\n    types: [${types}]\n`;
    const { world: w, repo } = world({
      files: {
        [`${W}published.yml`]: on("published"),
        [`${W}released.yml`]: on("released"),
        [`${W}prereleased.yml`]: on("prereleased"),
        [`${W}created.yml`]: on("created"),
        [`${W}any.yml`]: "on: release\n",
      },
      history: [
        { daysAgo: 10, commit: "Initial commit", tags: ["v1.0.0-rc.1", "v1.0.0", "v1.1.0"] },
        { daysAgo: 9, release: { tag: "v1.0.0-rc.1", prerelease: true } },
        { daysAgo: 8, release: { tag: "v1.0.0" } },
        { daysAgo: 7, release: { tag: "v1.1.0", draft: true } },
        { daysAgo: 6, publishRelease: "v1.1.0" },
      ],
    });
    const tagsOf = (file: string) => runsOf(repo, file).map((run) => run.headBranch);
    expect(tagsOf("published.yml")).toEqual(["v1.0.0-rc.1", "v1.0.0", "v1.1.0"]);
    expect(tagsOf("released.yml")).toEqual(["v1.0.0", "v1.1.0"]);
    expect(tagsOf("prereleased.yml")).toEqual(["v1.0.0-rc.1"]);
    expect(tagsOf("created.yml")).toEqual(["v1.0.0-rc.1", "v1.0.0", "v1.1.0"]);
    // A bare `on: release` runs once per activity: created + published + released/prereleased.
    expect(runsOf(repo, "any.yml").map((run) => run.event)).toEqual(
      Array(3 + 3 + 1 + 2).fill("release"),
    );
    // A release made with GITHUB_TOKEN starts none of them.
    const before = repo.runs.length;
    push(w, repo, {
      by: "mona",
      withGithubToken: false,
      at: w.now(),
      tags: ["v2.0.0"],
      history: true,
    });
    createRelease(w, repo, {
      tag: "v2.0.0",
      by: "mona",
      withGithubToken: true,
      at: w.now(),
      history: true,
    });
    expect(repo.runs.length).toBe(before);
  });

  it("a workflow_call-only workflow never runs on its own", () => {
    const { repo } = world({
      files: {
        [`${W}build.yml`]: "on:\n  workflow_call:\n    inputs:\n      tag: { type: string }\n",
      },
      history: [{ daysAgo: 5, commit: "Initial commit", tags: ["v1.0.0"] }],
    });
    expect(runsOf(repo, "build.yml")).toEqual([]);
  });
});

describe("workflow_run chains", () => {
  const ci = (name: string) => `name: ${name}\non:\n  push:\n    tags: ["v*"]\n`;
  const release = (upstream: string) =>
    `name: Release\non:\n  workflow_run:\n    workflows: [${upstream}]\n    types: [completed]\n`;

  it("Release follows CI on a tag: a default-branch run that releases the upstream's tag", () => {
    const { repo } = world({
      workflows: { "release.yml": { release: { assets: ["{repo}-{version}.zip"] } } },
      files: { [`${W}ci.yml`]: ci("CI"), [`${W}release.yml`]: release("CI") },
      history: [
        { daysAgo: 10, commit: "Initial commit" },
        { daysAgo: 5, commit: "Release 1.0.0", tags: ["v1.0.0"] },
        { daysAgo: 4, commit: "Rename CI", files: { [`${W}ci.yml`]: ci("Tests") } },
        { daysAgo: 3, commit: "Release 1.1.0", tags: ["v1.1.0"] },
      ],
    });
    const [upstream] = runsOf(repo, "ci.yml");
    const [downstream, ...others] = runsOf(repo, "release.yml");
    expect(others).toEqual([]);
    // Like GitHub: GITHUB_REF/GITHUB_SHA of a workflow_run run are the default branch and its head.
    expect(downstream).toMatchObject({
      event: "workflow_run",
      headBranch: "main",
      branch: "main",
      headSha: upstream?.headSha, // the tag was pushed at the head
      chainDepth: 2,
    });
    expect(downstream?.createdAt).toBeGreaterThan(upstream?.fixed?.updatedAt ?? Infinity);
    expect(releaseOf(repo, "v1.0.0")?.assets).toHaveLength(1);
    // CI was renamed to Tests: `workflows: [CI]` no longer matches, so v1.1.0 has no release.
    expect(runsOf(repo, "ci.yml")).toHaveLength(2);
    expect(releaseOf(repo, "v1.1.0")).toBeUndefined();
  });

  it("a failed upstream still completes (the chain fires); requested fires at the start", () => {
    const { repo } = world({
      files: {
        [`${W}ci.yml`]: ci("CI"),
        [`${W}notify.yml`]: "on:\n  workflow_run:\n    workflows: [CI]\n    types: [requested]\n",
      },
      history: [
        { daysAgo: 10, commit: "Initial commit" },
        { daysAgo: 5, commit: "v1", tags: ["v1.0.0"], outcomes: { "ci.yml": "failure" } },
      ],
    });
    const [notify] = runsOf(repo, "notify.yml");
    expect(notify?.createdAt).toBeLessThan(runsOf(repo, "ci.yml")[0]?.fixed?.updatedAt ?? 0);
  });

  it("stops after three levels, as GitHub does", () => {
    const link = (name: string, upstream: string) =>
      `name: ${name}\non:\n  workflow_run:\n    workflows: [${upstream}]\n    types: [completed]\n`;
    const { repo } = world({
      files: {
        [`${W}a.yml`]: ci("A"),
        [`${W}b.yml`]: link("B", "A"),
        [`${W}c.yml`]: link("C", "B"),
        [`${W}d.yml`]: link("D", "C"),
      },
      history: [{ daysAgo: 5, commit: "Initial commit", tags: ["v1.0.0"] }],
    });
    expect(["a.yml", "b.yml", "c.yml", "d.yml"].map((file) => runsOf(repo, file).length)).toEqual([
      1, 1, 1, 0,
    ]);
  });

  it("live: the downstream run starts when the upstream completes and releases its tag", () => {
    const { world: w, repo } = world({
      workflows: { "release.yml": { release: { assets: [] } } },
      files: { [`${W}ci.yml`]: ci("CI"), [`${W}release.yml`]: release("CI") },
      history: [{ daysAgo: 5, commit: "Initial commit" }],
    });
    push(w, repo, {
      by: "mona",
      withGithubToken: false,
      at: w.now(),
      commit: { message: "Release 2.0.0", files: {} },
      tags: ["v2.0.0"],
      history: false,
    });
    expect(runsOf(repo, "release.yml")).toEqual([]);
    tick(w, w.now() + 1); // CI completes: Release is requested
    expect(runsOf(repo, "release.yml").map((run) => run.event)).toEqual(["workflow_run"]);
    tick(w, w.now() + 2); // Release completes
    expect(releaseOf(repo, "v2.0.0")?.author).toBe(BOT.login);
  });
});

describe("release bots", () => {
  const bot = "name: release\non:\n  push:\n    branches: [main]\n";
  const onTag = 'name: publish\non:\n  push:\n    tags: ["v*"]\n';

  function botWorld(history: Record<string, unknown>[]) {
    return world({
      workflows: { "release.yml": { bot: true, release: { assets: ["{repo}-{version}.tgz"] } } },
      files: { [`${W}release.yml`]: bot, [`${W}publish.yml`]: onTag },
      history: [{ daysAgo: 20, commit: "Initial commit" }, ...history],
    });
  }

  it("a successful bot run on main creates the tag and the release, and fires nothing more", () => {
    const { repo } = botWorld([
      { daysAgo: 10, commit: "feat: export", botTags: { "release.yml": "v1.4.0" } },
    ]);
    const [, run] = runsOf(repo, "release.yml");
    expect(run).toMatchObject({ event: "push", headBranch: "main", branch: "main" });
    const tag = repo.tags.get("v1.4.0");
    expect(tag).toMatchObject({ targetType: "commit", targetSha: run?.headSha });
    expect(releaseOf(repo, "v1.4.0")).toMatchObject({ author: BOT.login, draft: false });
    expect(releaseOf(repo, "v1.4.0")?.assets.map((asset) => asset.name)).toEqual([
      "tool-1.4.0.tgz",
    ]);
    // Made with GITHUB_TOKEN: the tag starts no tag-push workflow.
    expect(runsOf(repo, "publish.yml")).toEqual([]);
    expect(repo.events.find((event) => event.payload.ref === "v1.4.0")).toMatchObject({
      type: "CreateEvent",
      actor: BOT.login,
    });
  });

  it("a failure before tagging leaves no tag; after tagging, a tag without a release", () => {
    const { repo } = botWorld([
      {
        daysAgo: 10,
        commit: "fix: a",
        botTags: { "release.yml": "v1.0.1" },
        outcomes: { "release.yml": "failure" },
      },
      {
        daysAgo: 5,
        commit: "fix: b",
        botTags: { "release.yml": "v1.0.2" },
        outcomes: { "release.yml": { conclusion: "failure", after: "tag" } },
      },
    ]);
    expect(repo.tags.has("v1.0.1")).toBe(false);
    expect(repo.tags.has("v1.0.2")).toBe(true);
    expect(releaseOf(repo, "v1.0.2")).toBeUndefined();
    const failed = runsOf(repo, "release.yml").at(-1);
    expect(failed?.fixed?.conclusion).toBe("failure");
    expect(failed?.headSha).toBe(repo.tags.get("v1.0.2")?.targetSha);
  });

  it("re-running the failed bot run ships the missing release", () => {
    const { world: w, repo } = botWorld([
      {
        daysAgo: 5,
        commit: "fix: b",
        botTags: { "release.yml": "v1.0.2" },
        outcomes: { "release.yml": { conclusion: "failure", after: "tag" } },
      },
    ]);
    const failed = runsOf(repo, "release.yml").at(-1);
    if (!failed) throw new Error("no run");
    rerun(w, repo, failed, "mona");
    tick(w, w.now() + 1);
    expect(releaseOf(repo, "v1.0.2")?.assets).toHaveLength(1);
  });
});

describe("dispatches whose effect depends on their inputs", () => {
  const manual = `name: Release
on:
  workflow_dispatch:
    inputs:
      tag: { description: Release Tag, required: true, default: dry-run }
      publish: { type: boolean, default: true }
`;
  function manualWorld() {
    const built = world({
      workflows: {
        "release.yml": {
          release: {
            assets: ["{repo}-{version}.zip"],
            versionInput: "tag",
            publishInput: "publish",
          },
        },
      },
      files: { [`${W}release.yml`]: manual },
      history: [{ daysAgo: 5, commit: "Initial commit", tags: ["v1.0.0"] }],
    });
    const workflow = built.repo.workflows[0];
    const commit = built.world.head(built.repo);
    if (!workflow || !commit) throw new Error("no workflow");
    const dispatch = (inputs: Record<string, string>, ref = "main") => {
      const checked = checkDispatchInputs(declaredInputs(manual), inputs);
      if (!checked.ok) throw new Error(checked.message);
      const type = ref === "main" ? ("branch" as const) : ("tag" as const);
      const run = dispatchWorkflow(
        built.world,
        built.repo,
        workflow,
        { name: ref, type, commit },
        "mona",
        checked.inputs,
      );
      tick(built.world, built.world.now() + 1);
      return run;
    };
    return { ...built, dispatch };
  }

  it("the default dry-run publishes nothing, even on a tag", () => {
    const { repo, dispatch } = manualWorld();
    const run = dispatch({}, "v1.0.0");
    expect(run.inputs).toEqual({ tag: "dry-run", publish: "true" });
    expect(repo.releases).toEqual([]);
  });

  it("a version publishes that version (matched with or without the v), a new one gets its tag", () => {
    const { repo, dispatch } = manualWorld();
    dispatch({ tag: "1.0.0" });
    expect(releaseOf(repo, "v1.0.0")?.assets).toHaveLength(1);
    dispatch({ tag: "v1.1.0" });
    expect(repo.tags.get("v1.1.0")?.targetType).toBe("commit");
    expect(releaseOf(repo, "v1.1.0")?.author).toBe(BOT.login);
  });

  it("nightly publishes a rolling prerelease; publish=false builds but publishes nothing", () => {
    const { repo, dispatch, world: w } = manualWorld();
    dispatch({ tag: "nightly" });
    expect(releaseOf(repo, "nightly")).toMatchObject({ prerelease: true });
    dispatch({ tag: "v1.0.0", publish: "false" });
    expect(releaseOf(repo, "v1.0.0")).toBeUndefined();
    expect(w.dispatches.map((record) => record.inputs.tag)).toEqual(["nightly", "v1.0.0"]);
  });
});
