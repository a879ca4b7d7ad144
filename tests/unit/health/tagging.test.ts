/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub expressions ${{ }} are literal text here */
import { describe, expect, it } from "vitest";
import { type JobInput, type StepInput, type TagMaker, tagMakers } from "@/lib/health/tagging";

// The finder of tag-making steps, on the shapes public release workflows write (auto-release,
// version bumps, nightlies, major-version tags, API tags), each in our own words. What matters is
// what a later step of the job can use to name the tag, or that tagwatch says it is unsure.

function step(fields: Partial<StepInput>): StepInput {
  return { id: null, uses: null, run: null, with: {}, env: {}, shell: null, ...fields };
}

function makers(steps: Partial<StepInput>[], job: Partial<JobInput> = {}): TagMaker[] {
  return tagMakers({
    env: {},
    shell: null,
    runsOn: "ubuntu-latest",
    ...job,
    steps: steps.map(step),
  });
}

/** The one tag-making step of a single `run:` script. */
function only(run: string, fields: Partial<StepInput> = {}, job: Partial<JobInput> = {}) {
  const found = makers([{ run, ...fields }], job);
  expect(found, "exactly one tag-making step").toHaveLength(1);
  return found[0] as TagMaker;
}

describe("git tag followed to the git push that sends it", () => {
  it('records a computed tag pushed together with the branch (git push origin main "$next")', () => {
    const script = `next=$(npx semver -i minor "$(git describe --tags --abbrev=0)")
git tag -a "$next" -m "Release $next"
git push origin main "$next"
echo done`;
    const found = only(script);
    expect(found.kind).toBe("git-push");
    expect(found.tag).toMatchObject({ kind: "record", word: '"${next}"', key: "$next" });
    // The record goes right after the push, not after the whole script.
    const tag = found.tag as { start: number; after: number };
    expect(script.slice(tag.start, tag.after)).toBe('git push origin main "$next"');
  });

  it("follows any variable name and quoting, -s/-m/-f, and a continued --atomic push", () => {
    const script = `NEW=\${{ inputs.version }}
git tag -s -f $NEW -m "signed"
git push --atomic origin \\
  HEAD:main \\
  "$NEW"`;
    expect(only(script).tag).toEqual({
      kind: "value",
      value: "${{ inputs.version }}",
      needsId: null,
    });
  });

  it("reads literal tags and refs/tags/ refspecs, and `git push origin tag <name>`", () => {
    expect(only("git tag v1.2.3\ngit push origin v1.2.3").tag).toMatchObject({ value: "v1.2.3" });
    expect(
      only('git tag -f nightly "${GITHUB_SHA}"\ngit push origin refs/tags/nightly --force').tag,
    ).toMatchObject({ kind: "value", value: "nightly" });
    expect(
      only("git tag --force nightly && git push --force origin tag nightly").tag,
    ).toMatchObject({ kind: "value", value: "nightly" });
    expect(only('git push origin "HEAD:refs/tags/v${{ inputs.version }}"').tag).toMatchObject({
      value: "v${{ inputs.version }}",
    });
  });

  it("resolves the tag through the step's and the job's env", () => {
    const fromStep = only('git tag "$TAG"\ngit push origin "$TAG"', {
      env: { TAG: "v${{ needs.version.outputs.next }}" },
    });
    expect(fromStep.tag).toMatchObject({ value: "v${{ needs.version.outputs.next }}" });
    const fromJob = only(
      'git tag "$RELEASE"\ngit push origin main "$RELEASE"',
      {},
      {
        env: { RELEASE: "${{ github.event.inputs.version }}" },
      },
    );
    expect(fromJob.tag).toMatchObject({ value: "${{ github.event.inputs.version }}" });
  });

  it("keeps GitHub's own variables as shell words a later step expands itself", () => {
    expect(
      only('git tag "build-$GITHUB_RUN_NUMBER"\ngit push origin "build-$GITHUB_RUN_NUMBER"').tag,
    ).toEqual({ kind: "shell", word: '"build-${GITHUB_RUN_NUMBER}"' });
  });

  it("reads what the script hands on through $GITHUB_ENV or $GITHUB_OUTPUT instead of recording", () => {
    const env = only(`VERSION=$(cat VERSION)
echo "TAG=v$VERSION" >> "$GITHUB_ENV"
git tag "v$VERSION"
git push origin "v$VERSION"`);
    expect(env.tag).toMatchObject({ kind: "value", value: "${{ env.TAG }}" });
    const output = only(
      `next=$(./scripts/next-version)
git tag "$next"
git push origin "$next"
echo "tag=$next" >> $GITHUB_OUTPUT`,
      { id: "bump" },
    );
    expect(output.tag).toMatchObject({ kind: "value", value: "${{ steps.bump.outputs.tag }}" });
  });

  it("reads a tag variable exported by an earlier step of the job", () => {
    const found = makers([
      { run: 'echo "VERSION=v$(jq -r .version package.json)" >> "$GITHUB_ENV"' },
      { run: 'git tag "$VERSION"\ngit push origin "$VERSION"' },
    ]);
    expect(found).toEqual([
      {
        index: 1,
        kind: "git-push",
        tag: { kind: "value", value: "${{ env.VERSION }}", needsId: null },
      },
    ]);
  });

  it("--tags and --follow-tags push every tag at HEAD (npm version, a bump commit)", () => {
    expect(only("npm version patch\ngit push --follow-tags").tag).toEqual({ kind: "at-head" });
    expect(only("git push origin HEAD:refs/heads/main --tags").tag).toEqual({ kind: "at-head" });
  });

  it("ignores pushes that send no tag, deletions, dry runs and listing tags", () => {
    expect(makers([{ run: "git push origin main\ngit push --force-with-lease" }])).toEqual([]);
    expect(makers([{ run: "git push --delete origin v1.0.0" }])).toEqual([]);
    expect(makers([{ run: "git push --dry-run --tags" }])).toEqual([]);
    expect(makers([{ run: 'if [ $(git tag -l "$v") ]; then echo exists; fi' }])).toEqual([]);
    expect(makers([{ run: "git push origin HEAD:refs/heads/release" }])).toEqual([]);
  });

  it("is unsure, saying why, where it cannot name one tag", () => {
    const unset = only('git push origin "$TAG"').tag;
    expect(unset).toEqual({ unsure: "the tag $TAG is set where tagwatch cannot see it" });
    const loop = only(`for pkg in a b; do
  next=$(./bump "$pkg")
  git tag "$next"
  git push origin "$next"
done`).tag;
    expect(loop).toEqual({ unsure: "it pushes $next in a loop, so there may be several" });
    const several = only(
      'git tag -f v1 "$GITHUB_SHA"\ngit tag v1.2.0\ngit push origin v1 v1.2.0',
    ).tag;
    expect(several).toMatchObject({ unsure: expect.stringMatching(/several tags/) });
    const pwsh = only("git push --tags", { shell: "pwsh" }).tag;
    expect(pwsh).toEqual({ unsure: "its script is not written for bash" });
  });
});

