import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { HealthJson } from "@/lib/repository/json";
import { runTagwatch } from "./tagwatch";

// Every way a workflow makes a tag with its GITHUB_TOKEN (simulator/scenarios/tagging.yaml, one
// repository each), through tagwatch's production server: the bot's tag v1.1.0 started no release
// run (GitHub starts no runs for events made with GITHUB_TOKEN), and Fix the pipeline finds the
// step that made it and plans a dispatch of release.yml right after it, naming that tag.

const tagwatch = runTagwatch({ scenario: "tagging" });

const OWNER = "tagging-zoo";
const TAG = "v1.1.0";
const DISPATCH = 'gh workflow run release.yml --ref "$TAG" -R "$GITHUB_REPOSITORY"';
/** A push of every tag at the commit (`--tags`, `--follow-tags`): each one is dispatched. */
const DISPATCH_EACH = [
  "for tag in $(git tag --points-at HEAD); do",
  '  gh workflow run release.yml --ref "$tag" -R "$GITHUB_REPOSITORY"',
  "done",
  "",
].join("\n");
/** A GitHub expression, `${{ inner }}`, as text. */
const expression = (inner: string) => `$\{{ ${inner} }}`;
/** What a script's step records when only its script knows the tag's name. */
const RECORDED = expression("steps.tagging.outputs.pushed-tag");

type Shape = {
  repo: string;
  /** The tagging workflow and, in it, the job and step that make the tag. */
  file: string;
  job: string;
  step: string;
  /** How the new step names the tag: its TAG env, or null when it dispatches each tag at HEAD. */
  tag: string | null;
  /** The new step's `if:` (it runs only when a tag was made), null for none. */
  condition: string | null;
};

const SHAPES: Shape[] = [
  // The pushed tag is a shell variable only the script knows: the script records it.
  {
    repo: "tag-push",
    file: "tag.yml",
    job: "tag",
    step: "Tag the next patch version",
    tag: RECORDED,
    condition: "steps.tagging.outputs.pushed-tag != ''",
  },
  {
    repo: "annotated-main",
    file: "bump.yml",
    job: "bump",
    step: "Commit and tag",
    tag: RECORDED,
    condition: "steps.tagging.outputs.pushed-tag != ''",
  },
  {
    repo: "refs-tags",
    file: "tag.yml",
    job: "tag",
    step: "Push the package version as a tag",
    tag: RECORDED,
    condition: "steps.tagging.outputs.pushed-tag != ''",
  },
  // The tag comes from an earlier step's output, through the step's env: the new step reads it.
  {
    repo: "signed-atomic",
    file: "release-commit.yml",
    job: "tag",
    step: "Sign and push the tag",
    tag: expression("steps.version.outputs.tag"),
    condition: "steps.version.outputs.tag != ''",
  },
  // Every tag at HEAD is pushed.
  {
    repo: "push-tags",
    file: "nightly.yml",
    job: "tag",
    step: 'git tag "v0.0.0-nightly.$(date +%Y%m%d)"',
    tag: null,
    condition: null,
  },
  {
    repo: "follow-tags",
    file: "version.yml",
    job: "version",
    step: "Bump and push with the tag",
    tag: null,
    condition: null,
  },
  // The REST API makes the ref from a dispatch input: the same expression names the tag.
  {
    repo: "gh-api",
    file: "tag.yml",
    job: "tag",
    step: "Create the tag ref",
    tag: `v${expression("inputs.version")}`,
    condition: null,
  },
  {
    repo: "github-script",
    file: "tag.yml",
    job: "tag",
    step: "Create tag",
    tag: `v${expression("inputs.version")}`,
    condition: null,
  },
  // Actions that make the tag and say which in an output (empty when they made none).
  {
    repo: "tag-action",
    file: "bump.yml",
    job: "tag",
    step: "Bump version and push tag",
    tag: expression("steps.tag.outputs.new_tag"),
    condition: "steps.tag.outputs.new_tag != ''",
  },
  {
    repo: "release-please",
    file: "release-please.yml",
    job: "release-please",
    step: "googleapis/release-please-action@v4",
    tag: expression("steps.release.outputs.tag_name"),
    condition: "steps.release.outputs.tag_name != ''",
  },
];

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
};
type Workflow = {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
};
type Preview = {
  title: string;
  body: string;
  branch: string;
  files: { path: string; before: string; after: string }[];
};

const stepLabel = (step: Step) =>
  step.name ?? step.uses ?? (step.run ?? "").trim().split("\n")[0]?.slice(0, 60);

