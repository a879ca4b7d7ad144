import { describe, expect, it } from "vitest";
import { isGitHubActionsActor } from "@/lib/health/actors";
import { parseTagwatchConfig } from "@/lib/health/config";
import { matchesFilterList } from "@/lib/health/filter-pattern";
import { getVersion, swapVersion } from "@/lib/health/versions";
import { parseWorkflow, tagPatternMatches } from "@/lib/health/workflows";
import { BOT, MONA, workflowFile } from "./factories";

function workflow(text: string, name = "release.yml") {
  return parseWorkflow(workflowFile(name, text));
}

describe("GitHub filter patterns", () => {
  it.each([
    [["v*"], "v1.0.0", true],
    [["v*"], "1.0.0", false],
    [["v*"], "v1/beta", false],
    [["v**"], "v1/beta", true],
    [["v[0-9]+.[0-9]+.[0-9]+"], "v10.2.3", true],
    [["v[0-9]+.[0-9]+.[0-9]+"], "v1.2", false],
    [["v[0-9]+.[0-9]+.[0-9]+"], "v1x2x3", false],
    [["v1.0.0-rc?"], "v1.0.0-r", true],
    [["v1.0.0-rc?"], "v1.0.0-rcc", false],
    [["v*", "!v*-rc*"], "v1.0.0", true],
    [["v*", "!v*-rc*"], "v1.0.0-rc1", false],
    [["v*", "!v*-rc*", "v2.0.0-rc1"], "v2.0.0-rc1", true],
    [["!v1*", "v*"], "v1.0.0", true],
    [["v\\*"], "v*", true],
    [["v\\*"], "v1", false],
  ])("%j against %s is %s", (patterns, name, expected) => {
    expect(matchesFilterList(patterns, name)).toBe(expected);
  });
});

describe("workflow triggers", () => {
  it("reads on as a string, a list and a map", () => {
    expect(workflow("on: push\njobs: {}").push).toEqual({
      tags: null,
      tagsIgnore: null,
      hasBranchFilter: false,
    });
    expect(workflow("on: [push, workflow_dispatch]\njobs: {}").dispatch).toBe(true);
    const map = workflow('on:\n  push:\n    tags: "v*"\n  release:\n    types: [published]\n');
    expect(map.push?.tags).toEqual(["v*"]);
    expect(map.release).toBe(true);
  });

  it("identifies release workflows", () => {
    expect(workflow('on:\n  push:\n    tags: ["v*"]\n').isRelease).toBe(true);
    expect(workflow("on:\n  push:\n    tags-ignore: ['nightly*']\n").isRelease).toBe(true);
    expect(workflow("on:\n  release:\n    types: [published]\n", "upload.yml").isRelease).toBe(
      true,
    );
    expect(workflow("on: workflow_dispatch\n", "release.yml").isRelease).toBe(true);
    expect(workflow("on: workflow_dispatch\n", "docs.yml").isRelease).toBe(false);
    expect(workflow("on:\n  push:\n    branches: [main]\n", "ci.yml").isRelease).toBe(false);
    expect(workflow("on: push\n", "ci.yml").isRelease).toBe(false);
  });

  it("matches tags through tags and tags-ignore", () => {
    const ignoring = workflow("on:\n  push:\n    tags-ignore: ['nightly*']\n");
    expect(tagPatternMatches(ignoring, "v1.0.0")).toBe(true);
    expect(tagPatternMatches(ignoring, "nightly-1")).toBe(false);
    expect(tagPatternMatches(workflow("on:\n  push:\n    branches: [main]\n"), "v1.0.0")).toBe(
      false,
    );
  });

  it("survives invalid YAML", () => {
    const broken = workflow("on: [push\n");
    expect(broken.valid).toBe(false);
    expect(broken.isRelease).toBe(false);
  });

  it("knows the lines that add workflow_dispatch, indented like the file", () => {
    expect(workflow("on:\n    push:\n        tags: ['v*']\n").dispatchYaml).toBe(
      "    workflow_dispatch:",
    );
    expect(workflow("on: [push, release]\n").dispatchYaml).toBe(
      "on:\n  push:\n  release:\n  workflow_dispatch:",
    );
  });
});

describe("versions", () => {
  it.each([
    ["v1.2.3", "1.2.3"],
    ["1.1.0", "1.1.0"],
    ["v2.0.0-rc.1", "2.0.0-rc.1"],
    ["cli-v0.4.0", "0.4.0"],
    ["app2/v1.0", "1.0"],
    ["nightly", "nightly"],
  ])("the version of %s is %s", (name, version) => {
    expect(getVersion(name)).toBe(version);
  });

  it("swaps the version inside asset names, with or without v", () => {
    expect(swapVersion("tool_1.0.0_linux_amd64.tar.gz", "1.0.0", "1.1.0")).toBe(
      "tool_1.1.0_linux_amd64.tar.gz",
    );
    expect(swapVersion("tool-v1.0.0.zip", "1.0.0", "2.0.0-rc.1")).toBe("tool-v2.0.0-rc.1.zip");
    expect(swapVersion("tool_11.0.0.zip", "1.0.0", "1.1.0")).toBe("tool_11.0.0.zip");
    expect(swapVersion("checksums.txt", "1.0.0", "1.1.0")).toBe("checksums.txt");
  });
});

describe("github-actions[bot]", () => {
  it("is recognised by name, e-mail or login", () => {
    expect(isGitHubActionsActor(BOT)).toBe(true);
    expect(isGitHubActionsActor({ name: null, email: null, login: "github-actions[bot]" })).toBe(
      true,
    );
    expect(isGitHubActionsActor(MONA)).toBe(false);
    expect(isGitHubActionsActor(null)).toBe(false);
  });
});

describe(".github/tagwatch.yml", () => {
  it("reads expected-assets as a list or a single glob", () => {
    expect(parseTagwatchConfig("expected-assets:\n  - 'a_{version}.zip'\n").expectedAssets).toEqual(
      ["a_{version}.zip"],
    );
    expect(parseTagwatchConfig("expected-assets: a.zip").expectedAssets).toEqual(["a.zip"]);
    expect(parseTagwatchConfig(null)).toEqual({
      expectedAssets: null,
      releaseWorkflow: null,
      notes: [],
    });
  });

  it("ignores invalid YAML and wrong shapes with a note", () => {
    const invalid = parseTagwatchConfig("expected-assets: [a.zip\n");
    expect(invalid.expectedAssets).toBeNull();
    expect(invalid.notes[0]).toContain("not valid YAML");
    expect(parseTagwatchConfig("expected-assets: {a: 1}").notes[0]).toContain(
      "list of glob patterns",
    );
  });
});
