/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: GitHub expressions ${{ }} are literal text here */
import { describe, expect, it } from "vitest";
import { isMap, isSeq, parse, parseDocument } from "yaml";
import type { DispatchInput, WorkflowFile } from "@/lib/health/types";
import { readDispatchInputs } from "@/lib/pipeline-fix/dispatch-step";
import { addDispatchTrigger } from "@/lib/pipeline-fix/dispatch-trigger";
import type { FileEdit } from "@/lib/pipeline-fix/fix";
import { pipelineFixOffer } from "@/lib/pipeline-fix/offer";
import { planAddDispatchFix, planDispatchStepFix } from "@/lib/pipeline-fix/plan";
import { describePipelineFix } from "@/lib/pipeline-fix/pull-request";

// Tagging workflows of our own, in the shapes real repositories write them. Each result is parsed
// and every line the fix did not mean to touch is compared byte for byte.

const RELEASE = `name: Release
on:
  push:
    tags: ["v*"]
  workflow_dispatch:
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
`;

const RELEASE_NO_DISPATCH = `# Ships binaries for every tag.
name: Release
on:
  push:
    tags: ['v*']   # semver tags only

permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
`;

const file = (path: string, text: string): WorkflowFile => ({ path, text });
const release = (text = RELEASE) => file(".github/workflows/release.yml", text);

type Step = Record<string, unknown> & { env?: Record<string, string>; run?: string };

/**
 * Every line of `before` is in `after`, in order and byte for byte, apart from the `replaced`
 * lines ([before, after] pairs); returns the lines the fix added.
 */
function addedLines(before: string, after: string, replaced: [string, string][] = []): string[] {
  const old = before.split("\n");
  let next = after.split("\n");
  for (const [was, now] of replaced) {
    expect(next, `the line "${now}"`).toContain(now);
    next = next.map((line) => (line === now ? was : line));
  }
  const added: string[] = [];
  let index = 0;
  for (const line of next) {
    if (index < old.length && line === old[index]) index++;
    else added.push(line);
  }
  expect(index, "every original line is kept, in order").toBe(old.length);
  return added;
}

function stepsOf(edit: FileEdit, job: string): Step[] {
  const document = parse(edit.after) as { jobs: Record<string, { steps: Step[] }> };
  return document.jobs[job]?.steps ?? [];
}

function fixFor(tagging: string, releaseText = RELEASE, inputs?: DispatchInput[]) {
  const result = planDispatchStepFix({
    files: [file(".github/workflows/bump.yml", tagging), release(releaseText)],
    releasePath: ".github/workflows/release.yml",
    ...(inputs ? { releaseInputs: inputs } : {}),
  });
  if (!result.fix) throw new Error(`no fix: ${result.reason}`);
  return result.fix;
}

