// An independent oracle for issue 10: for each pipeline shape in ./shapes (minimal workflow sets
// written in the shape of real public release pipelines, see each file's header), a situation
// (tags, who made them, which workflow runs exist on their commits, releases) and the answer a
// careful person reading the workflows gives: which workflow is the release workflow, how it is
// triggered, and what one click should do. Written without looking at lib/health.
import type {
  ReleaseTrigger,
  ReleaseWorkflowEvidence,
  RunConclusion,
  RunStatus,
  TagStatus,
} from "@/lib/health/types";

/** Who made a tag: the tagger of an annotated tag, the committer of a lightweight tag's commit. */
export type Maker =
  | "maintainer" // a person, with their own credentials: tag pushes start workflows
  | "github-actions" // github-actions[bot]: GITHUB_TOKEN, tag pushes start nothing
  | "web-flow" // GitHub's merge commit (a bot or the API made a lightweight tag on it)
  | { name: string; email: string }; // a custom bot identity set with `git config`

export type RunSpec = {
  id: number;
  /** Workflow file name inside the shape, e.g. "release.yml". */
  file: string;
  /** "push", "workflow_dispatch", "release", "create", "workflow_run", "schedule", ... */
  event: string;
  /** The branch the run was for (CheckSuite.branch); null/omitted for runs on a tag ref. */
  branch?: string | null;
  conclusion?: RunConclusion | null;
  status?: RunStatus;
  /** Defaults to the tag's age. */
  daysAgo?: number;
  /** Minutes after that day mark (runs later than the tag's commit have positive values). */
  minutesAfter?: number;
};

export type ReleaseSpec = {
  /** Login of the release's author; defaults to the maintainer. */
  author?: string;
  prerelease?: boolean;
  draft?: boolean;
  assets?: string[];
  /** Minutes after the tag's day mark the release was created (default 30). */
  minutesAfter?: number;
};

export type TagSpec = {
  name: string;
  daysAgo: number;
  by: Maker;
  /** Defaults to true for "maintainer"/"github-actions"/custom makers, false for "web-flow". */
  annotated?: boolean;
  /** Commit id; tags made by one run (changesets) share it. Defaults to `sha-<name>`. */
  commit?: string;
  runs?: RunSpec[];
  release?: ReleaseSpec | null;
};

export type ExpectedWorkflow = {
  /** The release workflow's file name; a list when either answer is defensible. */
  file: string | string[];
  trigger: ReleaseTrigger | ReleaseTrigger[];
  chosenBy?: ReleaseWorkflowEvidence;
  releaseTypes?: string[];
  upstream?: string[];
};

export type ExpectedAction =
  /**
   * One click: the dispatch sends these values (an input not listed must end up at its declared
   * default, whether sent explicitly or omitted; a list means any of these values). No input
   * outside the workflow's declared ones. `addDispatchTrigger`: the workflow has no
   * workflow_dispatch, so the action must say what YAML to add.
   */
  | {
      kind: "dispatch";
      needsReview: false;
      inputs: Record<string, string | string[]>;
      addDispatchTrigger?: boolean;
    }
  /** A short form: these inputs must be marked for review (suggestion.confident === false). */
  | { kind: "dispatch"; needsReview: true; review: string[] }
  | { kind: "rerun"; runId: number }
  /** Nothing to dispatch or re-run for this tag. */
  | { kind: "none" };

export type Scenario = {
  shape: string;
  title: string;
  tags: TagSpec[];
  tagwatchConfig?: string;
  /** The tag whose judgement is checked. */
  examine: string;
  expect: {
    status?: TagStatus;
    statusNot?: TagStatus[];
    /** undefined: not checked; null: no workflow is this tag's release workflow. */
    releaseWorkflow?: ExpectedWorkflow | null;
    /** Run ids that must be listed in the tag's `runs` (its release runs). */
    runsInclude?: number[];
    /** Run ids that must NOT be listed in the tag's `runs`. */
    runsExclude?: number[];
    action?: ExpectedAction;
  };
};

const BOT_LOGIN = "github-actions[bot]";

/** Archive names of a Go/Rust CLI release, with the version swapped in. */
function archives(tool: string, tagName: string): string[] {
  const version = tagName.replace(/^v/, "");
  return [
    `${tool}_${version}_linux_amd64.tar.gz`,
    `${tool}_${version}_darwin_arm64.tar.gz`,
    `${tool}_${version}_windows_amd64.zip`,
    "checksums.txt",
  ];
}

