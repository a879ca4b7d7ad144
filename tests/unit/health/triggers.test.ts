import { describe, expect, it } from "vitest";
import {
  ago,
  BOT,
  release,
  restWorkflow,
  run,
  shipped,
  snapshot,
  tag,
  workflowFile,
} from "./factories";
import { healthOf, tagOf } from "./helpers";

const ON_CREATE = workflowFile(
  "release.yml",
  `name: Release
on: create
jobs:
  release:
    if: github.event.ref_type == 'tag'
    runs-on: ubuntu-latest
    steps:
      - run: gh release create "$GITHUB_REF_NAME"
`,
);

const CI_ON_TAGS = workflowFile(
  "ci.yml",
  `name: CI
on:
  push:
    tags: ["v*"]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`,
);

const CHAINED = workflowFile(
  "publish.yml",
  `name: Publish
on:
  workflow_run:
    workflows: [CI]
    types: [completed]
  workflow_dispatch:
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: softprops/action-gh-release@v2
`,
);

const ON_RELEASED = workflowFile(
  "upload.yml",
  `name: Upload binaries
on:
  release:
    types: [released]
  workflow_dispatch:
    inputs:
      tag:
        required: true
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: gh release upload "$TAG" dist/*
`,
);

const MANUAL = workflowFile(
  "deploy.yml",
  `name: Deploy
on:
  workflow_dispatch:
    inputs:
      tag_name:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: goreleaser release --clean
`,
);

const BOT_WORKFLOW = workflowFile(
  "release-please.yml",
  `name: release-please
on:
  push:
    branches: [main]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: googleapis/release-please-action@v4
`,
);

function files(...list: ReturnType<typeof workflowFile>[]) {
  return {
    headWorkflowFiles: list,
    workflows: list.map((file, index) =>
      restWorkflow({ id: 100 + index, name: file.path, path: file.path }),
    ),
  };
}

describe("trigger kinds", () => {
  it("an on: create release workflow runs for every tag, so a bot-pushed tag is github-token", () => {
    const health = tagOf(
      snapshot({ ...files(ON_CREATE), tags: [tag({ name: "v2.0.0", tagger: BOT })] }),
      "v2.0.0",
    );
    expect(health.releaseWorkflow?.trigger).toBe("create");
    expect(health.findings[0]?.cause).toBe("github-token");
  });

  it("a workflow_run release whose upstream ran on the tag but never started is chain-not-fired", () => {
    const ci = run({
      workflowPath: ".github/workflows/ci.yml",
      workflowName: "CI",
      workflowId: 100,
    });
    const health = tagOf(
      snapshot({ ...files(CI_ON_TAGS, CHAINED), tags: [tag({ name: "v1.1.0", runs: [ci] })] }),
      "v1.1.0",
    );
    expect(health.releaseWorkflow?.file).toBe("publish.yml");
    expect(health.releaseWorkflow?.trigger).toBe("workflow-run");
    expect(health.releaseWorkflow?.upstream).toEqual(["CI"]);
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("chain-not-fired");
    expect(health.action?.kind).toBe("dispatch");
  });

  it("a tag only checks ran for points at the release workflow whose upstream was renamed, not at the checks", () => {
    const renamed = workflowFile("ci.yml", CI_ON_TAGS.text.replace("name: CI", "name: Tests"));
    const tests = run({ workflowPath: ".github/workflows/ci.yml", workflowName: "Tests" });
    const v1 = shipped("v1.0.0", 30);
    const health = tagOf(
      snapshot({
        ...files(renamed, CHAINED),
        tags: [tag({ name: "v1.1.0", runs: [tests] }), v1.tag],
        releases: [v1.release],
      }),
      "v1.1.0",
    );
    expect(health.releaseWorkflow?.file).toBe("publish.yml");
    expect(health.runs).toEqual([]);
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("chain-not-fired");
    expect(health.findings[0]?.message).toContain('"Tests"');
  });

  it("a workflow_run release whose upstream never ran names the upstream's cause", () => {
    const health = tagOf(
      snapshot({ ...files(CI_ON_TAGS, CHAINED), tags: [tag({ name: "v1.1.0", tagger: BOT })] }),
      "v1.1.0",
    );
    expect(health.findings[0]?.cause).toBe("github-token");
  });

  it("an on: release workflow with no release published says so", () => {
    const health = tagOf(
      snapshot({ ...files(ON_RELEASED), tags: [tag({ name: "v3.0.0" })] }),
      "v3.0.0",
    );
    expect(health.releaseWorkflow?.trigger).toBe("release");
    expect(health.releaseWorkflow?.releaseTypes).toEqual(["released"]);
    expect(health.findings[0]?.cause).toBe("no-release-published");
    expect(health.action?.kind === "dispatch" && health.action.inputs).toEqual({ tag: "v3.0.0" });
  });

  it("a release published by github-actions[bot] never started the on: release workflow", () => {
    const health = tagOf(
      snapshot({
        ...files(ON_RELEASED),
        tags: [tag({ name: "v3.0.0" })],
        releases: [release({ tagName: "v3.0.0", author: "github-actions[bot]" })],
      }),
      "v3.0.0",
    );
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("github-token-release");
  });

  it("a manual-only deploy workflow counts as the release workflow and offers a dispatch with the tag", () => {
    const health = tagOf(snapshot({ ...files(MANUAL), tags: [tag({ name: "v4.0.0" })] }), "v4.0.0");
    expect(health.releaseWorkflow?.file).toBe("deploy.yml");
    expect(health.releaseWorkflow?.trigger).toBe("dispatch");
    expect(health.findings[0]?.cause).toBe("manual-only");
    expect(health.action?.command).toBe(
      "gh workflow run deploy.yml --ref v4.0.0 -f tag_name=v4.0.0 -R octo-maintainer/classic-cli",
    );
  });

  it("a release bot's tag without a bot run offers no dispatch on the tag", () => {
    const health = tagOf(
      snapshot({ ...files(BOT_WORKFLOW), tags: [tag({ name: "v5.0.0" })] }),
      "v5.0.0",
    );
    expect(health.releaseWorkflow?.trigger).toBe("release-bot");
    expect(health.findings[0]?.cause).toBe("release-bot");
    expect(health.action).toBeNull();
  });

  it("a release bot's branch run that tagged but made no release is re-run, not dispatched", () => {
    const botRun = run({
      workflowPath: ".github/workflows/release-please.yml",
      branch: "main",
      createdAt: ago(1),
    });
    const health = tagOf(
      snapshot({ ...files(BOT_WORKFLOW), tags: [tag({ name: "v5.0.0", runs: [botRun] })] }),
      "v5.0.0",
    );
    expect(health.runs.map((candidate) => candidate.id)).toEqual([botRun.id]);
    expect(health.status).toBe("missing-release");
    expect(health.action?.kind).toBe("rerun");
  });
});

describe("release-workflow: in .github/tagwatch.yml", () => {
  it("overrides the choice and says so", () => {
    const v1 = shipped("v1.0.0", 30);
    const health = tagOf(
      snapshot({
        tags: [tag({ name: "v1.1.0" }), v1.tag],
        releases: [v1.release],
        tagwatchConfig: "release-workflow: ci.yml\n",
      }),
      "v1.1.0",
    );
    expect(health.releaseWorkflow?.file).toBe("ci.yml");
    expect(health.releaseWorkflow?.chosenBy).toBe("config");
  });

  it("ignores a value that is not a workflow file name, with a note", () => {
    const health = healthOf(snapshot({ tagwatchConfig: "release-workflow: [a, b]\n" }));
    expect(health.notes.join(" ")).toContain("release-workflow");
  });
});