describe("the dispatch step inserted after the step that pushes the tag", () => {
  it("follows a shell git push --follow-tags, dispatching every tag at HEAD, and keeps comments and blank lines", () => {
    const tagging = `# Bumps the patch version on every push to main.
name: Auto release
"on":
  push:
    branches: [main]   # only main

permissions:
  contents: write   # push the tag

jobs:
  bump:
    if: "!startsWith(github.event.head_commit.message, 'chore(release)')"
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      # configure the bot identity, then tag
      - run: |
          git config user.name "github-actions[bot]"
          npm version patch -m "chore(release): %s"
          git push --follow-tags

      - name: Announce
        run: echo done
`;
    const fix = fixFor(tagging);
    const edit = fix.files[0] as FileEdit;
    expect(edit.path).toBe(".github/workflows/bump.yml");
    const added = addedLines(tagging, edit.after);
    expect(added).toContain("  actions: write");
    const steps = stepsOf(edit, "bump");
    expect(steps).toHaveLength(4);
    const step = steps[2] as Step;
    expect(step.name).toBe("Dispatch the release workflow for the new tag");
    expect(step.env).toEqual({ GH_TOKEN: "${{ github.token }}" });
    expect(step.run).toContain("for tag in $(git tag --points-at HEAD); do");
    expect(step.run).toContain('gh workflow run release.yml --ref "$tag" -R "$GITHUB_REPOSITORY"');
    expect((steps[3] as Step).name).toBe("Announce");
    expect(parse(edit.after).permissions).toEqual({ contents: "write", actions: "write" });
    // The release workflow already has workflow_dispatch: one file only.
    expect(fix.files).toHaveLength(1);
    expect(fix.tagging).toMatchObject({ job: "bump", index: 1, kind: "git-push" });
  });

  it('records a tag only the script knows (git tag -a "$next" + git push origin main "$next") right after its push', () => {
    const tagging = `name: Auto release
on:
  push:
    branches: [main]
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Tag the next version
        run: |
          next=$(npx semver -i patch "$(git describe --tags --abbrev=0)")
          git tag -a "$next" -m "Release $next"
          git push origin main "$next"
          echo "pushed $next"
`;
    const fix = fixFor(tagging);
    const edit = fix.files[0] as FileEdit;
    expect(addedLines(tagging, edit.after).slice(0, 3)).toEqual([
      "  actions: write",
      '          echo pushed-tag="${next}" >> "$GITHUB_OUTPUT"',
      "        id: tagging",
    ]);
    const steps = stepsOf(edit, "release");
    expect((steps[1] as Step).run?.split("\n").slice(2, 4)).toEqual([
      'git push origin main "$next"',
      'echo pushed-tag="${next}" >> "$GITHUB_OUTPUT"',
    ]);
    const step = steps[2] as Step;
    expect(step.if).toBe("steps.tagging.outputs.pushed-tag != ''");
    expect(step.env).toEqual({
      GH_TOKEN: "${{ github.token }}",
      TAG: "${{ steps.tagging.outputs.pushed-tag }}",
    });
    expect(step.run).toBe('gh workflow run release.yml --ref "$TAG" -R "$GITHUB_REPOSITORY"');
  });

  it("turns a one-line run: into a block to record its tag", () => {
    const tagging = `on: { push: { branches: [main] } }
jobs:
  tag:
    runs-on: ubuntu-latest
    steps:
      - id: tagging
        run: V="v$(date +%Y.%m.%d)" && git tag "$V" && git push --atomic origin HEAD:main "$V"
`;
    const edit = fixFor(tagging).files[0] as FileEdit;
    const steps = stepsOf(edit, "tag");
    expect((steps[0] as Step).run).toBe(
      'V="v$(date +%Y.%m.%d)" && git tag "$V" && git push --atomic origin HEAD:main "$V"\necho pushed-tag="${V}" >> "$GITHUB_OUTPUT"\n',
    );
    expect((steps[1] as Step).env?.TAG).toBe("${{ steps.tagging.outputs.pushed-tag }}");
  });

  it("reads the tag from mathieudutour/github-tag-action's output, giving the step an id when it has none", () => {
    const tagging = `name: Tag
on:
  push:
    branches:
      - main
jobs:
  tag:
    runs-on: ubuntu-latest
    permissions: { contents: write }
    steps:
    - uses: actions/checkout@v4
    - name: Bump version and push tag
      uses: mathieudutour/github-tag-action@v6.2
      with:
        github_token: \${{ secrets.GITHUB_TOKEN }}
`;
    const fix = fixFor(tagging);
    const edit = fix.files[0] as FileEdit;
    const added = addedLines(tagging, edit.after, [
      [
        "    permissions: { contents: write }",
        "    permissions: { contents: write, actions: write }",
      ],
    ]);
    expect(added).toContain("      id: tag");
    const steps = stepsOf(edit, "tag");
    expect(steps[1]?.id).toBe("tag");
    expect(steps[2]).toMatchObject({
      if: "steps.tag.outputs.new_tag != ''",
      env: { GH_TOKEN: "${{ github.token }}", TAG: "${{ steps.tag.outputs.new_tag }}" },
      run: 'gh workflow run release.yml --ref "$TAG" -R "$GITHUB_REPOSITORY"',
    });
  });

  it("dispatches after release-please with the tag it made, only on the runs that made one", () => {
    const tagging = `name: release-please
on:
  push:
    branches: [main]
permissions:
  contents: write
  pull-requests: write
jobs:
  release-please:
    runs-on: ubuntu-latest
    steps:
      - uses: googleapis/release-please-action@v4
        id: release
        with:
          release-type: simple
`;
    const fix = fixFor(tagging);
    expect(fix.tagging).toMatchObject({ job: "release-please", index: 0, kind: "tag-action" });
    const steps = stepsOf(fix.files[0] as FileEdit, "release-please");
    expect(steps[1]).toMatchObject({
      if: "steps.release.outputs.tag_name != ''",
      env: { GH_TOKEN: "${{ github.token }}", TAG: "${{ steps.release.outputs.tag_name }}" },
      run: 'gh workflow run release.yml --ref "$TAG" -R "$GITHUB_REPOSITORY"',
    });
  });

  it("uses an existing step id of anothrNick/github-tag-action and adds actions: write to the job", () => {
    const tagging = `name: Tag
on: { push: { branches: [main] } }
jobs:
  tag:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      actions: read
    steps:
      - uses: actions/checkout@v4
      - id: bump
        uses: anothrNick/github-tag-action@1.71.0
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`;
    const fix = fixFor(tagging);
    const edit = fix.files[0] as FileEdit;
    const added = addedLines(tagging, edit.after, [
      ["      actions: read", "      actions: write"],
    ]);
    expect(added.join("\n")).not.toContain("id:");
    const document = parse(edit.after) as {
      jobs: { tag: { permissions: Record<string, string>; steps: Step[] } };
    };
    expect(document.jobs.tag.permissions).toEqual({ contents: "write", actions: "write" });
    expect(document.jobs.tag.steps[2]?.env?.TAG).toBe("${{ steps.bump.outputs.new_tag }}");
  });

  it("follows gh release create with the tag it names, copying the step's condition", () => {
    const tagging = `name: Publish
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make test
  publish:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: 'Create the release'
        if: github.ref == 'refs/heads/main'
        run: gh release create "v\${{ github.run_number }}" --generate-notes
        env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`;
    const fix = fixFor(tagging);
    const edit = fix.files[0] as FileEdit;
    addedLines(tagging, edit.after);
    const steps = stepsOf(edit, "publish");
    expect(steps[2]).toMatchObject({
      if: "github.ref == 'refs/heads/main'",
      env: { TAG: "v${{ github.run_number }}" },
    });
    expect(stepsOf(edit, "build")).toHaveLength(1);
    // No permissions anywhere: the repository default (read/write) already includes actions.
    expect(parse(edit.after).permissions).toBeUndefined();
  });

  it("follows rickstaa/action-create-tag with its tag input", () => {
    const tagging = `on:
  workflow_dispatch:
  push:
    branches: [main]
jobs:
  tag:
    runs-on: ubuntu-latest
    steps:
      - uses: rickstaa/action-create-tag@v1
        with:
          tag: "v1.2.\${{ github.run_number }}"
          message: Latest release
`;
    const edit = fixFor(tagging).files[0] as FileEdit;
    addedLines(tagging, edit.after);
    expect(stepsOf(edit, "tag")[1]?.env?.TAG).toBe("v1.2.${{ github.run_number }}");
  });

  it("adds workflow_dispatch to the release workflow in the same change, and fills its inputs from the tag", () => {
    const tagging = `on:
  push:
    branches: [main]
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: git tag "v$(cat VERSION)" && git push origin --tags
`;
    const fix = fixFor(tagging, RELEASE_NO_DISPATCH);
    expect(fix.files.map((edit) => edit.path)).toEqual([
      ".github/workflows/bump.yml",
      ".github/workflows/release.yml",
    ]);
    const releaseEdit = fix.files[1] as FileEdit;
    expect(addedLines(RELEASE_NO_DISPATCH, releaseEdit.after)).toEqual(["  workflow_dispatch:"]);
    expect(Object.keys(parse(releaseEdit.after).on)).toEqual(["push", "workflow_dispatch"]);
  });

  it("passes declared inputs as -f values, with the tag as a shell variable", () => {
    const tagging = `on: { push: { branches: [main] } }
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: git push --tags
`;
    const inputs: DispatchInput[] = [
      {
        name: "channel",
        type: "string",
        required: false,
        default: "stable",
        options: null,
        description: null,
      },
    ];
    const edit = fixFor(tagging, RELEASE, inputs).files[0] as FileEdit;
    expect(stepsOf(edit, "bump")[1]?.run).toContain('--ref "$tag"');
    expect(stepsOf(edit, "bump")[1]?.run).toContain('-f channel="stable"');
  });

  it("keeps CRLF line endings and a file without a final newline", () => {
    const tagging =
      "on:\r\n  push:\r\n    branches: [main]\r\njobs:\r\n  bump:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: git push --follow-tags";
    const edit = fixFor(tagging).files[0] as FileEdit;
    expect(edit.after.startsWith(tagging)).toBe(true);
    expect(edit.after.slice(tagging.length).split("\r\n").length).toBeGreaterThan(3);
    expect(edit.after.replace(/\r\n/g, "").includes("\n")).toBe(false);
    expect(parseDocument(edit.after).errors).toEqual([]);
  });

  it("prefers the workflow whose run made the tag when several push tags", () => {
    const a = `on: { push: { branches: [main] } }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: git push --tags
`;
    const b = a.replace("  a:", "  b:");
    const files = [
      file(".github/workflows/a.yml", a),
      file(".github/workflows/b.yml", b),
      release(),
    ];
    const unsure = planDispatchStepFix({
      files,
      releasePath: ".github/workflows/release.yml",
      releaseInputs: [],
    });
    expect(unsure.fix).toBeNull();
    expect(unsure.reason).toMatch(/Several jobs/);
    const known = planDispatchStepFix({
      files,
      releasePath: ".github/workflows/release.yml",
      releaseInputs: [],
      taggingPath: ".github/workflows/b.yml",
    });
    expect(known.fix?.files[0]?.path).toBe(".github/workflows/b.yml");
  });

  it("offers nothing when it cannot tell where or which tag", () => {
    const noTagging = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
`;
    expect(
      planDispatchStepFix({
        files: [file(".github/workflows/ci.yml", noTagging), release()],
        releasePath: ".github/workflows/release.yml",
        releaseInputs: [],
      }).reason,
    ).toMatch(/no workflow step that creates or pushes tags/);
    const unseen = `on: { push: { branches: [main] } }
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - name: Publish
        run: |
          ./scripts/prepare
          git push origin "$RELEASE_TAG"
`;
    expect(
      planDispatchStepFix({
        files: [file(".github/workflows/p.yml", unseen), release()],
        releasePath: ".github/workflows/release.yml",
        releaseInputs: [],
      }).reason,
    ).toBe(
      'tagwatch found where tags are made but not which tag: p.yml (job publish), step "Publish": the tag $RELEASE_TAG is set where tagwatch cannot see it.',
    );
    const flow = `on: { push: { branches: [main] } }
jobs:
  t:
    runs-on: ubuntu-latest
    steps: [{ run: git push --tags }]
`;
    expect(
      planDispatchStepFix({
        files: [file(".github/workflows/t.yml", flow), release()],
        releasePath: ".github/workflows/release.yml",
        releaseInputs: [],
      }).reason,
    ).toMatch(/flow sequence/);
  });

  it("leaves the release workflow itself out (its gh release create runs on the tag)", () => {
    const releaseCreates = `on:
  push:
    tags: ["v*"]
  workflow_dispatch:
jobs:
  r:
    runs-on: ubuntu-latest
    steps:
      - run: gh release create "$GITHUB_REF_NAME"
`;
    const result = planDispatchStepFix({
      files: [file(".github/workflows/release.yml", releaseCreates)],
      releasePath: ".github/workflows/release.yml",
      releaseInputs: [],
    });
    expect(result.fix).toBeNull();
  });

  it("does not offer the fix twice", () => {
    const tagging = `on: { push: { branches: [main] } }
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: git push --tags
`;
    const once = fixFor(tagging).files[0] as FileEdit;
    const twice = planDispatchStepFix({
      files: [file(".github/workflows/bump.yml", once.after), release()],
      releasePath: ".github/workflows/release.yml",
      releaseInputs: [],
    });
    expect(twice.reason).toMatch(/already dispatches release\.yml/);
  });
});

describe("adding workflow_dispatch to a release workflow", () => {
  const cases: [string, string, unknown][] = [
    ["a block map", RELEASE_NO_DISPATCH, { push: { tags: ["v*"] }, workflow_dispatch: null }],
    ["a scalar", "on: push\njobs: {}\n", ["push", "workflow_dispatch"]],
    [
      "a flow sequence",
      "on: [push, release]\njobs: {}\n",
      ["push", "release", "workflow_dispatch"],
    ],
    [
      "a flow map",
      "'on': { push: { tags: [v*] } }\njobs: {}\n",
      { push: { tags: ["v*"] }, workflow_dispatch: null },
    ],
    [
      "a block sequence",
      "on:\n  - push\n  - release # both\njobs: {}\n",
      ["push", "release", "workflow_dispatch"],
    ],
  ];
  for (const [shape, text, expected] of cases) {
    it(`edits ${shape} in place`, () => {
      const edit = addDispatchTrigger(file(".github/workflows/r.yml", text));
      if (!edit || "error" in edit) throw new Error("no edit");
      expect(parse(edit.after).on).toEqual(expected);
      // Everything outside the on: value is unchanged.
      const document = parseDocument(text);
      const root = document.contents;
      if (!isMap(root)) throw new Error("not a map");
      expect(edit.after.endsWith("jobs: {}\n") || edit.after.includes("jobs:\n")).toBe(true);
      expect(isSeq(root.items[0]?.value) || isMap(root.items[0]?.value) || true).toBe(true);
    });
  }

  it("says so when the trigger is already there", () => {
    expect(planAddDispatchFix(release()).reason).toMatch(/already has workflow_dispatch/);
    const fix = planAddDispatchFix(release(RELEASE_NO_DISPATCH)).fix;
    expect(fix?.files).toHaveLength(1);
  });
});

describe("the pull request and the row's offer", () => {
  it("reads the release workflow's dispatch inputs and passes them with the tag", () => {
    const withInputs = `on:
  push:
    tags: ["v*"]
  workflow_dispatch:
    inputs:
      channel:
        type: choice
        options: [stable, beta]
        default: stable
      dry-run:
        type: boolean
        default: false
`;
    expect(readDispatchInputs(withInputs)).toEqual([
      expect.objectContaining({ name: "channel", type: "choice", options: ["stable", "beta"] }),
      expect.objectContaining({ name: "dry-run", type: "boolean", default: "false" }),
    ]);
    const tagging = `on: { push: { branches: [main] } }
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: git push --follow-tags
`;
    const edit = fixFor(tagging, withInputs).files[0] as FileEdit;
    expect(stepsOf(edit, "bump")[1]?.run).toContain('-f channel="stable" -f dry-run="false"');
  });

  it("explains GitHub's rule, what changed and how to verify", () => {
    const tagging = `on: { push: { branches: [main] } }
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - run: git push --follow-tags
`;
    const fix = fixFor(tagging);
    const { title, body } = describePipelineFix(fix, {
      tag: "v0.1.2",
      releaseFile: "release.yml",
      repository: "octo/cli",
      shipCommand: "gh workflow run release.yml --ref v0.1.2 -f tag=v0.1.2 -R octo/cli",
    });
    expect(title).toBe("Dispatch release.yml after bump.yml pushes a tag");
    expect(body).toMatch(/GITHUB_TOKEN/);
    expect(body).toMatch(/workflow_dispatch/);
    expect(body).toMatch(/### What changes[\s\S]*bump\.yml/);
    expect(body).toMatch(/### How to verify/);
    // The tag's own command, inputs and all, as its row shows it.
    expect(body).toContain(
      "ship it once with `gh workflow run release.yml --ref v0.1.2 -f tag=v0.1.2 -R octo/cli`.",
    );
  });

  it("offers Fix the pipeline for GITHUB_TOKEN tags and missing workflow_dispatch, Enable for a disabled workflow", () => {
    const workflow = { hasDispatchTrigger: true, state: "active" };
    expect(
      pipelineFixOffer({
        status: "not-triggered",
        findings: [{ cause: "github-token" }],
        releaseWorkflow: workflow,
      }),
    ).toBe("fix-pipeline");
    expect(
      pipelineFixOffer({
        status: "not-triggered",
        findings: [{ cause: "no-matching-workflow" }],
        releaseWorkflow: { ...workflow, hasDispatchTrigger: false },
      }),
    ).toBe("fix-pipeline");
    expect(
      pipelineFixOffer({
        status: "not-triggered",
        findings: [{ cause: "workflow-disabled" }],
        releaseWorkflow: { ...workflow, state: "disabled_manually" },
      }),
    ).toBe("enable-and-dispatch");
    expect(
      pipelineFixOffer({ status: "run-failed", findings: [{}], releaseWorkflow: workflow }),
    ).toBeNull();
    expect(
      pipelineFixOffer({ status: "healthy", findings: [], releaseWorkflow: workflow }),
    ).toBeNull();
  });
});
