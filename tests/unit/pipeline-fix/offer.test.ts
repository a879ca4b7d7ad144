import { describe, expect, it } from "vitest";
import { pipelineFixFor, pipelineFixOffer } from "@/lib/pipeline-fix/offer";

// One rule says which cure a tag's cause calls for; the row's offer and the API's plan both read
// it, so the API never plans a fix the row does not offer.

const workflow = { hasDispatchTrigger: true, state: "active" };

describe("which pipeline fix a tag's cause calls for", () => {
  it("a tag pushed with GITHUB_TOKEN: a dispatch step after the tagging step", () => {
    const tag = {
      status: "not-triggered",
      findings: [{ cause: "github-token" }],
      releaseWorkflow: workflow,
    };
    expect(pipelineFixFor(tag)).toBe("dispatch-step");
    expect(pipelineFixOffer(tag)).toBe("fix-pipeline");
  });

  it("a never-triggered tag whose release workflow cannot be dispatched: the trigger", () => {
    const tag = {
      status: "not-triggered",
      findings: [{ cause: "no-matching-workflow" }],
      releaseWorkflow: { ...workflow, hasDispatchTrigger: false },
    };
    expect(pipelineFixFor(tag)).toBe("dispatch-trigger");
  });

  it("a disabled workflow is enabled, even when a file fix would also apply", () => {
    const tag = {
      status: "not-triggered",
      findings: [{ cause: "workflow-disabled" }, { cause: "github-token" }],
      releaseWorkflow: { hasDispatchTrigger: false, state: "disabled_manually" },
    };
    expect(pipelineFixFor(tag)).toBe("enable");
    expect(pipelineFixOffer(tag)).toBe("enable-and-dispatch");
  });

  it("a failed run without workflow_dispatch is no file fix: re-run or dispatch it instead", () => {
    const tag = {
      status: "run-failed",
      findings: [{}],
      releaseWorkflow: { ...workflow, hasDispatchTrigger: false },
    };
    expect(pipelineFixFor(tag)).toBeNull();
  });
});
