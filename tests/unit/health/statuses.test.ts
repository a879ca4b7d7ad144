import { describe, expect, it } from "vitest";
import {
  ago,
  binaries,
  CI_FILE,
  RELEASE_FILE,
  release,
  run,
  shipped,
  snapshot,
  tag,
  UPLOAD_YML,
  workflowFile,
} from "./factories";
import { healthOf, tagOf } from "./helpers";

describe("a tag with a release run", () => {
  it("is healthy when the run succeeded and the release has every asset", () => {
    const v100 = shipped("v1.0.0", 20);
    const v110 = shipped("v1.1.0", 5);
    const health = tagOf(
      snapshot({ tags: [v110.tag, v100.tag], releases: [v110.release, v100.release] }),
      "v1.1.0",
    );
    expect(health.status).toBe("healthy");
    expect(health.findings).toEqual([]);
    expect(health.action).toBeNull();
    expect(health.runs).toHaveLength(1);
    expect(health.releaseWorkflow?.file).toBe("release.yml");
  });

  it("is run-pending while the newest run is in progress", () => {
    const input = snapshot({
      tags: [tag({ name: "v3.1.0", runs: [run({ status: "in_progress", conclusion: null })] })],
    });
    const health = healthOf(input);
    expect(health.tags[0]?.status).toBe("run-pending");
    expect(health.tags[0]?.findings[0]?.message).toContain("in progress");
    expect(health.tags[0]?.action).toBeNull();
    expect(health.pending).toBe(true);
  });

  it("is healthy while a run is pending if the release is already complete", () => {
    const v100 = shipped("v1.0.0", 20);
    const rerun = run({ status: "queued", conclusion: null, createdAt: ago(0, 5) });
    const input = snapshot({
      tags: [{ ...v100.tag, runs: [...v100.tag.runs, rerun] }],
      releases: [v100.release],
    });
    expect(tagOf(input, "v1.0.0").status).toBe("healthy");
  });

  it("is run-failed when the newest run failed and names the conclusion", () => {
    const input = snapshot({
      tags: [tag({ name: "v2.1.0", runs: [run({ conclusion: "timed_out", createdAt: ago(2) })] })],
    });
    const health = tagOf(input, "v2.1.0");
    expect(health.status).toBe("run-failed");
    expect(health.findings[0]?.message).toContain("timed out");
    expect(health.findings[0]?.message).toContain("no release was published");
  });

  it("lets the newest attempt of a re-run decide", () => {
    const failed = run({ id: 777, conclusion: "failure", createdAt: ago(3) });
    const passed = { ...failed, conclusion: "success" as const, createdAt: ago(1) };
    const v100 = shipped("v1.0.0", 20);
    const rerunPassed = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [failed, passed] }), v100.tag],
      releases: [release({ tagName: "v1.1.0", createdAt: ago(1) }), v100.release],
    });
    const rerunFailed = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [passed, { ...failed, createdAt: ago(0, 30) }] })],
    });
    expect(tagOf(rerunPassed, "v1.1.0").status).toBe("healthy");
    expect(tagOf(rerunPassed, "v1.1.0").runs).toHaveLength(1);
    expect(tagOf(rerunFailed, "v1.1.0").status).toBe("run-failed");
  });

  it("lets a newer run win over an older failed one", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [
        tag({
          name: "v1.1.0",
          runs: [
            run({ conclusion: "failure", createdAt: ago(3) }),
            run({ event: "workflow_dispatch", branch: "v1.1.0", createdAt: ago(1) }),
          ],
        }),
        v100.tag,
      ],
      releases: [release({ tagName: "v1.1.0", createdAt: ago(1) }), v100.release],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("healthy");
    expect(health.runs.map((candidate) => candidate.event)).toEqual(["workflow_dispatch", "push"]);
  });

  it("is healthy when a failed run still left a complete release", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [run({ conclusion: "cancelled" })] }), v100.tag],
      releases: [release({ tagName: "v1.1.0", createdAt: ago(1) }), v100.release],
    });
    expect(tagOf(input, "v1.1.0").status).toBe("healthy");
  });

  it("is missing-release when the run succeeded but made no release", () => {
    const input = snapshot({ tags: [tag({ name: "v1.1.0", runs: [run()] })] });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("missing-release");
    expect(health.findings[0]?.message).toContain("succeeded");
    expect(health.action?.kind).toBe("dispatch");
  });

  it("is draft-release when the run left the release as a draft", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [run()] }), v100.tag],
      releases: [
        release({ tagName: "v1.1.0", isDraft: true, createdAt: ago(1), tagCommitOid: null }),
        v100.release,
      ],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("draft-release");
    expect(health.findings[0]?.hint).toContain("gh release edit v1.1.0 --draft=false");
    expect(health.action).toBeNull();
  });

  it("is missing-assets when the release lacks some of the previous release's assets", () => {
    const v100 = shipped("v1.0.0", 20);
    const partial = binaries("1.1.0").filter(
      (name) => name.includes("linux") || name.includes("windows_amd64"),
    );
    const input = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [run()] }), v100.tag],
      releases: [
        release({ tagName: "v1.1.0", assetNames: partial, createdAt: ago(1) }),
        v100.release,
      ],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("missing-assets");
    expect(health.missingAssets).toEqual([
      "classic-cli_1.1.0_darwin_amd64.tar.gz",
      "classic-cli_1.1.0_darwin_arm64.tar.gz",
      "classic-cli_1.1.0_windows_arm64.zip",
    ]);
    expect(health.findings[0]?.message).toContain("3 of 6");
    expect(health.findings[0]?.message).toContain("as in v1.0.0");
  });

  it("counts runs of an on: release upload workflow and a workflow_call", () => {
    const upload = workflowFile("upload.yml", UPLOAD_YML);
    const input = snapshot({
      tags: [
        tag({
          name: "v1.1.0",
          runs: [
            run({
              workflowPath: upload.path,
              event: "release",
              branch: "v1.1.0",
              createdAt: ago(1),
              conclusion: "failure",
            }),
            run({ event: "workflow_call", createdAt: ago(2) }),
          ],
        }),
      ],
      headWorkflowFiles: [RELEASE_FILE, CI_FILE, upload],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.runs).toHaveLength(2);
    expect(health.status).toBe("run-failed");
    expect(health.releaseWorkflow?.file).toBe("upload.yml");
  });
});