describe("tags made through the API and by gh release create", () => {
  it("gh api POST .../git/refs with -f ref=refs/tags/...", () => {
    const found = only(`TAG="v$(cat VERSION)"
gh api -X POST "repos/\${GITHUB_REPOSITORY}/git/refs" \\
  -f ref="refs/tags/$TAG" -f sha="$GITHUB_SHA"`);
    expect(found.kind).toBe("api");
    expect(found.tag).toMatchObject({ kind: "record", word: '"${TAG}"' });
    expect(
      only('gh api repos/o/r/git/refs -f ref=refs/tags/v2.0.0 -f sha="$GITHUB_SHA"').tag,
    ).toMatchObject({ kind: "value", value: "v2.0.0" });
  });

  it("actions/github-script git.createRef with a ref built from constants, else unsure", () => {
    const readable = makers([
      {
        uses: "actions/github-script@v7",
        with: {
          script: `const version = "v" + "3.1.0";
await github.rest.git.createRef({
  owner: context.repo.owner, repo: context.repo.repo,
  ref: \`refs/tags/\${version}\`, sha: context.sha,
});`,
        },
      },
    ]);
    expect(readable).toEqual([
      { index: 0, kind: "api", tag: { kind: "value", value: "v3.1.0", needsId: null } },
    ]);
    const computed = makers([
      {
        uses: "actions/github-script@v7",
        with: { script: "await github.rest.git.createRef({ ref: `refs/tags/${next()}`, sha })" },
      },
    ]);
    expect(computed[0]?.tag).toMatchObject({ unsure: expect.stringMatching(/cannot read/) });
  });

  it("gh release create names the tag unless --verify-tag says it exists already", () => {
    const found = only('gh release create "v${{ inputs.version }}" --generate-notes');
    expect(found).toMatchObject({ kind: "gh-release", tag: { value: "v${{ inputs.version }}" } });
    expect(makers([{ run: 'gh release create "$GITHUB_REF_NAME" --verify-tag' }])).toEqual([]);
  });
});

describe("tagging and release actions", () => {
  it("reads the output of tag actions, asking for an id when the step has none", () => {
    expect(makers([{ uses: "mathieudutour/github-tag-action@v6.2" }])[0]?.tag).toEqual({
      kind: "value",
      value: "${{ steps.tag.outputs.new_tag }}",
      needsId: "tag",
    });
    expect(makers([{ uses: "anothrNick/github-tag-action@1.75.0", id: "bump" }])[0]?.tag).toEqual({
      kind: "value",
      value: "${{ steps.bump.outputs.new_tag }}",
      needsId: null,
    });
    expect(makers([{ uses: "butlerlogic/action-autotag@1.1.2", id: "t" }])[0]?.tag).toMatchObject({
      value: "${{ steps.t.outputs.tagname }}",
    });
  });

  it("reads the inputs that name the tag", () => {
    const prefixed = makers([
      {
        uses: "pkgdeps/git-tag-action@v3",
        with: { version: "${{ steps.v.outputs.version }}", git_tag_prefix: "v" },
      },
    ]);
    expect(prefixed[0]?.tag).toMatchObject({ value: "v${{ steps.v.outputs.version }}" });
    const release = makers([
      { uses: "softprops/action-gh-release@v2", with: { tag_name: "nightly" } },
    ]);
    expect(release[0]).toMatchObject({ kind: "release-action", tag: { value: "nightly" } });
    // Without a tag input a release action releases the triggering ref: it makes no new tag.
    expect(makers([{ uses: "softprops/action-gh-release@v2" }])).toEqual([]);
    expect(makers([{ uses: "rickstaa/action-create-tag@v1" }])[0]?.tag).toMatchObject({
      unsure: expect.stringMatching(/no tag input/),
    });
  });
});
