import { describe, expect, it } from "vitest";
import {
  ago,
  BOT,
  CI_FILE,
  MONA,
  RELEASE_FILE,
  RELEASE_YML_NO_DISPATCH,
  restWorkflow,
  run,
  shipped,
  snapshot,
  tag,
  workflowFile,
} from "./factories";
import { healthOf, tagOf } from "./helpers";

describe("a tag with no release run", () => {
  it("pushed by github-actions[bot] is flagged not-triggered with cause github-token", () => {
    const v010 = shipped("v0.1.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v0.1.2", tagger: BOT }), v010.tag],
      releases: [v010.release],
    });
    const health = tagOf(input, "v0.1.2");
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("github-token");
    expect(health.findings[0]?.message).toContain("github-actions[bot]");
    expect(health.findings[0]?.hint).toContain("actions/create-github-app-token");
    expect(health.findings[0]?.hint).toContain(
      "gh workflow run release.yml --ref v0.1.2 -R octo-maintainer/classic-cli",
    );
    expect(health.pushedBy).toBe("github-actions[bot]");
  });

  it("recognises the bot by its e-mail alone", () => {
    const bot = { name: "release bot", email: BOT.email, login: null };
    const input = snapshot({ tags: [tag({ name: "v0.1.2", tagger: bot })] });
    expect(tagOf(input, "v0.1.2").findings[0]?.cause).toBe("github-token");
  });

  it("uses the committer of a lightweight tag's commit", () => {
    const input = snapshot({
      tags: [
        tag({
          name: "v0.1.1",
          annotated: false,
          tagger: null,
          taggedAt: null,
          commitCommitter: BOT,
        }),
      ],
    });
    const health = tagOf(input, "v0.1.1");
    expect(health.findings[0]?.cause).toBe("github-token");
    expect(health.pushedBy).toBe("github-actions[bot]");
  });

  it("trusts the annotated tagger over the commit's committer (a tag of a tag is peeled to its commit)", () => {
    // Mona tagged a commit github-actions[bot] made: her push started workflows normally.
    const byMona = tag({ name: "v0.2.0", tagger: MONA, commitCommitter: BOT, commitAuthor: BOT });
    const byBot = tag({ name: "v0.3.0", tagger: BOT, commitCommitter: MONA });
    const health = healthOf(snapshot({ tags: [byBot, byMona] }));
    expect(health.tags[0]?.findings[0]?.cause).toBe("github-token");
    expect(health.tags[1]?.findings[0]?.cause).not.toBe("github-token");
    expect(health.tags[1]?.pushedBy).toBe("octo-maintainer");
  });

  it("flags four tags pushed within two minutes as too-many-tags", () => {
    const bulk = ["v0.4.0", "v0.3.0", "v0.2.0", "v0.1.0"].map((name, index) =>
      tag({ name, taggedAt: ago(5, index * 0.5), commitDate: ago(6, index * 60) }),
    );
    const v100 = shipped("v1.0.0", 1);
    const health = healthOf(snapshot({ tags: [v100.tag, ...bulk], releases: [v100.release] }));
    for (const name of ["v0.1.0", "v0.2.0", "v0.3.0", "v0.4.0"]) {
      const row = health.tags.find((candidate) => candidate.name === name);
      expect(row?.status).toBe("not-triggered");
      expect(row?.findings[0]?.cause).toBe("too-many-tags");
    }
    const message = health.tags[1]?.findings[0]?.message ?? "";
    expect(message).toContain("seem to have been pushed together");
    expect(message).toContain("v0.1.0");
    expect(health.tags[0]?.status).toBe("healthy");
  });

  it("does not call three tags pushed together too many", () => {
    const three = ["v0.3.0", "v0.2.0", "v0.1.0"].map((name, index) =>
      tag({ name, taggedAt: ago(5, index * 0.5) }),
    );
    const health = healthOf(snapshot({ tags: three }));
    expect(health.tags.map((row) => row.findings[0]?.cause)).toEqual([
      "unknown",
      "unknown",
      "unknown",
    ]);
  });

  it("does not count tags that have a release run towards a cluster", () => {
    const tags = ["v0.4.0", "v0.3.0", "v0.2.0", "v0.1.0"].map((name, index) =>
      tag({
        name,
        taggedAt: ago(5, index * 0.5),
        runs: index === 0 ? [run({ createdAt: ago(5) })] : [],
      }),
    );
    const health = healthOf(snapshot({ tags }));
    expect(health.tags[1]?.findings[0]?.cause).toBe("unknown");
  });

  it("blames a disabled release workflow whose pattern matches the tag", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" })],
      workflows: [restWorkflow({ state: "disabled_manually" })],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("workflow-disabled");
    expect(health.findings[0]?.message).toContain("disabled_manually");
    expect(health.findings[0]?.hint).toContain("Actions tab");
    expect(health.releaseWorkflow?.state).toBe("disabled_manually");
  });

  it("flags a tag no workflow pattern matches as no-matching-workflow", () => {
    const file = workflowFile("release.yml", RELEASE_YML_NO_DISPATCH);
    const input = snapshot({
      tags: [tag({ name: "1.1.0", workflowFiles: [file, CI_FILE] })],
      headWorkflowFiles: [file, CI_FILE],
    });
    const health = tagOf(input, "1.1.0");
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("no-matching-workflow");
    expect(health.findings[0]?.message).toContain('release.yml: "v*"');
  });

  it("reads the workflow files at the tag, not on the default branch", () => {
    // The tag predates release.yml: nothing could have run for it.
    const input = snapshot({ tags: [tag({ name: "v0.0.1", workflowFiles: [] })] });
    const health = tagOf(input, "v0.0.1");
    expect(health.findings[0]?.cause).toBe("no-matching-workflow");
    expect(health.findings[0]?.message).toContain("no workflow files at its commit");
  });

  it("says plainly when it cannot tell why", () => {
    const input = snapshot({ tags: [tag({ name: "v1.2.0" })] });
    const health = tagOf(input, "v1.2.0");
    expect(health.status).toBe("not-triggered");
    expect(health.findings[0]?.cause).toBe("unknown");
    expect(health.findings[0]?.message).toContain("could not tell why");
  });

  it("does not claim a disabled workflow when workflow states are unknown", () => {
    const input = snapshot({ tags: [tag({ name: "v1.2.0" })], workflows: null });
    expect(tagOf(input, "v1.2.0").findings[0]?.cause).toBe("unknown");
  });

  it("does not count a CI run on the same commit as a release run", () => {
    const ciRun = run({
      workflowPath: ".github/workflows/ci.yml",
      workflowName: "CI",
      branch: "main",
      conclusion: "success",
    });
    const releaseOnMain = run({ branch: "main", event: "push" });
    const pullRequest = run({ branch: null, event: "pull_request" });
    const input = snapshot({
      tags: [tag({ name: "v1.2.0", runs: [ciRun, releaseOnMain, pullRequest] })],
      headWorkflowFiles: [RELEASE_FILE, CI_FILE],
    });
    const health = tagOf(input, "v1.2.0");
    expect(health.runs).toEqual([]);
    expect(health.status).toBe("not-triggered");
  });

  it("is not-triggered when its release has no assets and assets are expected", () => {
    const v100 = shipped("v1.0.0", 20);
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" }), v100.tag],
      releases: [
        { ...v100.release, createdAt: ago(1), tagName: "v1.1.0", assets: [], assetCount: 0 },
        v100.release,
      ],
    });
    const health = tagOf(input, "v1.1.0");
    expect(health.status).toBe("not-triggered");
    expect(health.missingAssets).toHaveLength(6);
  });
});