export const SCENARIOS: Scenario[] = [
  // ---------------------------------------------------------------------------------------------
  // goreleaser/goreleaser: 16 workflows, gitleaks/grype/lint carry the same v* tag filter.
  {
    shape: "goreleaser-sixteen-workflows",
    title:
      "a GoReleaser repository with a secret scanner first in file order picks release.yml (the scanners ran on earlier tags too)",
    examine: "v2.12.0",
    tags: [
      { name: "v2.12.0", daysAgo: 1, by: "github-actions" },
      {
        name: "v2.11.0",
        daysAgo: 20,
        by: "maintainer",
        runs: [
          { id: 201, file: "gitleaks.yml", event: "push" },
          { id: 202, file: "grype.yml", event: "push" },
          { id: 203, file: "lint.yml", event: "push" },
          { id: 204, file: "release.yml", event: "push" },
          // generate.yml listens to release.published: it ran too, and publishes nothing.
          { id: 205, file: "generate.yml", event: "release", minutesAfter: 40 },
        ],
        release: { assets: archives("releaser", "v2.11.0") },
      },
      {
        name: "v2.10.0",
        daysAgo: 40,
        by: "maintainer",
        runs: [
          { id: 211, file: "gitleaks.yml", event: "push" },
          { id: 212, file: "grype.yml", event: "push" },
          { id: 213, file: "lint.yml", event: "push" },
          { id: 214, file: "release.yml", event: "push" },
        ],
        release: { assets: archives("releaser", "v2.10.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },
  {
    shape: "goreleaser-sixteen-workflows",
    title:
      "a GoReleaser repository's very first tag (no history) picks release.yml by its GoReleaser job, not gitleaks.yml by file order",
    examine: "v0.1.0",
    tags: [{ name: "v0.1.0", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push", chosenBy: "jobs" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // charmbracelet/glow: build/coverage/lint run on every tag; the release only calls a remote reusable.
  {
    shape: "goreleaser-remote-reusable",
    title:
      "a charm-style CLI picks goreleaser.yml (a caller of a remote GoReleaser workflow) over build, coverage and lint that run on every tag",
    examine: "v2.1.1",
    tags: [
      { name: "v2.1.1", daysAgo: 2, by: "github-actions" },
      {
        name: "v2.1.0",
        daysAgo: 30,
        by: "maintainer",
        runs: [
          { id: 301, file: "build.yml", event: "push" },
          { id: 302, file: "coverage.yml", event: "push" },
          { id: 303, file: "goreleaser.yml", event: "push" },
          { id: 304, file: "lint.yml", event: "push" },
        ],
        release: { assets: archives("reader", "v2.1.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "goreleaser.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // charmbracelet/meta goreleaser.yml: a workflow_call-only reusable, run inside its caller.
  {
    shape: "reusable-release-local-caller",
    title:
      "a tag-push caller of a local reusable GoReleaser workflow is the release workflow, not the workflow_call-only file",
    examine: "v1.3.1",
    tags: [
      { name: "v1.3.1", daysAgo: 2, by: "github-actions" },
      {
        name: "v1.3.0",
        daysAgo: 25,
        by: "maintainer",
        // A reusable workflow's jobs run inside the caller's run: the check suite is release.yml's.
        runs: [{ id: 401, file: "release.yml", event: "push" }],
        release: { assets: archives("kit", "v1.3.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // bencherdev/bencher: ci.yml on v** tags calls the reusable release.yml.
  {
    shape: "ci-calls-reusable-release",
    title:
      "a CI workflow that calls a reusable release on v** tags is the release workflow (ci.yml), dispatched with no inputs",
    examine: "v0.5.1",
    tags: [
      { name: "v0.5.1", daysAgo: 1, by: "github-actions" },
      {
        name: "v0.5.0",
        daysAgo: 14,
        by: "maintainer",
        runs: [
          { id: 501, file: "ci.yml", event: "push" },
          { id: 502, file: "track_pr_benchmarks.yml", event: "workflow_run", minutesAfter: 40 },
        ],
        release: { assets: ["service-cli-linux-x86-64", "service-cli-macos-arm-64"] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "ci.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {} },
    },
  },

  // BurntSushi/ripgrep: bare x.y.z tags, gh release create --draft, no workflow_dispatch.
  {
    shape: "rust-matrix-draft-release",
    title:
      "a hand-written Rust matrix on bare x.y.z tags picks release.yml and says to add workflow_dispatch",
    examine: "14.1.2",
    tags: [
      { name: "14.1.2", daysAgo: 1, by: "github-actions" },
      {
        name: "14.1.1",
        daysAgo: 60,
        by: "maintainer",
        runs: [{ id: 601, file: "release.yml", event: "push" }],
        release: {
          assets: [
            "tool-14.1.1-x86_64-unknown-linux-musl.tar.gz",
            "tool-14.1.1-aarch64-apple-darwin.tar.gz",
          ],
        },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // sharkdp/bat: one CICD.yml with tags '*' and workflow_dispatch.
  {
    shape: "single-cicd-every-tag",
    title: "a single all-in-one CICD.yml on '*' tags is the only candidate and is dispatched as is",
    examine: "v0.25.1",
    tags: [{ name: "v0.25.1", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "CICD.yml", trigger: "tag-push", chosenBy: "only" },
      action: { kind: "dispatch", needsReview: false, inputs: {} },
    },
  },

  // axodotdev/cargo-dist: '**[0-9]+.[0-9]+.[0-9]+*' tags plus pull_request; no dispatch.
  {
    shape: "cargo-dist-tags-and-prs",
    title:
      "a cargo-dist release on '**[0-9]+.[0-9]+.[0-9]+*' tags (it also runs on pull requests) picks release.yml",
    examine: "v0.31.0",
    tags: [{ name: "v0.31.0", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // astral-sh/uv: dispatch-only release with `tag` (default dry-run) that creates the tag itself.
  {
    shape: "dispatch-tag-dry-run",
    title:
      "a release dispatched on main with a `tag` input: the dispatch run that created 0.9.5 is its release run, and the tag is healthy",
    examine: "0.9.5",
    tags: [
      {
        name: "0.9.5",
        daysAgo: 3,
        by: "web-flow",
        runs: [
          { id: 801, file: "ci.yml", event: "push", branch: "main" },
          {
            id: 802,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "main",
            minutesAfter: 60,
          },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 90,
          assets: ["pkg-x86_64-unknown-linux-gnu.tar.gz", "pkg-aarch64-apple-darwin.tar.gz"],
        },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      runsInclude: [802],
      runsExclude: [801],
    },
  },
  {
    shape: "dispatch-tag-dry-run",
    title:
      "a release with a `tag` input defaulting to dry-run is dispatched with tag=0.9.6 (not dry-run), and release-prepare.yml is not taken",
    examine: "0.9.6",
    tags: [
      { name: "0.9.6", daysAgo: 1, by: "maintainer", annotated: false },
      {
        name: "0.9.5",
        daysAgo: 10,
        by: "web-flow",
        runs: [
          { id: 811, file: "ci.yml", event: "push", branch: "main" },
          {
            id: 812,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "main",
            minutesAfter: 60,
          },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 90,
          assets: ["pkg-x86_64-unknown-linux-gnu.tar.gz", "pkg-aarch64-apple-darwin.tar.gz"],
        },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      action: { kind: "dispatch", needsReview: false, inputs: { tag: "0.9.6" } },
    },
  },

  // cli/cli: dispatch-only deployment.yml with a required tag_name, environment, platforms, release.
  {
    shape: "dispatch-deployment-tag-name",
    title:
      "a manual Deployment workflow that shipped earlier tags is chosen by history and dispatched with tag_name, while go.yml and lint.yml ran on the tag",
    examine: "v2.63.0",
    tags: [
      {
        name: "v2.63.0",
        daysAgo: 1,
        by: "maintainer",
        runs: [
          { id: 901, file: "go.yml", event: "push" },
          { id: 902, file: "lint.yml", event: "push" },
        ],
      },
      {
        name: "v2.62.0",
        daysAgo: 21,
        by: "maintainer",
        runs: [
          { id: 911, file: "go.yml", event: "push" },
          { id: 912, file: "lint.yml", event: "push" },
          { id: 913, file: "deployment.yml", event: "workflow_dispatch", minutesAfter: 15 },
        ],
        release: { minutesAfter: 50, assets: archives("gh", "v2.62.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "deployment.yml", trigger: "dispatch" },
      runsExclude: [901, 902],
      action: {
        kind: "dispatch",
        needsReview: false,
        inputs: {
          tag_name: "v2.63.0",
          environment: "production",
          platforms: "linux,macos,windows",
          release: "true",
        },
      },
    },
  },

  // helix-editor/helix: '[0-9]+.[0-9]+' and '[0-9]+.[0-9]+.[0-9]+' tags, no dispatch.
  {
    shape: "two-part-version-tags",
    title:
      "an editor's two-part calendar tag 25.07 matches '[0-9]+.[0-9]+' in the only tag workflow",
    examine: "25.07",
    tags: [{ name: "25.07", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push", chosenBy: "only" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // starship/starship: release-please in a push-to-main run.
  {
    shape: "release-please-branch-bot",
    title:
      "a release-please tag made by the push-to-main run is healthy, and that run is listed as its release run",
    examine: "v1.23.0",
    tags: [
      {
        name: "v1.23.0",
        daysAgo: 2,
        by: "web-flow",
        runs: [
          { id: 1001, file: "release.yml", event: "push", branch: "main" },
          { id: 1002, file: "workflow.yml", event: "push", branch: "main" },
          { id: 1003, file: "format-workflow.yml", event: "push", branch: "main" },
          { id: 1004, file: "security-audit.yml", event: "push", branch: "main" },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 5,
          assets: ["prompt-x86_64-unknown-linux-gnu.tar.gz", "prompt-aarch64-apple-darwin.tar.gz"],
        },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yml", trigger: "release-bot" },
      runsInclude: [1001],
      runsExclude: [1002, 1003, 1004],
    },
  },
  {
    shape: "release-please-branch-bot",
    title:
      "a release-please tag whose push-to-main run failed after tagging is fixed by re-running that run, not by a dispatch",
    examine: "v1.24.0",
    tags: [
      {
        name: "v1.24.0",
        daysAgo: 2,
        by: "web-flow",
        runs: [
          { id: 1011, file: "release.yml", event: "push", branch: "main", conclusion: "failure" },
          { id: 1012, file: "workflow.yml", event: "push", branch: "main" },
        ],
        release: { author: BOT_LOGIN, draft: true, minutesAfter: 5, assets: [] },
      },
      {
        name: "v1.23.0",
        daysAgo: 20,
        by: "web-flow",
        runs: [{ id: 1021, file: "release.yml", event: "push", branch: "main" }],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 5,
          assets: ["prompt-x86_64-unknown-linux-gnu.tar.gz", "prompt-aarch64-apple-darwin.tar.gz"],
        },
      },
    ],
    expect: {
      status: "run-failed",
      releaseWorkflow: { file: "release.yml", trigger: "release-bot" },
      runsInclude: [1011],
      action: { kind: "rerun", runId: 1011 },
    },
  },

  // semantic-release/semantic-release: quoted "on", push to release branches.
  {
    shape: "semantic-release-branch-bot",
    title: 'a semantic-release tag made inside the push-to-master run is healthy (quoted "on")',
    examine: "v25.0.3",
    tags: [
      {
        name: "v25.0.3",
        daysAgo: 3,
        by: "web-flow",
        runs: [
          { id: 1101, file: "release.yml", event: "push", branch: "master" },
          { id: 1102, file: "test.yml", event: "push", branch: "master" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 4, assets: [] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yml", trigger: "release-bot" },
      runsInclude: [1101],
      runsExclude: [1102],
    },
  },
  {
    shape: "semantic-release-branch-bot",
    title:
      "a semantic-release tag whose branch run failed before the GitHub release is fixed by re-running that run",
    examine: "v25.1.0",
    tags: [
      {
        name: "v25.1.0",
        daysAgo: 3,
        by: "web-flow",
        runs: [
          { id: 1111, file: "release.yml", event: "push", branch: "master", conclusion: "failure" },
          { id: 1112, file: "test.yml", event: "push", branch: "master" },
        ],
      },
      {
        name: "v25.0.3",
        daysAgo: 12,
        by: "web-flow",
        runs: [{ id: 1121, file: "release.yml", event: "push", branch: "master" }],
        release: { author: BOT_LOGIN, minutesAfter: 4, assets: [] },
      },
    ],
    expect: {
      status: "run-failed",
      releaseWorkflow: { file: "release.yml", trigger: "release-bot" },
      runsInclude: [1111],
      action: { kind: "rerun", runId: 1111 },
    },
  },

  // changesets/changesets: one push-to-main run publishes and tags several packages.
  {
    shape: "changesets-monorepo-bot",
    title:
      "a changesets monorepo: each package@version tag made by the push-to-main publish run is healthy with that run",
    examine: "@ui-kit/cli@2.29.0",
    tags: [
      {
        name: "@ui-kit/cli@2.29.0",
        daysAgo: 2,
        by: "web-flow",
        commit: "sha-version-packages-42",
        runs: [
          { id: 1201, file: "publish.yml", event: "push", branch: "main" },
          { id: 1202, file: "ci.yml", event: "push", branch: "main" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 6, assets: [] },
      },
      {
        name: "@ui-kit/core@4.1.0",
        daysAgo: 2,
        by: "web-flow",
        commit: "sha-version-packages-42",
        runs: [
          { id: 1201, file: "publish.yml", event: "push", branch: "main" },
          { id: 1202, file: "ci.yml", event: "push", branch: "main" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 6, assets: [] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "publish.yml", trigger: "release-bot" },
      runsInclude: [1201],
      runsExclude: [1202],
    },
  },
  {
    shape: "changesets-monorepo-bot",
    title: "a changesets monorepo whose publish run failed after tagging is fixed by a re-run",
    examine: "@ui-kit/cli@2.30.0",
    tags: [
      {
        name: "@ui-kit/cli@2.30.0",
        daysAgo: 1,
        by: "web-flow",
        runs: [
          { id: 1211, file: "publish.yml", event: "push", branch: "main", conclusion: "failure" },
        ],
      },
      {
        name: "@ui-kit/cli@2.29.0",
        daysAgo: 9,
        by: "web-flow",
        runs: [{ id: 1221, file: "publish.yml", event: "push", branch: "main" }],
        release: { author: BOT_LOGIN, minutesAfter: 6, assets: [] },
      },
    ],
    expect: {
      status: "run-failed",
      releaseWorkflow: { file: "publish.yml", trigger: "release-bot" },
      runsInclude: [1211],
      action: { kind: "rerun", runId: 1211 },
    },
  },

  // vitejs/vite: three tag patterns, npm publish.
  {
    shape: "multi-prefix-npm-publish",
    title: "a JS monorepo's create-app@6.5.0 tag matches the third tag pattern of publish.yml",
    examine: "create-app@6.5.0",
    tags: [
      { name: "create-app@6.5.0", daysAgo: 1, by: "github-actions" },
      {
        name: "v6.3.5",
        daysAgo: 8,
        by: "maintainer",
        runs: [{ id: 1301, file: "publish.yml", event: "push" }],
        release: { assets: [] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "publish.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // psf/black: release.published starts binaries, PyPI, docker, post-release.
  {
    shape: "python-on-release-published",
    title:
      "a formatter released on release.published: a release made with GITHUB_TOKEN started nothing, and publish_binaries.yml is dispatched with tag=25.9.0",
    examine: "25.9.0",
    tags: [
      {
        name: "25.9.0",
        daysAgo: 1,
        by: "maintainer",
        annotated: false,
        release: { author: BOT_LOGIN, assets: [] },
      },
      {
        name: "25.1.0",
        daysAgo: 30,
        by: "maintainer",
        annotated: false,
        runs: [
          { id: 1401, file: "lint.yml", event: "push" },
          { id: 1402, file: "docs.yml", event: "push" },
          { id: 1403, file: "test.yml", event: "push" },
          { id: 1404, file: "publish_binaries.yml", event: "release", minutesAfter: 1 },
          { id: 1405, file: "pypi_upload.yml", event: "release", minutesAfter: 1 },
          { id: 1406, file: "docker.yml", event: "release", minutesAfter: 1 },
          { id: 1407, file: "post_release.yml", event: "release", minutesAfter: 1 },
        ],
        release: { assets: ["fmt_linux", "fmt_macos", "fmt_windows.exe"] },
      },
    ],
    expect: {
      statusNot: ["healthy"],
      releaseWorkflow: {
        file: "publish_binaries.yml",
        trigger: "release",
        releaseTypes: ["published"],
      },
      action: { kind: "dispatch", needsReview: false, inputs: { tag: "25.9.0" } },
    },
  },
  {
    shape: "python-on-release-published",
    title:
      "a formatter released on release.published expects its binaries for a published prerelease too (published includes prereleases)",
    examine: "26.1a1",
    tags: [
      {
        name: "26.1a1",
        daysAgo: 1,
        by: "maintainer",
        annotated: false,
        release: { prerelease: true, assets: [] },
      },
      {
        name: "25.1.0",
        daysAgo: 30,
        by: "maintainer",
        annotated: false,
        runs: [
          { id: 1411, file: "publish_binaries.yml", event: "release", minutesAfter: 1 },
          { id: 1412, file: "pypi_upload.yml", event: "release", minutesAfter: 1 },
        ],
        release: { assets: ["fmt_linux", "fmt_macos", "fmt_windows.exe"] },
      },
    ],
    expect: {
      statusNot: ["healthy"],
      releaseWorkflow: {
        file: "publish_binaries.yml",
        trigger: "release",
        releaseTypes: ["published"],
      },
      action: { kind: "dispatch", needsReview: false, inputs: { tag: "26.1a1" } },
    },
  },

  // python-attrs/attrs: tags '*' in three workflows; PyPI on tags (test) and release.published.
  {
    shape: "tag-and-release-triggers",
    title:
      "a library uploading to PyPI on tags and releases picks pypi-package.yml, not the docset or CI workflows that also run on '*'",
    examine: "25.4.0",
    tags: [
      {
        name: "25.4.0",
        daysAgo: 2,
        by: "maintainer",
        runs: [
          { id: 1501, file: "build-docset.yml", event: "push" },
          { id: 1502, file: "ci.yml", event: "push" },
          { id: 1503, file: "pypi-package.yml", event: "push" },
          { id: 1504, file: "pypi-package.yml", event: "release", minutesAfter: 20 },
        ],
        release: { minutesAfter: 19, assets: [] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "pypi-package.yml", trigger: ["tag-push", "release"] },
      runsInclude: [1503],
      runsExclude: [1501, 1502],
    },
  },

  // yt-dlp/yt-dlp: dispatch-only stable releases that create the tag; release-master.yml calls it on every push.
  {
    shape: "dispatch-auto-version",
    title:
      "a calendar-versioned tool: the manual release.yml run that created 2025.09.05 is its release run, not release-master.yml's push run on the same commit",
    examine: "2025.09.05",
    tags: [
      {
        name: "2025.09.05",
        daysAgo: 5,
        by: "web-flow",
        runs: [
          { id: 1601, file: "core.yml", event: "push", branch: "master" },
          { id: 1602, file: "release-master.yml", event: "push", branch: "master" },
          {
            id: 1603,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "master",
            minutesAfter: 300,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 330, assets: ["dl-tool", "dl-tool.tar.gz"] },
      },
      {
        name: "2025.08.20",
        daysAgo: 20,
        by: "web-flow",
        runs: [
          { id: 1611, file: "release-master.yml", event: "push", branch: "master" },
          {
            id: 1612,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "master",
            minutesAfter: 200,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 230, assets: ["dl-tool", "dl-tool.tar.gz"] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      runsInclude: [1603],
      runsExclude: [1601],
    },
  },
  {
    shape: "dispatch-auto-version",
    title:
      "a calendar-versioned tool's tag pushed by hand is dispatched with version=2025.10.22 instead of the empty auto-version default",
    examine: "2025.10.22",
    tags: [
      { name: "2025.10.22", daysAgo: 1, by: "maintainer" },
      {
        name: "2025.09.05",
        daysAgo: 20,
        by: "web-flow",
        runs: [
          { id: 1621, file: "release-master.yml", event: "push", branch: "master" },
          {
            id: 1622,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "master",
            minutesAfter: 300,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 330, assets: ["dl-tool", "dl-tool.tar.gz"] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      action: {
        kind: "dispatch",
        needsReview: false,
        inputs: { version: "2025.10.22", prerelease: "false" },
      },
    },
  },

  // jesseduffield/lazygit: version_bump + branch; the run makes a NEW tag.
  {
    shape: "dispatch-version-bump-branch",
    title: "a version-bump release: the manual run on master that created v0.55.0 makes it healthy",
    examine: "v0.55.0",
    tags: [
      {
        name: "v0.55.0",
        daysAgo: 4,
        by: "github-actions",
        runs: [
          { id: 1701, file: "ci.yml", event: "push", branch: "master" },
          {
            id: 1702,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "master",
            minutesAfter: 90,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 100, assets: archives("tui", "v0.55.0") },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      runsInclude: [1702],
      runsExclude: [1701],
    },
  },
  {
    shape: "dispatch-version-bump-branch",
    title:
      "a version-bump release cannot rebuild a hand-pushed v0.55.1: version_bump and branch (master) must be reviewed",
    examine: "v0.55.1",
    tags: [
      { name: "v0.55.1", daysAgo: 1, by: "maintainer" },
      {
        name: "v0.55.0",
        daysAgo: 15,
        by: "github-actions",
        runs: [
          {
            id: 1711,
            file: "release.yml",
            event: "workflow_dispatch",
            branch: "master",
            minutesAfter: 90,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 100, assets: archives("tui", "v0.55.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "dispatch" },
      action: { kind: "dispatch", needsReview: true, review: ["version_bump", "branch"] },
    },
  },

  // pytest-dev/pytest: deploy.yml with version default '1.2.3'; the run pushes the tag.
  {
    shape: "dispatch-placeholder-version",
    title:
      "a manual deploy run on a release branch that tagged 8.4.1 (as a custom bot identity) is its release run, chosen by history",
    examine: "8.4.1",
    tags: [
      {
        name: "8.4.1",
        daysAgo: 3,
        by: { name: "release bot", email: "release-bot@example.com" },
        runs: [
          {
            id: 1801,
            file: "deploy.yml",
            event: "workflow_dispatch",
            branch: "release-8.4.1",
          },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 25,
          assets: ["pytool-8.4.1.tar.gz", "pytool-8.4.1-py3-none-any.whl"],
        },
      },
      {
        name: "8.4.0",
        daysAgo: 30,
        by: { name: "release bot", email: "release-bot@example.com" },
        runs: [
          {
            id: 1811,
            file: "deploy.yml",
            event: "workflow_dispatch",
            branch: "release-8.4.0",
          },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 25,
          assets: ["pytool-8.4.0.tar.gz", "pytool-8.4.0-py3-none-any.whl"],
        },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "deploy.yml", trigger: "dispatch", chosenBy: "history" },
      runsInclude: [1801],
    },
  },
  {
    shape: "dispatch-placeholder-version",
    title:
      "a manual deploy with a '1.2.3' placeholder default is dispatched with version=8.4.2, not the tag-filtered test.yml that ran on the tag",
    examine: "8.4.2",
    tags: [
      {
        name: "8.4.2",
        daysAgo: 1,
        by: "maintainer",
        runs: [{ id: 1821, file: "test.yml", event: "push" }],
      },
      {
        name: "8.4.1",
        daysAgo: 12,
        by: { name: "release bot", email: "release-bot@example.com" },
        runs: [
          {
            id: 1831,
            file: "deploy.yml",
            event: "workflow_dispatch",
            branch: "release-8.4.1",
          },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 25,
          assets: ["pytool-8.4.1.tar.gz", "pytool-8.4.1-py3-none-any.whl"],
        },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "deploy.yml", trigger: "dispatch" },
      runsExclude: [1821],
      action: { kind: "dispatch", needsReview: false, inputs: { version: "8.4.2" } },
    },
  },

  // anchore/syft: version "(prefixed with v)", phase choice, skip-checks boolean.
  {
    shape: "dispatch-version-prefixed",
    title:
      "a manual release whose run on main created v1.32.0 makes the tag healthy (quoted workflow name, .yaml files)",
    examine: "v1.32.0",
    tags: [
      {
        name: "v1.32.0",
        daysAgo: 4,
        by: "web-flow",
        runs: [
          { id: 1901, file: "validations.yaml", event: "push", branch: "main" },
          {
            id: 1902,
            file: "release.yaml",
            event: "workflow_dispatch",
            branch: "main",
            minutesAfter: 45,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 70, assets: archives("sbomtool", "v1.32.0") },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "release.yaml", trigger: "dispatch" },
      runsInclude: [1902],
      runsExclude: [1901],
    },
  },
  {
    shape: "dispatch-version-prefixed",
    title:
      "a manual release whose version input says '(prefixed with v)' is dispatched with version=v1.33.0, phase=all, skip-checks=false",
    examine: "v1.33.0",
    tags: [
      { name: "v1.33.0", daysAgo: 1, by: "maintainer" },
      {
        name: "v1.32.0",
        daysAgo: 16,
        by: "web-flow",
        runs: [
          {
            id: 1911,
            file: "release.yaml",
            event: "workflow_dispatch",
            branch: "main",
            minutesAfter: 45,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 70, assets: archives("sbomtool", "v1.32.0") },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yaml", trigger: "dispatch" },
      action: {
        kind: "dispatch",
        needsReview: false,
        inputs: { version: "v1.33.0", phase: "all", "skip-checks": "false" },
      },
    },
  },

  // coder/code-server: publish on release.released (not prereleases).
  {
    shape: "release-released-only",
    title:
      "a web IDE published on release.released: the release-event run of publish.yaml makes v4.104.0 healthy",
    examine: "v4.104.0",
    tags: [
      {
        name: "v4.104.0",
        daysAgo: 3,
        by: "maintainer",
        annotated: false,
        runs: [{ id: 2001, file: "publish.yaml", event: "release", minutesAfter: 31 }],
        release: { minutesAfter: 30, assets: ["app-4.104.0-linux-amd64.tar.gz"] },
      },
      {
        name: "v4.103.0",
        daysAgo: 30,
        by: "maintainer",
        annotated: false,
        runs: [{ id: 2011, file: "publish.yaml", event: "release", minutesAfter: 31 }],
        release: { minutesAfter: 30, assets: ["app-4.103.0-linux-amd64.tar.gz"] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "publish.yaml", trigger: "release", releaseTypes: ["released"] },
      runsInclude: [2001],
    },
  },
  {
    shape: "release-released-only",
    title: "a web IDE published on release.released does not expect a publish run for a prerelease",
    examine: "v4.105.0-rc.1",
    tags: [
      {
        name: "v4.105.0-rc.1",
        daysAgo: 1,
        by: "maintainer",
        annotated: false,
        release: {
          prerelease: true,
          minutesAfter: 30,
          assets: ["app-4.105.0-rc.1-linux-amd64.tar.gz"],
        },
      },
      {
        name: "v4.104.0",
        daysAgo: 10,
        by: "maintainer",
        annotated: false,
        runs: [{ id: 2021, file: "publish.yaml", event: "release", minutesAfter: 31 }],
        release: { minutesAfter: 30, assets: ["app-4.104.0-linux-amd64.tar.gz"] },
      },
    ],
    expect: {
      statusNot: ["not-triggered", "run-failed"],
      action: { kind: "none" },
    },
  },
  {
    shape: "release-released-only",
    title:
      "a web IDE release published with GITHUB_TOKEN started no publish run: publish.yaml is dispatched with its version, not the draft workflow",
    examine: "v4.104.1",
    tags: [
      {
        name: "v4.104.1",
        daysAgo: 1,
        by: "maintainer",
        annotated: false,
        release: {
          author: BOT_LOGIN,
          minutesAfter: 30,
          assets: ["app-4.104.1-linux-amd64.tar.gz"],
        },
      },
      {
        name: "v4.104.0",
        daysAgo: 10,
        by: "maintainer",
        annotated: false,
        runs: [{ id: 2031, file: "publish.yaml", event: "release", minutesAfter: 31 }],
        release: { minutesAfter: 30, assets: ["app-4.104.0-linux-amd64.tar.gz"] },
      },
    ],
    expect: {
      statusNot: ["healthy"],
      releaseWorkflow: { file: "publish.yaml", trigger: "release", releaseTypes: ["released"] },
      // The job strips a leading v itself: either form ships this tag.
      action: {
        kind: "dispatch",
        needsReview: false,
        inputs: { version: ["v4.104.1", "4.104.1"] },
      },
    },
  },

  // ant-design/ant-design: `on: create` helper makes the release; site deploy only on 6.* tags.
  {
    shape: "on-create-notifier",
    title:
      "a UI library's 5.x tag: the `on: create` release helper is its release workflow (the 6.* site deploy does not match)",
    examine: "5.27.2",
    tags: [
      { name: "5.27.2", daysAgo: 1, by: "github-actions" },
      {
        name: "5.27.1",
        daysAgo: 12,
        by: "maintainer",
        runs: [
          { id: 2101, file: "pkg.pr.new.yml", event: "push" },
          { id: 2102, file: "release-helper.yml", event: "create" },
          { id: 2103, file: "release-x.yml", event: "create" },
          { id: 2104, file: "sync-mirror.yml", event: "create" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 3, assets: [] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release-helper.yml", trigger: "create" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },
  {
    shape: "on-create-notifier",
    title: "a UI library's 6.x tag with both its create and tag-push runs is healthy",
    examine: "6.0.1",
    tags: [
      {
        name: "6.0.1",
        daysAgo: 2,
        by: "maintainer",
        runs: [
          { id: 2111, file: "pkg.pr.new.yml", event: "push" },
          { id: 2112, file: "release-helper.yml", event: "create" },
          { id: 2113, file: "release-x.yml", event: "create" },
          { id: 2114, file: "site-deploy.yml", event: "push" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 3, assets: ["website.tar.gz"] },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: {
        file: ["release-helper.yml", "site-deploy.yml"],
        trigger: ["create", "tag-push"],
      },
    },
  },
  {
    shape: "on-create-notifier",
    title: "a UI library's .github/tagwatch.yml `release-workflow:` overrides the choice",
    examine: "6.1.0",
    tagwatchConfig: "release-workflow: release-helper.yml\n",
    tags: [
      { name: "6.1.0", daysAgo: 1, by: "github-actions" },
      {
        name: "6.0.1",
        daysAgo: 9,
        by: "maintainer",
        runs: [
          { id: 2121, file: "pkg.pr.new.yml", event: "push" },
          { id: 2122, file: "release-helper.yml", event: "create" },
          { id: 2123, file: "site-deploy.yml", event: "push" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 3, assets: ["website.tar.gz"] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release-helper.yml", trigger: "create", chosenBy: "config" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // 4gray/iptvnator: Electron release and Docker image on the same tags.
  {
    shape: "electron-with-docker-sibling",
    title:
      "an Electron app picks build-and-make.yaml (it creates the release) over the docker image workflow on the same tags",
    examine: "v0.17.0",
    tags: [
      { name: "v0.17.0", daysAgo: 1, by: "github-actions" },
      {
        name: "v0.16.0",
        daysAgo: 18,
        by: "maintainer",
        runs: [
          { id: 2201, file: "build-and-make.yaml", event: "push" },
          { id: 2202, file: "docker.yml", event: "push" },
          { id: 2203, file: "publish-snap.yaml", event: "release", minutesAfter: 50 },
        ],
        release: {
          minutesAfter: 45,
          assets: ["App-0.16.0.dmg", "App-Setup-0.16.0.exe", "App-0.16.0.AppImage"],
        },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "build-and-make.yaml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {} },
    },
  },
  {
    shape: "docker-push-off-by-default",
    title:
      "an image workflow whose manual run defaults to push=false asks to review `push` before dispatching",
    examine: "v0.17.0",
    tags: [
      { name: "v0.17.0", daysAgo: 1, by: "github-actions" },
      {
        name: "v0.16.0",
        daysAgo: 18,
        by: "maintainer",
        runs: [{ id: 2301, file: "docker.yml", event: "push" }],
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "docker.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: true, review: ["push"] },
    },
  },

  // 4gray/iptvnator tauri-release.yml (2025): tauri-action on push to master.
  {
    shape: "tauri-action-branch-bot",
    title: "a Tauri app whose push-to-master run created app-v0.2.0 with tauri-action is healthy",
    examine: "app-v0.2.0",
    tags: [
      {
        name: "app-v0.2.0",
        daysAgo: 3,
        by: "maintainer",
        annotated: false,
        runs: [
          { id: 2401, file: "tauri-release.yml", event: "push", branch: "master" },
          { id: 2402, file: "ci.yml", event: "push", branch: "master" },
        ],
        release: {
          author: BOT_LOGIN,
          minutesAfter: 20,
          assets: ["App_0.2.0_aarch64.dmg", "App_0.2.0_x64-setup.exe", "app_0.2.0_amd64.deb"],
        },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: { file: "tauri-release.yml", trigger: "release-bot" },
      runsInclude: [2401],
      runsExclude: [2402],
    },
  },
  {
    shape: "tauri-action-branch-bot",
    title: "a Tauri app whose push-to-master release run failed is fixed by re-running that run",
    examine: "app-v0.3.0",
    tags: [
      {
        name: "app-v0.3.0",
        daysAgo: 1,
        by: "maintainer",
        annotated: false,
        runs: [
          {
            id: 2411,
            file: "tauri-release.yml",
            event: "push",
            branch: "master",
            conclusion: "failure",
          },
          { id: 2412, file: "ci.yml", event: "push", branch: "master" },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 20, assets: ["App_0.3.0_aarch64.dmg"] },
      },
    ],
    expect: {
      status: "run-failed",
      releaseWorkflow: { file: "tauri-release.yml", trigger: "release-bot" },
      runsInclude: [2411],
      action: { kind: "rerun", runId: 2411 },
    },
  },

  // mifi/lossless-cut: tmate debug boolean defaulting to false.
  {
    shape: "electron-debug-input",
    title:
      "an Electron build with an optional tmate debug boolean is dispatched with it left false",
    examine: "v3.66.0",
    tags: [{ name: "v3.66.0", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "build.yml", trigger: "tag-push", chosenBy: "only" },
      action: { kind: "dispatch", needsReview: false, inputs: { tmate_enabled: "false" } },
    },
  },

  // lapce/lapce: tag_name defaults to nightly.
  {
    shape: "nightly-default-tag-name",
    title: "a release whose manual tag_name defaults to nightly is dispatched with tag_name=v0.4.3",
    examine: "v0.4.3",
    tags: [
      { name: "v0.4.3", daysAgo: 1, by: "github-actions" },
      {
        name: "v0.4.2",
        daysAgo: 40,
        by: "maintainer",
        runs: [{ id: 2601, file: "release.yml", event: "push" }],
        release: { assets: ["editor-linux.tar.gz", "editor-macos.dmg", "editor-windows.msi"] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: { tag_name: "v0.4.3" } },
    },
  },

  // nushell/nushell: release-msi.yml (required tag) sorts before release.yml.
  {
    shape: "negated-nightly-and-msi-rebuild",
    title:
      "a shell with an MSI-rebuild job named release-msi.yml (sorted first, required tag) still picks release.yml for 0.108.0",
    examine: "0.108.0",
    tags: [
      { name: "0.108.0", daysAgo: 1, by: "github-actions" },
      {
        name: "0.107.0",
        daysAgo: 28,
        by: "maintainer",
        runs: [
          { id: 2701, file: "release.yml", event: "push" },
          { id: 2702, file: "winget-submission.yml", event: "release", minutesAfter: 240 },
        ],
        release: {
          minutesAfter: 230,
          assets: [
            "shell-0.107.0-x86_64-unknown-linux-gnu.tar.gz",
            "shell-0.107.0-x86_64-pc-windows-msvc.msi",
          ],
        },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {} },
    },
  },

  // dani-garcia/vaultwarden: '[1-2].[0-9]+.[0-9]+' tags, images only.
  {
    shape: "docker-image-version-range",
    title: "a server shipped as images on '[1-2].[0-9]+.[0-9]+' tags picks release.yml",
    examine: "1.34.3",
    tags: [
      { name: "1.34.3", daysAgo: 1, by: "github-actions" },
      {
        name: "1.34.2",
        daysAgo: 35,
        by: "maintainer",
        runs: [{ id: 2801, file: "release.yml", event: "push" }],
        release: { assets: [] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // geerlingguy/ansible-role-docker: quoted 'on', tags '*'.
  {
    shape: "quoted-on-galaxy-import",
    title:
      "an Ansible role with a quoted 'on' and tags '*' picks release.yml, the only tag workflow",
    examine: "7.4.8",
    tags: [{ name: "7.4.8", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "release.yml", trigger: "tag-push", chosenBy: "only" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // koalaman/shellcheck: on: [push, pull_request].
  {
    shape: "push-pull-request-list",
    title: "a linter with `on: [push, pull_request]` runs its one pipeline for every tag",
    examine: "v0.11.0",
    tags: [{ name: "v0.11.0", daysAgo: 1, by: "github-actions" }],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "build.yml", trigger: "tag-push", chosenBy: "only" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },

  // superfly/flyctl: auto-tag with GITHUB_TOKEN, release via workflow_run.
  {
    shape: "workflow-run-after-auto-tag",
    title:
      "a CLI auto-tagged with GITHUB_TOKEN is released by the workflow_run chain after the tagging run, and is healthy",
    examine: "v0.3.210",
    tags: [
      {
        name: "v0.3.210",
        daysAgo: 2,
        by: "web-flow",
        runs: [
          { id: 2901, file: "build.yml", event: "push", branch: "master" },
          { id: 2902, file: "ci.yml", event: "push", branch: "master" },
          {
            id: 2903,
            file: "auto-release.yml",
            event: "schedule",
            branch: "master",
            minutesAfter: 120,
          },
          {
            id: 2904,
            file: "release.yml",
            event: "workflow_run",
            branch: "master",
            minutesAfter: 122,
          },
          {
            id: 2905,
            file: "sync-docs.yml",
            event: "workflow_run",
            branch: "master",
            minutesAfter: 122,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 140, assets: archives("flyer", "v0.3.210") },
      },
      {
        name: "v0.3.209",
        daysAgo: 9,
        by: "web-flow",
        runs: [
          { id: 2931, file: "build.yml", event: "push", branch: "master" },
          {
            id: 2932,
            file: "auto-release.yml",
            event: "schedule",
            branch: "master",
            minutesAfter: 120,
          },
          {
            id: 2933,
            file: "release.yml",
            event: "workflow_run",
            branch: "master",
            minutesAfter: 122,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 140, assets: archives("flyer", "v0.3.209") },
      },
    ],
    expect: {
      status: "healthy",
      releaseWorkflow: {
        file: "release.yml",
        trigger: "workflow-run",
        upstream: ["Automatically release a new version"],
      },
      runsInclude: [2904],
      runsExclude: [2901, 2902],
    },
  },
  {
    shape: "workflow-run-after-auto-tag",
    title:
      "a CLI auto-tagged with GITHUB_TOKEN whose workflow_run release failed is fixed by re-running that run",
    examine: "v0.3.211",
    tags: [
      {
        name: "v0.3.211",
        daysAgo: 1,
        by: "web-flow",
        runs: [
          { id: 2911, file: "build.yml", event: "push", branch: "master" },
          {
            id: 2912,
            file: "auto-release.yml",
            event: "schedule",
            branch: "master",
            minutesAfter: 120,
          },
          {
            id: 2913,
            file: "release.yml",
            event: "workflow_run",
            branch: "master",
            minutesAfter: 122,
            conclusion: "failure",
          },
        ],
      },
      {
        name: "v0.3.210",
        daysAgo: 8,
        by: "web-flow",
        runs: [
          {
            id: 2921,
            file: "auto-release.yml",
            event: "schedule",
            branch: "master",
            minutesAfter: 120,
          },
          {
            id: 2922,
            file: "release.yml",
            event: "workflow_run",
            branch: "master",
            minutesAfter: 122,
          },
        ],
        release: { author: BOT_LOGIN, minutesAfter: 140, assets: archives("flyer", "v0.3.210") },
      },
    ],
    expect: {
      status: "run-failed",
      releaseWorkflow: { file: "release.yml", trigger: "workflow-run" },
      runsInclude: [2913],
      action: { kind: "rerun", runId: 2913 },
    },
  },

  // pot-app/pot-desktop: tags-ignore [updater].
  {
    shape: "tags-ignore-updater",
    title: "a Tauri app with `tags-ignore: [updater]` runs package.yml for version tag 3.0.7",
    examine: "3.0.7",
    tags: [
      { name: "3.0.7", daysAgo: 1, by: "github-actions" },
      {
        name: "3.0.6",
        daysAgo: 50,
        by: "maintainer",
        runs: [{ id: 3001, file: "package.yml", event: "push" }],
        release: { assets: ["app_3.0.6_x64-setup.exe", "app_3.0.6_aarch64.dmg"] },
      },
    ],
    expect: {
      status: "not-triggered",
      releaseWorkflow: { file: "package.yml", trigger: "tag-push" },
      action: { kind: "dispatch", needsReview: false, inputs: {}, addDispatchTrigger: true },
    },
  },
  {
    shape: "tags-ignore-updater",
    title:
      "a Tauri app's `updater` tag, excluded by tags-ignore, has no release workflow and is not flagged as not triggered",
    examine: "updater",
    tags: [
      {
        name: "3.0.6",
        daysAgo: 50,
        by: "maintainer",
        runs: [{ id: 3011, file: "package.yml", event: "push" }],
        release: { assets: ["app_3.0.6_x64-setup.exe", "app_3.0.6_aarch64.dmg"] },
      },
      {
        name: "updater",
        daysAgo: 400,
        by: "maintainer",
        annotated: false,
        release: { assets: ["update.json"] },
      },
    ],
    expect: {
      statusNot: ["not-triggered"],
      releaseWorkflow: null,
      action: { kind: "none" },
    },
  },
];
