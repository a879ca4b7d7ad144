import { describe, expect, it } from "vitest";
import { matchesFilters, parseTriggers, pushStarts } from "../src/state/workflow-rules";

describe("workflow rules", () => {
  it("matches GitHub filter patterns, negations included", () => {
    expect(matchesFilters(["v*"], "v1.0.0")).toBe(true);
    expect(matchesFilters(["v*"], "1.1.0")).toBe(false);
    expect(matchesFilters(["v[0-9]+.[0-9]+.[0-9]+"], "v10.2.3")).toBe(true);
    expect(matchesFilters(["v*", "!v*-rc*"], "v2.0.0-rc.1")).toBe(false);
    expect(matchesFilters(["releases/**"], "releases/a/b")).toBe(true);
    expect(matchesFilters(["releases/*"], "releases/a/b")).toBe(false);
  });

  it("starts tag workflows only for tag filters, branch workflows only for branch filters", () => {
    const release = parseTriggers('on:\n  push:\n    tags: ["v*"]\n  workflow_dispatch:\n');
    const ci = parseTriggers("on:\n  push:\n    branches: [main]\n  pull_request:\n");
    expect(release.workflowDispatch).toBe(true);
    expect(pushStarts(release, { type: "tag", name: "v1.0.0" })).toBe(true);
    expect(pushStarts(release, { type: "branch", name: "main" })).toBe(false);
    expect(pushStarts(ci, { type: "tag", name: "v1.0.0" })).toBe(false);
    expect(pushStarts(ci, { type: "branch", name: "main" })).toBe(true);
    expect(pushStarts(parseTriggers("on: push"), { type: "tag", name: "x" })).toBe(true);
    expect(
      pushStarts(parseTriggers('on:\n  push:\n    tags-ignore: ["v*"]\n'), {
        type: "tag",
        name: "v1",
      }),
    ).toBe(false);
  });
});
