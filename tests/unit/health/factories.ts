import type {
  AssetInfo,
  GitActor,
  ReleaseInfo,
  RepositorySnapshot,
  TagInfo,
  WorkflowFile,
  WorkflowInfo,
  WorkflowRunInfo,
} from "@/lib/health/types";

export const NOW = new Date("2026-03-01T12:00:00Z");

/** An ISO date `days` (plus `minutes`) before NOW. */
export function ago(days: number, minutes = 0): string {
  return new Date(NOW.getTime() - days * 86_400_000 - minutes * 60_000).toISOString();
}

export const MONA: GitActor = {
  name: "Mona Maintainer",
  email: "mona@example.com",
  login: "octo-maintainer",
};
export const BOT: GitActor = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
  login: null,
};

export const RELEASE_YML = `name: Release
on:
  push:
    tags: ["v*"]
  workflow_dispatch:
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: make release
`;

export const RELEASE_YML_NO_DISPATCH = `name: Release
on:
  push:
    tags:
      - "v*"
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: make release
`;

export const CI_YML = `name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`;

export const UPLOAD_YML = `name: Upload
on:
  release:
    types: [published]
  workflow_dispatch:
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: make upload
`;

export function workflowFile(name: string, text: string): WorkflowFile {
  return { path: `.github/workflows/${name}`, text };
}

export const RELEASE_FILE = workflowFile("release.yml", RELEASE_YML);
export const CI_FILE = workflowFile("ci.yml", CI_YML);

export function restWorkflow(partial: Partial<WorkflowInfo> = {}): WorkflowInfo {
  return {
    id: 11,
    name: "Release",
    path: ".github/workflows/release.yml",
    state: "active",
    ...partial,
  };
}

export function tag(partial: Partial<TagInfo> = {}): TagInfo {
  const name = partial.name ?? "v1.0.0";
  return {
    name,
    commitOid: `sha-${name}`,
    commitUrl: `https://github.com/octo-maintainer/classic-cli/commit/sha-${name}`,
    commitDate: ago(10),
    annotated: true,
    tagger: MONA,
    taggedAt: ago(10),
    commitAuthor: MONA,
    commitCommitter: MONA,
    runs: [],
    workflowFiles: null,
    ...partial,
  };
}

let nextRunId = 5000;

export function run(partial: Partial<WorkflowRunInfo> = {}): WorkflowRunInfo {
  const id = partial.id ?? nextRunId++;
  return {
    id,
    runNumber: id - 4000,
    workflowId: 11,
    workflowName: "Release",
    workflowPath: ".github/workflows/release.yml",
    event: "push",
    status: "completed",
    conclusion: "success",
    branch: null,
    url: `https://github.com/octo-maintainer/classic-cli/actions/runs/${id}`,
    createdAt: ago(10),
    ...partial,
  };
}

export function asset(name: string): AssetInfo {
  return {
    name,
    size: 1024,
    downloadCount: 3,
    downloadUrl: `https://github.com/octo-maintainer/classic-cli/releases/download/x/${name}`,
    createdAt: ago(10),
  };
}

/** The six binaries the demo's release workflows build. */
export function binaries(version: string, repo = "classic-cli"): string[] {
  return ["linux", "darwin", "windows"].flatMap((os) =>
    ["amd64", "arm64"].map(
      (arch) => `${repo}_${version}_${os}_${arch}.${os === "windows" ? "zip" : "tar.gz"}`,
    ),
  );
}

export function release(
  partial: Partial<ReleaseInfo> & { assetNames?: string[] } = {},
): ReleaseInfo {
  const { assetNames, ...rest } = partial;
  const tagName = rest.tagName ?? "v1.0.0";
  // Uploaded as the release was published, unless a test says otherwise.
  const uploadedAt = rest.publishedAt ?? rest.createdAt ?? ago(10);
  const assets =
    rest.assets ??
    (assetNames ?? binaries(tagName.replace(/^v/, ""))).map((name) => ({
      ...asset(name),
      createdAt: uploadedAt,
    }));
  return {
    name: tagName,
    tagName,
    url: `https://github.com/octo-maintainer/classic-cli/releases/tag/${tagName}`,
    isDraft: false,
    isPrerelease: false,
    isLatest: false,
    createdAt: ago(10),
    publishedAt: ago(10),
    author: "octo-maintainer",
    tagCommitOid: `sha-${tagName}`,
    ...rest,
    assets,
    assetCount: rest.assetCount ?? assets.length,
  };
}

export function snapshot(partial: Partial<RepositorySnapshot> = {}): RepositorySnapshot {
  const tags = partial.tags ?? [];
  return {
    owner: "octo-maintainer",
    name: "classic-cli",
    url: "https://github.com/octo-maintainer/classic-cli",
    isPrivate: false,
    isArchived: false,
    defaultBranch: "main",
    viewerPermission: "ADMIN",
    tags,
    totalTags: tags.length,
    nextTagsCursor: null,
    releases: [],
    headWorkflowFiles: [RELEASE_FILE, CI_FILE],
    workflows: [
      restWorkflow(),
      restWorkflow({ id: 12, name: "CI", path: ".github/workflows/ci.yml" }),
    ],
    tagwatchConfig: null,
    manifests: {},
    ...partial,
  };
}

/** A tag that went through release.yml and got a complete release, `days` ago. */
export function shipped(name: string, days: number): { tag: TagInfo; release: ReleaseInfo } {
  return {
    tag: tag({
      name,
      commitDate: ago(days),
      taggedAt: ago(days),
      runs: [run({ createdAt: ago(days) })],
    }),
    release: release({ tagName: name, createdAt: ago(days, -10), publishedAt: ago(days, -10) }),
  };
}
