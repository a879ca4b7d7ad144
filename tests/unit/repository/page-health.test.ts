import { describe, expect, it } from "vitest";
import type { ReleaseWorkflowRef } from "@/lib/health/types";
import {
  commitLink,
  type HealthJson,
  repositoryLink,
  type TagJson,
  toPageHealth,
} from "@/lib/repository/json";

const asset = (name: string) => ({ name, size: 1024, downloadCount: 3 });

function tag(partial: Partial<TagJson>): TagJson {
  return {
    name: "v1.0.0",
    commit: "a".repeat(40),
    status: "missing-assets",
    release: null,
    runs: [],
    findings: [],
    commitUrl: "https://github.com/octo/cli/commit/aaaa",
    date: "2026-11-30T10:00:00Z",
    annotated: true,
    pushedBy: "octo",
    expectedAssets: null,
    missingAssets: [],
    releaseWorkflow: null,
    action: null,
    ...partial,
  };
}

/** A completed run of the release workflow. */
function releaseRun(id: number, partial: Partial<TagJson["runs"][number]> = {}) {
  return {
    id,
    workflow: "Release",
    workflowPath: ".github/workflows/release.yml",
    event: "push",
    status: "completed",
    conclusion: "success",
    url: `https://github.com/octo/cli/actions/runs/${id}`,
    createdAt: "2026-11-30T10:01:00Z",
    ...partial,
  };
}

/** The release workflow as the core chose it, with its evidence. */
function workflowRef(partial: Partial<ReleaseWorkflowRef> = {}): ReleaseWorkflowRef {
  return {
    trigger: "tag-push",
    releaseTypes: [],
    upstream: [],
    chosenBy: "history",
    evidence: "its runs created the releases of v0.9.0 and v0.8.0",
    path: ".github/workflows/release.yml",
    file: "release.yml",
    name: "Release",
    id: 2,
    state: "active",
    hasDispatchTrigger: true,
    ...partial,
  };
}

function health(tags: TagJson[]): HealthJson {
  return {
    repository: "octo/cli",
    tags,
    summary: {
      total: tags.length,
      counts: {} as HealthJson["summary"]["counts"],
      flagged: 0,
      worst: "healthy",
      latestTag: null,
      latestRelease: null,
    },
    url: "https://github.com/octo/cli",
    isPrivate: false,
    isArchived: false,
    viewerPermission: "WRITE",
    notes: [],
    nextTagsCursor: null,
    pending: false,
  };
}

