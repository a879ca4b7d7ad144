import { describe, expect, it } from "vitest";
import type { DispatchInput } from "@/lib/health/types";
import { planDispatchInputs, validateDispatchInputs } from "@/lib/tag-actions/inputs";

function input(partial: Partial<DispatchInput> & { name: string }): DispatchInput {
  return {
    type: "string",
    required: false,
    default: null,
    options: null,
    description: null,
    ...partial,
  };
}

describe("dispatch inputs for a tag", () => {
  it("fills a required tag input with the tag and needs no review", () => {
    const plan = planDispatchInputs([input({ name: "tag", required: true })], "v1.4.2");
    expect(plan.inputs).toEqual({ tag: "v1.4.2" });
    expect(plan.needsReview).toBe(false);
  });

  it("replaces a dry-run default of the tag input with the tag", () => {
    const plan = planDispatchInputs(
      [input({ name: "tag", required: true, default: "dry-run" })],
      "0.9.6",
    );
    expect(plan.inputs).toEqual({ tag: "0.9.6" });
    expect(plan.suggestions[0]?.reason).toContain('instead of its default "dry-run"');
  });

  it("drops the v when the default shows a bare version", () => {
    const plan = planDispatchInputs(
      [input({ name: "version", required: true, default: "1.2.3" })],
      "v8.4.2",
    );
    expect(plan.inputs).toEqual({ version: "8.4.2" });
    expect(plan.needsReview).toBe(false);
  });

  it("keeps the v when the description says so", () => {
    const plan = planDispatchInputs(
      [input({ name: "version", required: true, description: "the version (prefixed with v)" })],
      "v1.33.0",
    );
    expect(plan.inputs).toEqual({ version: "v1.33.0" });
  });

  it("drops the v when the workflow prefixes one itself", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    const text = "steps:\n  - run: git checkout v${{ inputs.version }}\n";
    const plan = planDispatchInputs([input({ name: "version", required: true })], "v2.0.0", {
      text,
    });
    expect(plan.inputs).toEqual({ version: "2.0.0" });
    expect(plan.needsReview).toBe(false);
  });

  it("asks for review when nothing shows whether a version takes the v", () => {
    const plan = planDispatchInputs([input({ name: "version", required: true })], "v2.0.0");
    expect(plan.needsReview).toBe(true);
    expect(plan.inputs).toEqual({ version: "2.0.0" });
    expect(plan.reviewReasons[0]).toContain("version");
  });

  it("catches a dry-run boolean that defaults to true and suggests false for review", () => {
    const plan = planDispatchInputs(
      [
        input({ name: "tag", required: true }),
        input({ name: "dry-run", type: "boolean", default: "true" }),
      ],
      "v1.0.0",
    );
    expect(plan.needsReview).toBe(true);
    expect(plan.inputs).toEqual({ tag: "v1.0.0", "dry-run": "false" });
    expect(plan.reviewReasons.join(" ")).toContain("without publishing");
  });

  it("catches publishing switched off by default", () => {
    const plan = planDispatchInputs(
      [input({ name: "push", type: "boolean", required: true, default: "false" })],
      "v0.17.0",
    );
    expect(plan.needsReview).toBe(true);
    expect(plan.inputs).toEqual({ push: "true" });
  });

  it("leaves harmless booleans at their defaults", () => {
    const plan = planDispatchInputs(
      [input({ name: "tmate_enabled", type: "boolean", default: "false" })],
      "v3.0.0",
    );
    expect(plan.needsReview).toBe(false);
    expect(plan.inputs).toEqual({ tmate_enabled: "false" });
  });

  it("sets a prerelease switch from the tag itself", () => {
    const prerelease = input({ name: "prerelease", type: "boolean", default: "true" });
    expect(planDispatchInputs([prerelease], "2025.10.22").inputs).toEqual({ prerelease: "false" });
    expect(planDispatchInputs([prerelease], "v2.0.0-rc.1", { prerelease: true }).inputs).toEqual({
      prerelease: "true",
    });
  });

  it("does not take a tool's version for the tag's", () => {
    const plan = planDispatchInputs(
      [input({ name: "go-version", default: "1.23" }), input({ name: "tag", required: true })],
      "v1.0.0",
    );
    expect(plan.inputs).toEqual({ "go-version": "1.23", tag: "v1.0.0" });
  });

  it("reviews a branch input and a version bump: the run would make a new tag", () => {
    const plan = planDispatchInputs(
      [
        input({
          name: "version_bump",
          type: "choice",
          required: true,
          default: "minor",
          options: ["minor", "patch"],
        }),
        input({ name: "branch", required: true, default: "master" }),
      ],
      "v0.55.1",
    );
    expect(plan.needsReview).toBe(true);
    expect(plan.reviewReasons).toHaveLength(2);
  });

  it("reviews a channel choice that defaults to nightly and suggests the stable option", () => {
    const plan = planDispatchInputs(
      [
        input({
          name: "channel",
          type: "choice",
          default: "nightly",
          options: ["nightly", "stable"],
        }),
      ],
      "v1.0.0",
    );
    expect(plan.needsReview).toBe(true);
    expect(plan.inputs).toEqual({ channel: "stable" });
  });

  it("reviews a required input it cannot fill", () => {
    const plan = planDispatchInputs([input({ name: "environment-name", required: true })], "v1");
    expect(plan.needsReview).toBe(true);
    expect(plan.inputs).toEqual({ "environment-name": "" });
  });

  it("takes the tag as is for an input that stands in for the ref", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    const text = "env:\n  TAG: ${{ inputs.version || github.ref_name }}\n";
    const plan = planDispatchInputs([input({ name: "version", required: true })], "v4.1.0", {
      text,
    });
    expect(plan.inputs).toEqual({ version: "v4.1.0" });
    expect(plan.needsReview).toBe(false);
  });
});

describe("checking a person's inputs against the workflow, as GitHub would", () => {
  const declared = [
    input({ name: "tag", required: true }),
    input({ name: "dry_run", type: "boolean", default: "true" }),
    input({ name: "phase", type: "choice", options: ["all", "docs"], default: "all" }),
  ];

  it("accepts declared inputs with valid values", () => {
    expect(validateDispatchInputs(declared, { tag: "v1", dry_run: "false" })).toBeNull();
  });

  it("refuses an undeclared input", () => {
    expect(validateDispatchInputs(declared, { tag: "v1", channel: "x" })).toContain(
      "Unexpected inputs: channel",
    );
  });

  it("refuses a missing required input", () => {
    expect(validateDispatchInputs(declared, { dry_run: "false" })).toContain("tag is required");
  });

  it("refuses a boolean that is not true or false, and a choice outside its options", () => {
    expect(validateDispatchInputs(declared, { tag: "v1", dry_run: "yes" })).toContain(
      "true or false",
    );
    expect(validateDispatchInputs(declared, { tag: "v1", phase: "nightly" })).toContain(
      "one of: all, docs",
    );
  });
});
