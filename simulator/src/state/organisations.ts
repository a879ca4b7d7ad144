import { type Repo, versionOf } from "./model";
import { push } from "./push";
import { addRepository, repositorySpec } from "./scenario";
import type { World } from "./world";

// Organisations at scale (100, 1,000, 5,000 repositories) for the benchmark and the tests of
// watch mode's sweep: generated repositories with a CI and a tag-push release workflow and a short
// history of shipped tags, a chosen share of them with a failed release on the newest tag, and a
// way to change a chosen share of them later (a new tag each, as a maintainer pushes it).

const CI = `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
`;

const RELEASE = `name: Release
on:
  push:
    tags: ["v*"]
  workflow_dispatch:
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make dist VERSION="\${GITHUB_REF_NAME#v}"
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*
`;

export type GenerateSpec = {
  /** How many repositories to add: `<prefix>-00001` ... */
  repositories: number;
  /** Shipped tags per repository before the newest (default 2). */
  tagsEach?: number;
  /** Share (0..1) of repositories whose newest tag's release run failed (spread evenly). */
  failedShare?: number;
  /** Name prefix (default "service"). */
  prefix?: string;
};

/** The names of generated repositories: `service-00001`, in creation order. */
export function generatedName(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(5, "0")}`;
}

/** Whether the i-th item is one of an evenly spread `share` of all (round(count × share) of them). */
function chosen(index: number, share: number): boolean {
  return Math.floor((index + 1) * share + 1e-9) > Math.floor(index * share + 1e-9);
}

/** Adds generated repositories to an organisation (pushed to by its first admin); returns them. */
export function generateRepositories(
  world: World,
  login: string,
  spec: GenerateSpec,
  now = world.now(),
): Repo[] {
  const account = world.accounts.get(login.toLowerCase());
  if (!account) throw new Error(`No account ${login}`);
  const admin =
    [...account.members.entries()].find(([, role]) => role === "admin")?.[0] ?? account.login;
  const prefix = spec.prefix ?? "service";
  const tags = Math.max(1, spec.tagsEach ?? 2);
  const created: Repo[] = [];
  for (let index = 0; index < spec.repositories; index++) {
    const name = generatedName(prefix, index);
    if (world.repo(account.login, name)) throw new Error(`${account.login}/${name} exists`);
    const failed = chosen(index, spec.failedShare ?? 0);
    // Pushes spread over the last weeks so the listing's PUSHED_AT order is not the name order.
    const newest = 1 + ((index * 7919) % 600) / 24;
    const history = Array.from({ length: tags }, (_, tag) => ({
      daysAgo: newest + (tags - 1 - tag) * 7,
      commit: `Release 0.${tag + 1}.0`,
      tags: [`v0.${tag + 1}.0`],
      ...(failed && tag === tags - 1 ? { outcomes: { "release.yml": "failure" as const } } : {}),
    }));
    const first = { daysAgo: newest + tags * 7 + 3, commit: "Initial commit" };
    created.push(
      addRepository(
        world,
        repositorySpec({
          owner: account.login,
          name,
          description: `Generated repository ${index + 1} of ${spec.repositories}`,
          workflows: { "release.yml": { release: { assets: ["{repo}_{version}.tar.gz"] } } },
          files: {
            "README.md": `# ${name}\n`,
            ".github/workflows/ci.yml": CI,
            ".github/workflows/release.yml": RELEASE,
          },
          history: [first, ...history].map((entry) => ({ ...entry, by: admin })),
        }),
        now,
      ),
    );
  }
  return created;
}

/** The next patch tag after the highest `vX.Y.Z` of a repository. */
export function nextPatchTag(repo: Repo): string {
  const versions = [...repo.tags.keys()]
    .map((tag) => /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [Number(match[1]), Number(match[2]), Number(match[3])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const [major, minor, patch] = versions[versions.length - 1] ?? [0, 0, 0];
  return `v${major}.${minor}.${patch + 1}`;
}

export type ChangeSpec = {
  /** Share (0..1) of the organisation's repositories to change, spread evenly; or `count`. */
  share?: number;
  count?: number;
  /** Push as github-actions[bot] with GITHUB_TOKEN: no run starts (the tag never ships). */
  withGithubToken?: boolean;
};

/** Pushes the next patch tag to a spread share of an organisation's repositories, as its admin. */
export function changeRepositories(
  world: World,
  login: string,
  spec: ChangeSpec,
): { repository: string; tag: string }[] {
  const account = world.accounts.get(login.toLowerCase());
  if (!account) throw new Error(`No account ${login}`);
  const admin =
    [...account.members.entries()].find(([, role]) => role === "admin")?.[0] ?? account.login;
  const repos = [...world.repos.values()]
    .filter((repo) => repo.owner.toLowerCase() === login.toLowerCase() && !repo.archived)
    .sort((a, b) => a.id - b.id);
  const share = spec.count !== undefined ? spec.count / Math.max(1, repos.length) : spec.share;
  const changed: { repository: string; tag: string }[] = [];
  const at = world.now() - 30_000;
  repos.forEach((repo, index) => {
    if (!chosen(index, share ?? 0)) return;
    if (spec.count !== undefined && changed.length >= spec.count) return;
    const tag = nextPatchTag(repo);
    push(world, repo, {
      by: spec.withGithubToken ? "github-actions[bot]" : admin,
      withGithubToken: spec.withGithubToken === true,
      at,
      commit: { message: `Release ${versionOf(tag)}`, files: { VERSION: `${tag}\n` } },
      tags: [tag],
      annotated: true,
      history: false,
    });
    changed.push({ repository: `${repo.owner}/${repo.name}`, tag });
  });
  return changed;
}
