// What the demo scenario was built to produce (docs/demo-scenario.md): the oracle of the e2e suite.
export type Expected = { repo: string; tag: string; status: string; cause?: string };

export const EXPECTED: Expected[] = [
  { repo: "octo-maintainer/classic-cli", tag: "v0.1.0", status: "healthy" },
  {
    repo: "octo-maintainer/classic-cli",
    tag: "v0.1.1",
    status: "not-triggered",
    cause: "github-token",
  },
  {
    repo: "octo-maintainer/classic-cli",
    tag: "v0.1.2",
    status: "not-triggered",
    cause: "github-token",
  },
  { repo: "octo-maintainer/failed-build", tag: "v2.0.0", status: "healthy" },
  { repo: "octo-maintainer/failed-build", tag: "v2.1.0", status: "run-failed" },
  { repo: "octo-maintainer/failed-build", tag: "v1.9.0", status: "run-failed" },
  { repo: "octo-maintainer/slow-pipeline", tag: "v3.0.0", status: "healthy" },
  { repo: "octo-maintainer/slow-pipeline", tag: "v3.1.0", status: "run-pending" },
  { repo: "octo-maintainer/pattern-mismatch", tag: "v1.0.0", status: "healthy" },
  {
    repo: "octo-maintainer/pattern-mismatch",
    tag: "1.1.0",
    status: "not-triggered",
    cause: "no-matching-workflow",
  },
  { repo: "octo-maintainer/healthy-lib", tag: "v1.0.0", status: "healthy" },
  { repo: "octo-maintainer/healthy-lib", tag: "v1.1.0", status: "healthy" },
  { repo: "octo-maintainer/healthy-lib", tag: "v2.0.0-rc.1", status: "healthy" },
  { repo: "octo-maintainer/private-service", tag: "v1.0.0", status: "healthy" },
  {
    repo: "octo-maintainer/private-service",
    tag: "v1.0.1",
    status: "not-triggered",
    cause: "github-token",
  },
  { repo: "octo-maintainer/old-archived", tag: "v0.9.0", status: "healthy" },
  // A year of releases (the release history): re-run twice, released by hand, never shipped.
  { repo: "octo-maintainer/cloud-sync", tag: "v1.25.0", status: "healthy" },
  { repo: "octo-maintainer/cloud-sync", tag: "v1.7.0", status: "healthy" },
  { repo: "octo-maintainer/cloud-sync", tag: "v1.9.0", status: "healthy" },
  { repo: "octo-maintainer/cloud-sync", tag: "v1.5.0", status: "run-failed" },
  { repo: "release-lab/draft-app", tag: "v1.0.0", status: "healthy" },
  { repo: "release-lab/draft-app", tag: "v1.1.0", status: "draft-release" },
  { repo: "release-lab/partial-assets", tag: "v1.0.0", status: "healthy" },
  { repo: "release-lab/partial-assets", tag: "v1.1.0", status: "missing-assets" },
  { repo: "release-lab/bulk-tags", tag: "v0.1.0", status: "not-triggered", cause: "too-many-tags" },
  { repo: "release-lab/bulk-tags", tag: "v0.2.0", status: "not-triggered", cause: "too-many-tags" },
  { repo: "release-lab/bulk-tags", tag: "v0.3.0", status: "not-triggered", cause: "too-many-tags" },
  { repo: "release-lab/bulk-tags", tag: "v0.4.0", status: "not-triggered", cause: "too-many-tags" },
  { repo: "release-lab/bulk-tags", tag: "v1.0.0", status: "healthy" },
  { repo: "release-lab/disabled-workflow", tag: "v1.0.0", status: "healthy" },
  {
    repo: "release-lab/disabled-workflow",
    tag: "v1.1.0",
    status: "not-triggered",
    cause: "workflow-disabled",
  },
  { repo: "release-lab/token-release", tag: "v1.0.0", status: "healthy" },
  {
    repo: "release-lab/token-release",
    tag: "v1.1.0",
    status: "missing-assets",
    cause: "github-token-release",
  },
  { repo: "release-lab/goreleaser-tool", tag: "v0.9.0", status: "healthy" },
  { repo: "release-lab/goreleaser-tool", tag: "v1.0.0", status: "missing-assets" },
];

export const DEMO_REPOSITORIES = [...new Set(EXPECTED.map((expected) => expected.repo))];

/** What each demo repository's README badge says, and its colour. */
export const DEMO_BADGES: [repository: string, message: string, color: string][] = [
  ["octo-maintainer/classic-cli", "2 tags unreleased", "red"],
  ["octo-maintainer/failed-build", "2 tags unreleased", "red"],
  ["octo-maintainer/slow-pipeline", "v3.1.0 building", "blue"],
  ["octo-maintainer/pattern-mismatch", "1 tag unreleased", "red"],
  ["octo-maintainer/healthy-lib", "v2.0.0-rc.1", "green"],
  ["octo-maintainer/old-archived", "v0.9.0", "green"],
  ["octo-maintainer/no-tags", "no tags", "lightgrey"],
  ["release-lab/draft-app", "1 tag unreleased", "red"],
  ["release-lab/partial-assets", "1 tag unreleased", "red"],
  ["release-lab/bulk-tags", "4 tags unreleased", "red"],
  ["release-lab/disabled-workflow", "1 tag unreleased", "red"],
  ["release-lab/token-release", "1 tag unreleased", "red"],
  ["release-lab/goreleaser-tool", "1 tag unreleased", "red"],
];

/** How each tag of octo-maintainer/cloud-sync shipped, as its history in the demo scenario made it. */
export const CLOUD_SYNC_HISTORY: {
  tag: string;
  daysAgo: number;
  shippedBy: "itself" | "rerun" | "dispatch" | "manual" | null;
  dispatchedBy?: "tagwatch" | "person";
}[] = Array.from({ length: 26 }, (_, index) => {
  const helped: Record<number, Omit<(typeof CLOUD_SYNC_HISTORY)[number], "tag" | "daysAgo">> = {
    2: { shippedBy: "rerun" },
    4: { shippedBy: "dispatch", dispatchedBy: "person" },
    5: { shippedBy: null },
    7: { shippedBy: "rerun" }, // re-run twice
    9: { shippedBy: "manual" },
    10: { shippedBy: "dispatch", dispatchedBy: "tagwatch" },
    12: { shippedBy: "rerun" },
    14: { shippedBy: "dispatch", dispatchedBy: "person" },
  };
  return {
    tag: `v1.${index}.0`,
    daysAgo: 329 - 13 * index,
    ...(helped[index] ?? { shippedBy: "itself" }),
  };
});
