import { describe, expect, it } from "vitest";
import { BOT, type Repo } from "../src/state/model";
import { loadScenario, scenarioSchema } from "../src/state/scenario";

// History features the pipeline replay (tests/unit/pipelines/replay.test.ts) needs: assets a
// person uploads by hand, and a dispatched run that pushes a tag it computes itself.

const W = ".github/workflows/";

function repoOf(repo: Record<string, unknown>): Repo {
  const scenario = scenarioSchema.parse({
    users: [{ login: "mona", name: "Mona" }],
    repositories: [{ owner: "mona", name: "tool", ...repo }],
  });
  return loadScenario(scenario, { runStepMs: 0 }).repo("mona", "tool") as Repo;
}

const TAGGER = `name: Automatically release a new version
on:
  schedule:
    - cron: "0 19 * * 1"
  workflow_dispatch:
jobs:
  tag:
    runs-on: ubuntu-latest
    steps:
      - uses: anothrNick/github-tag-action@v1
`;

const FOLLOWER = `name: Build & Release
on:
  workflow_run:
    workflows: ["Automatically release a new version"]
    types: [completed]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: goreleaser/goreleaser-action@v6
`;

describe("history: release assets uploaded by hand", () => {
  it("attaches them to the person's release, uploaded by that person, and starts nothing", () => {
    const repo = repoOf({
      files: { "README.md": "x" },
      history: [
        { daysAgo: 5, commit: "init", tags: ["updater"] },
        { daysAgo: 4, release: { tag: "updater", assets: ["update.json"] } },
      ],
    });
    const release = repo.releases.find((one) => one.tagName === "updater");
    expect(release?.assets.map((asset) => [asset.name, asset.uploader])).toEqual([
      ["update.json", "mona"],
    ]);
    expect(repo.runs).toEqual([]);
  });
});

describe("history: a dispatched run that creates its own tag", () => {
  const files = { [`${W}auto-release.yml`]: TAGGER, [`${W}release.yml`]: FOLLOWER };
  const workflows = {
    "auto-release.yml": { release: { assets: [], createRelease: false } },
    "release.yml": { release: { assets: ["{repo}_{version}_linux_amd64.tar.gz"] } },
  };

  it("tags with GITHUB_TOKEN; the workflow_run follower runs on the default branch and releases that tag", () => {
    const repo = repoOf({
      files,
      workflows,
      history: [
        { daysAgo: 3, commit: "init" },
        {
          daysAgo: 2,
          commit: "fix",
          dispatch: { workflow: "auto-release.yml", createsTag: "v0.3.1" },
        },
      ],
    });
    const tag = repo.tags.get("v0.3.1");
    expect(tag?.targetType).toBe("commit");
    const upstream = repo.runs.find((run) => run.path === `${W}auto-release.yml`);
    expect(upstream?.event).toBe("workflow_dispatch");
    const follower = repo.runs.find((run) => run.path === `${W}release.yml`);
    expect(follower?.event).toBe("workflow_run");
    expect(follower?.headSha).toBe(tag?.targetSha);
    const release = repo.releases.find((one) => one.tagName === "v0.3.1");
    expect(release?.author).toBe(BOT.login);
    expect(release?.assets.map((asset) => asset.name)).toEqual(["tool_0.3.1_linux_amd64.tar.gz"]);
  });

  it("applies the entry's outcomes to the follower: a failed release run leaves the tag without a release", () => {
    const repo = repoOf({
      files,
      workflows,
      history: [
        { daysAgo: 3, commit: "init" },
        {
          daysAgo: 2,
          commit: "fix",
          dispatch: { workflow: "auto-release.yml", createsTag: "v0.3.2" },
          outcomes: { "release.yml": "failure" },
        },
      ],
    });
    expect(repo.tags.has("v0.3.2")).toBe(true);
    const follower = repo.runs.find((run) => run.path === `${W}release.yml`);
    expect(follower?.fixed?.conclusion).toBe("failure");
    expect(repo.releases.find((one) => one.tagName === "v0.3.2")).toBeUndefined();
  });
});