describe("a release made without a release run", () => {
  it("is judged by the release itself", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" }), v100.tag],
      releases: [release({ tagName: "v1.1.0", createdAt: ago(1) }), v100.release],
    });
    expect(tagOf(input, "v1.1.0").status).toBe("healthy");
  });

  it("is draft-release when the hand-made release is a draft", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" })],
      releases: [release({ tagName: "v1.1.0", isDraft: true })],
    });
    expect(tagOf(input, "v1.1.0").status).toBe("draft-release");
  });
});

describe("a release created with GITHUB_TOKEN", () => {
  const upload = workflowFile("upload.yml", UPLOAD_YML);
  const v100 = {
    tag: tag({
      name: "v1.0.0",
      commitDate: ago(20),
      taggedAt: ago(20),
      runs: [
        run({ workflowPath: upload.path, event: "release", branch: "v1.0.0", createdAt: ago(20) }),
      ],
    }),
    release: release({ tagName: "v1.0.0", createdAt: ago(20) }),
  };
  const botRelease = release({
    tagName: "v1.1.0",
    author: "github-actions[bot]",
    assets: [],
    createdAt: ago(1),
  });

  it("is missing-assets with cause github-token-release when its on: release workflow never ran", () => {
    const createRelease = run({ workflowPath: ".github/workflows/release.yml", createdAt: ago(1) });
    const input = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [createRelease] }), v100.tag],
      releases: [botRelease, v100.release],
      headWorkflowFiles: [RELEASE_FILE, upload],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("missing-assets");
    expect(health.findings[0]?.cause).toBe("github-token-release");
    expect(health.findings[0]?.hint).toContain("personal access token");
    expect(health.releaseWorkflow?.file).toBe("upload.yml");
    expect(health.action).toMatchObject({ kind: "dispatch", ref: "v1.1.0", available: true });
  });

  it("gets the same cause when no run at all is on the tag's commit", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" }), v100.tag],
      releases: [{ ...botRelease, author: "github-actions" }, v100.release],
      headWorkflowFiles: [RELEASE_FILE, upload],
    });
    expect(tagOf(input, "v1.1.0").findings[0]?.cause).toBe("github-token-release");
  });

  it("is not blamed on the token when no on: release workflow exists", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.1.0", runs: [run({ createdAt: ago(1) })] }), v100.tag],
      releases: [botRelease, v100.release],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("missing-assets");
    expect(health.findings[0]?.cause).toBeUndefined();
  });
});

describe("prereleases", () => {
  it("are judged like any release, with an informational finding", () => {
    const v100 = shipped("v1.0.0", 20);
    const rc = shipped("v2.0.0-rc.1", 2);
    const broken = {
      ...rc.release,
      isPrerelease: true,
      assets: rc.release.assets.slice(0, 2),
      assetCount: 2,
    };
    const fine = snapshot({
      tags: [rc.tag, v100.tag],
      releases: [{ ...rc.release, isPrerelease: true }, v100.release],
    });
    const missing = snapshot({ tags: [rc.tag, v100.tag], releases: [broken, v100.release] });
    const healthy = tagOf(fine, "v2.0.0-rc.1");
    expect(healthy.status).toBe("healthy");
    expect(healthy.findings.map((finding) => finding.code)).toEqual(["prerelease"]);
    expect(healthy.expectedAssets).toContain("classic-cli_2.0.0-rc.1_linux_amd64.tar.gz");
    expect(tagOf(missing, "v2.0.0-rc.1").status).toBe("missing-assets");
  });
});