describe("the repository page's view of the health", () => {
  it("counts a release's assets and the expected ones, and still names the missing", () => {
    const release = {
      name: "v1.0.0",
      url: "https://github.com/octo/cli/releases/tag/v1.0.0",
      draft: false,
      prerelease: false,
      publishedAt: "2026-11-30T11:00:00Z",
      author: "octo",
      assets: [asset("cli-linux.tar.gz"), asset("cli-darwin.tar.gz")],
    };
    const [page] = toPageHealth(
      health([
        tag({
          release,
          expectedAssets: ["cli-linux.tar.gz", "cli-darwin.tar.gz", "cli-windows.zip"],
          missingAssets: ["cli-windows.zip"],
        }),
      ]),
    ).tags;
    expect(page?.release).toEqual({
      ...release,
      url: "releases/tag/v1.0.0",
      assets: undefined,
      assetCount: 2,
    });
    expect(page?.expectedAssetCount).toBe(3);
    expect(page?.missingAssets).toEqual(["cli-windows.zip"]);
    expect(JSON.stringify(page)).not.toContain("cli-darwin.tar.gz");
  });

  it("keeps 'nothing to compare with' apart from 'expects none'", () => {
    const [unknown, none] = toPageHealth(
      health([tag({ expectedAssets: null }), tag({ name: "v2.0.0", expectedAssets: [] })]),
    ).tags;
    expect(unknown?.expectedAssetCount).toBeNull();
    expect(none?.expectedAssetCount).toBe(0);
  });

  it("keeps of the release workflow the file the card names and decides its pipeline fix once, and drops run times", () => {
    const [page] = toPageHealth(
      health([
        tag({
          status: "not-triggered",
          findings: [{ code: "not-triggered", cause: "github-token", message: "m", hint: "h" }],
          runs: [releaseRun(7, { conclusion: "failure" })],
          releaseWorkflow: workflowRef({
            evidence: "its runs created the releases of v0.9.0 and v0.8.0",
            hasDispatchTrigger: false,
          }),
        }),
      ]),
    ).tags;
    expect(page?.releaseFile).toBe("release.yml");
    expect(page?.pipelineFix).toBe("fix-pipeline");
    expect(page?.runs[0]).not.toHaveProperty("createdAt");
    expect(page?.runs[0]?.url).toBe("actions/runs/7");
    expect(JSON.stringify(page)).not.toContain("its runs created");
  });

  it("carries links under the repository relative to it, and the card gets them whole again", () => {
    const [page] = toPageHealth(
      health([
        tag({
          runs: [
            releaseRun(7),
            // Not under the repository (a GitHub answer elsewhere, e.g. a fork's): kept whole.
            releaseRun(8, { url: "https://github.com/octo/cli-fork/actions/runs/8" }),
          ],
        }),
      ]),
    ).tags;
    const base = "https://github.com/octo/cli";
    expect(page).not.toHaveProperty("commitUrl");
    expect(page && commitLink(base, page.commit)).toBe(`${base}/commit/${"a".repeat(40)}`);
    expect(page?.runs.map((run) => run.url)).toEqual([
      "actions/runs/7",
      "https://github.com/octo/cli-fork/actions/runs/8",
    ]);
    expect(page?.runs.map((run) => repositoryLink(base, run.url))).toEqual([
      "https://github.com/octo/cli/actions/runs/7",
      "https://github.com/octo/cli-fork/actions/runs/8",
    ]);
  });

  it("gives the buttons of a tag action what they use, not the evidence or what only the server checks", () => {
    const workflow = workflowRef({
      evidence: "its runs created the releases of v0.9.0 and v0.8.0",
      hasDispatchTrigger: true,
    });
    // What the buttons and the terminal command read, kept as it is.
    const kept = {
      inputs: { "dry-run": "false" },
      suggestions: [],
      needsReview: false,
      reviewReasons: [],
      available: true,
      reason: null,
      yamlToAdd: null,
      command: "gh workflow run release.yml --ref v1.0.0 -R octo/cli",
    };
    const [dispatch, rerun] = toPageHealth(
      health([
        tag({
          status: "not-triggered",
          releaseWorkflow: workflow,
          action: {
            kind: "dispatch",
            workflow,
            ref: "v1.0.0",
            declaredInputs: [
              {
                name: "dry-run",
                type: "boolean",
                required: false,
                default: "false",
                options: null,
                description: null,
              },
            ],
            ...kept,
          },
        }),
        tag({
          name: "v0.9.0",
          status: "run-failed",
          action: {
            kind: "rerun",
            runId: 7,
            runUrl: "https://github.com/octo/cli/actions/runs/7",
            available: true,
            reason: null,
            command: "gh run rerun 7 -R octo/cli",
          },
        }),
      ]),
    ).tags;
    expect(dispatch?.action).toEqual({
      kind: "dispatch",
      workflow: { file: "release.yml", path: ".github/workflows/release.yml" },
      ...kept,
    });
    expect(JSON.stringify(dispatch)).not.toContain("its runs created");
    expect(rerun?.action).toEqual({
      kind: "rerun",
      runId: 7,
      available: true,
      reason: null,
      command: "gh run rerun 7 -R octo/cli",
    });
  });

  it("offers no pipeline fix for a tag that shipped, whatever its workflow lacks", () => {
    const [page] = toPageHealth(
      health([
        tag({
          status: "healthy",
          runs: [releaseRun(7)],
          releaseWorkflow: workflowRef({ evidence: "e", hasDispatchTrigger: false }),
        }),
      ]),
    ).tags;
    expect(page?.pipelineFix).toBeNull();
    expect(page?.releaseFile).toBe("release.yml");
  });
});