async function expectNotTriggeredByGitHubToken(repo: string) {
  const session = await tagwatch().signIn("octo-maintainer");
  const response = await session.get(`/api/repos/${OWNER}/${repo}/health`);
  expect(response.status, repo).toBe(200);
  const health = (await response.json()) as HealthJson;
  const tag = health.tags.find((candidate) => candidate.name === TAG);
  expect(tag?.status, repo).toBe("not-triggered");
  expect(tag?.pushedBy, repo).toBe("github-actions[bot]");
  expect(
    tag?.findings.map((finding) => finding.cause),
    repo,
  ).toContain("github-token");
  expect(tag?.releaseWorkflow?.file, repo).toBe("release.yml");
  // The tag before it was pushed by a person and shipped: the scenario's release works.
  expect(health.tags.find((candidate) => candidate.name === "v1.0.0")?.status, repo).toBe(
    "healthy",
  );
  return session;
}

describe("tagging shapes: a bot's tag, its health and the planned pipeline fix", () => {
  it.each(SHAPES)(
    "$repo: dispatches release.yml right after the step that makes the tag",
    async (shape) => {
      const session = await expectNotTriggeredByGitHubToken(shape.repo);
      const response = await session.get(
        `/api/repos/${OWNER}/${shape.repo}/pipeline-fix?tag=${encodeURIComponent(TAG)}`,
      );
      expect(response.status, shape.repo).toBe(200);
      const preview = (await response.json()) as Preview;
      const path = `.github/workflows/${shape.file}`;
      // Only the tagging workflow changes: release.yml already has workflow_dispatch.
      expect(preview.files.map((file) => file.path)).toEqual([path]);
      expect(preview.title).toBe(`Dispatch release.yml after ${shape.file} pushes a tag`);
      expect(preview.body).toContain(
        `${path}: after the step "${shape.step}" (job ${shape.job}), a step runs gh workflow run release.yml`,
      );
      expect(preview.body).toContain(
        `gh workflow run release.yml --ref ${TAG} -R ${OWNER}/${shape.repo}`,
      );

      const [file] = preview.files;
      const before = parse(file?.before ?? "") as Workflow;
      const after = parse(file?.after ?? "") as Workflow;
      const oldSteps = before.jobs[shape.job]?.steps ?? [];
      const newSteps = after.jobs[shape.job]?.steps ?? [];
      // One step more, right after the tagging step; every other step as it was (ids aside).
      expect(newSteps).toHaveLength(oldSteps.length + 1);
      const at = oldSteps.findIndex((step) => stepLabel(step) === shape.step);
      expect(at, `${shape.repo}: the step is in the file`).toBeGreaterThanOrEqual(0);
      expect(stepLabel(newSteps[at] as Step)).toBe(shape.step);
      expect(newSteps.slice(at + 2).map(stepLabel)).toEqual(oldSteps.slice(at + 1).map(stepLabel));
      const added = newSteps[at + 1] as Step;
      expect(added.env?.GH_TOKEN).toBe(expression("github.token"));
      if (shape.tag === null) {
        expect(added.run).toBe(DISPATCH_EACH);
        expect(added.env?.TAG).toBeUndefined();
      } else {
        expect(added.run).toBe(DISPATCH);
        expect(added.env?.TAG).toBe(shape.tag);
      }
      expect(added.if ?? null).toBe(shape.condition);
      // The job's token may dispatch: actions: write where the permissions are declared.
      const permissions = after.jobs[shape.job]?.permissions ?? after.permissions;
      expect(permissions).toMatchObject({ contents: "write", actions: "write" });
    },
  );

  it("a tag named by a sourced script: no pull request, the reason names the step it cannot read", async () => {
    const session = await expectNotTriggeredByGitHubToken("sourced-script");
    // The tag row still offers Fix the pipeline; the dialog then shows the options by hand.
    const health = (await (
      await session.get(`/api/repos/${OWNER}/sourced-script/health`)
    ).json()) as HealthJson;
    expect(health.tags.find((tag) => tag.name === TAG)?.releaseWorkflow?.hasDispatchTrigger).toBe(
      true,
    );
    const response = await session.get(
      `/api/repos/${OWNER}/sourced-script/pipeline-fix?tag=${encodeURIComponent(TAG)}`,
    );
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not-found");
    expect(body.error.message).toContain('tag.yml (job tag), step "Tag the release"');
    expect(body.error.message).toContain("$TAG is set where tagwatch cannot see it");
  });
});
