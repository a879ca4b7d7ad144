import { describe, expect, it } from "vitest";
import {
  ago,
  BOT,
  CI_FILE,
  RELEASE_YML_NO_DISPATCH,
  restWorkflow,
  run,
  shipped,
  snapshot,
  tag,
  workflowFile,
} from "../health/factories";
import { tagOf } from "../health/helpers";

const botTag = tag({ name: "v0.1.2", tagger: BOT });

describe("the action offered for a tag", () => {
  it("dispatches the release workflow for a tag that never triggered", () => {
    const action = tagOf(snapshot({ tags: [botTag] }), "v0.1.2").action;
    expect(action).toMatchObject({
      kind: "dispatch",
      ref: "v0.1.2",
      available: true,
      reason: null,
      yamlToAdd: null,
      command: "gh workflow run release.yml --ref v0.1.2 -R octo-maintainer/classic-cli",
    });
    expect(action?.kind === "dispatch" && action.workflow).toMatchObject({
      file: "release.yml",
      path: ".github/workflows/release.yml",
      id: 11,
      state: "active",
      hasDispatchTrigger: true,
    });
  });

  it("re-runs a run that failed under 30 days ago", () => {
    const failed = run({ id: 4242, conclusion: "failure", createdAt: ago(2) });
    const action = tagOf(
      snapshot({ tags: [tag({ name: "v2.1.0", runs: [failed] })] }),
      "v2.1.0",
    ).action;
    expect(action).toMatchObject({
      kind: "rerun",
      runId: 4242,
      available: true,
      command: "gh run rerun 4242 --failed -R octo-maintainer/classic-cli",
    });
  });

  it("dispatches instead when the failed run is older than 30 days", () => {
    const failed = run({ conclusion: "failure", createdAt: ago(40) });
    const health = tagOf(snapshot({ tags: [tag({ name: "v1.9.0", runs: [failed] })] }), "v1.9.0");
    expect(health.status).toBe("run-failed");
    expect(health.action?.kind).toBe("dispatch");
    expect(health.findings[0]?.hint).toContain("older than 30 days");
  });

  it("is unavailable to a reader, and says why", () => {
    const action = tagOf(snapshot({ tags: [botTag], viewerPermission: "READ" }), "v0.1.2").action;
    expect(action?.available).toBe(false);
    expect(action?.reason).toBe(
      "You have read access to octo-maintainer/classic-cli; dispatching needs write access.",
    );
  });

  it("is unavailable when the workflow at the tag has no workflow_dispatch, with the YAML to add", () => {
    const file = workflowFile("release.yml", RELEASE_YML_NO_DISPATCH);
    const input = snapshot({
      tags: [tag({ name: "1.1.0", workflowFiles: [file, CI_FILE] })],
      headWorkflowFiles: [file, CI_FILE],
    });
    const action = tagOf(input, "1.1.0").action;
    expect(action?.kind).toBe("dispatch");
    if (action?.kind !== "dispatch") return;
    expect(action.available).toBe(false);
    expect(action.reason).toContain("no workflow_dispatch trigger");
    expect(action.yamlToAdd).toBe("  workflow_dispatch:");
    expect(action.workflow.hasDispatchTrigger).toBe(false);
  });

  it("is unavailable while the workflow is disabled", () => {
    const input = snapshot({
      tags: [tag({ name: "v1.1.0" })],
      workflows: [restWorkflow({ state: "disabled_inactivity" })],
    });
    const action = tagOf(input, "v1.1.0").action;
    expect(action?.available).toBe(false);
    expect(action?.reason).toContain("enable it in the repository's Actions tab");
  });

  it("is unavailable in an archived repository", () => {
    const failed = run({ conclusion: "failure", createdAt: ago(2) });
    const input = snapshot({ tags: [tag({ name: "v2.1.0", runs: [failed] })], isArchived: true });
    const action = tagOf(input, "v2.1.0").action;
    expect(action?.kind).toBe("rerun");
    expect(action?.available).toBe(false);
    expect(action?.reason).toContain("archived");
  });

  it("is null for healthy, pending and draft tags", () => {
    const v100 = shipped("v1.0.0", 20);
    const pending = tag({ name: "v1.2.0", runs: [run({ status: "queued", conclusion: null })] });
    const draft = shipped("v1.1.0", 5);
    const input = snapshot({
      tags: [pending, draft.tag, v100.tag],
      releases: [{ ...draft.release, isDraft: true }, v100.release],
    });
    expect(tagOf(input, "v1.0.0").action).toBeNull();
    expect(tagOf(input, "v1.1.0").action).toBeNull();
    expect(tagOf(input, "v1.2.0").action).toBeNull();
  });
});
