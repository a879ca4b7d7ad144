// Replays every pipeline shape of ./shapes in the situations of ./expectations.yaml through
// getRepositoryHealth and checks the release workflow, its trigger and the one-click action.
// The harness reads the shapes' dispatch inputs with its own YAML parse, so what "the inputs
// a dispatch sends" means is checked against the files, not against lib/health's reading.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type {
  GitActor,
  ReleaseInfo,
  RepositorySnapshot,
  TagInfo,
  WorkflowFile,
  WorkflowInfo,
  WorkflowRunInfo,
} from "@/lib/health/types";
import { getRepositoryHealth, type TagHealth } from "@/lib/repository/health";
import { ago, asset, BOT, MONA, NOW, release } from "../health/factories";
import {
  type ExpectedAction,
  type Maker,
  type RunSpec,
  SCENARIOS,
  type Scenario,
  type TagSpec,
} from "./expectations";

const SHAPES = fileURLToPath(new URL("./shapes", import.meta.url));
const OWNER = "octo-maintainer";

const WEB_FLOW: GitActor = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };

type Shape = { files: WorkflowFile[]; workflows: WorkflowInfo[] };

/** The shape's workflow files in the order GitHub lists a directory (byte order of names). */
function loadShape(shape: string): Shape {
  const names = readdirSync(join(SHAPES, shape))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new Error(`shape ${shape} has no workflow files`);
  const files = names.map((name) => ({
    path: `.github/workflows/${name}`,
    text: readFileSync(join(SHAPES, shape, name), "utf8"),
  }));
  const workflows = files.map((file, index) => ({
    id: 1000 + index,
    name: workflowName(file),
    path: file.path,
    state: "active",
  }));
  return { files, workflows };
}

function parsed(file: WorkflowFile): Record<string, unknown> {
  const document = parse(file.text) as Record<string, unknown> | null;
  if (!document || typeof document !== "object") throw new Error(`${file.path} is not a mapping`);
  return document;
}

/** GitHub shows a workflow without `name:` by its path. */
function workflowName(file: WorkflowFile): string {
  const name = parsed(file).name;
  return typeof name === "string" ? name : file.path;
}

type DeclaredInput = { type: string; required: boolean; default: string | null };

/** `on.workflow_dispatch.inputs` as GitHub would apply them. */
function declaredInputs(file: WorkflowFile): Record<string, DeclaredInput> {
  const on = parsed(file).on;
  if (!on || typeof on !== "object" || Array.isArray(on)) return {};
  const dispatch = (on as Record<string, unknown>).workflow_dispatch as
    | { inputs?: Record<string, Record<string, unknown> | null> }
    | null
    | undefined;
  const inputs = dispatch?.inputs ?? {};
  return Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => [
      name,
      {
        type: typeof spec?.type === "string" ? spec.type : "string",
        required: spec?.required === true,
        default: spec?.default === undefined || spec.default === null ? null : String(spec.default),
      },
    ]),
  );
}

/** What the workflow receives for an input: the sent value, else its default, else empty/false. */
function received(name: string, input: DeclaredInput, sent: Record<string, string>): string {
  const value = sent[name];
  if (value !== undefined) return value;
  if (input.default !== null) return input.default;
  return input.type === "boolean" ? "false" : "";
}

function actor(maker: Maker): GitActor {
  if (maker === "maintainer") return MONA;
  if (maker === "github-actions") return BOT;
  if (maker === "web-flow") return WEB_FLOW;
  return { name: maker.name, email: maker.email, login: null };
}

function toRun(spec: RunSpec, tagSpec: TagSpec, shape: Shape, repo: string): WorkflowRunInfo {
  const path = `.github/workflows/${spec.file}`;
  const workflow = shape.workflows.find((candidate) => candidate.path === path);
  if (!workflow) throw new Error(`run ${spec.id}: no ${spec.file} in the shape`);
  const status = spec.status ?? "completed";
  return {
    id: spec.id,
    runNumber: spec.id % 1000,
    workflowId: workflow.id,
    workflowName: workflow.name,
    workflowPath: path,
    event: spec.event,
    status,
    conclusion: status === "completed" ? (spec.conclusion ?? "success") : null,
    branch: spec.branch ?? null,
    url: `https://github.com/${repo}/actions/runs/${spec.id}`,
    createdAt: ago(spec.daysAgo ?? tagSpec.daysAgo, -(spec.minutesAfter ?? 0)),
  };
}

function toTag(spec: TagSpec, shape: Shape, repo: string): TagInfo {
  const annotated = spec.annotated ?? spec.by !== "web-flow";
  const maker = actor(spec.by);
  const commitOid = spec.commit ?? `sha-${spec.name}`;
  return {
    name: spec.name,
    commitOid,
    commitUrl: `https://github.com/${repo}/commit/${commitOid}`,
    commitDate: ago(spec.daysAgo),
    annotated,
    tagger: annotated ? maker : null,
    taggedAt: annotated ? ago(spec.daysAgo) : null,
    commitAuthor: annotated ? MONA : maker,
    commitCommitter: annotated ? MONA : maker,
    runs: (spec.runs ?? []).map((run) => toRun(run, spec, shape, repo)),
    workflowFiles: shape.files,
  };
}

function toRelease(spec: TagSpec, repo: string): ReleaseInfo | null {
  if (!spec.release) return null;
  const r = spec.release;
  const createdAt = ago(spec.daysAgo, -(r.minutesAfter ?? 30));
  return release({
    name: spec.name,
    tagName: spec.name,
    url: `https://github.com/${repo}/releases/tag/${encodeURIComponent(spec.name)}`,
    isDraft: r.draft ?? false,
    isPrerelease: r.prerelease ?? false,
    createdAt,
    publishedAt: r.draft ? null : createdAt,
    author: r.author ?? MONA.login,
    tagCommitOid: spec.commit ?? `sha-${spec.name}`,
    assets: (r.assets ?? []).map(asset),
  });
}

function buildSnapshot(scenario: Scenario): { snapshot: RepositorySnapshot; shape: Shape } {
  const shape = loadShape(scenario.shape);
  const repo = `${OWNER}/${scenario.shape}`;
  const tags = scenario.tags.map((spec) => toTag(spec, shape, repo));
  const releases = scenario.tags
    .map((spec) => toRelease(spec, repo))
    .filter((found): found is ReleaseInfo => found !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const snapshot: RepositorySnapshot = {
    owner: OWNER,
    name: scenario.shape,
    url: `https://github.com/${repo}`,
    isPrivate: false,
    isArchived: false,
    defaultBranch: "main",
    viewerPermission: "ADMIN",
    tags,
    totalTags: tags.length,
    nextTagsCursor: null,
    releases,
    headWorkflowFiles: shape.files,
    workflows: shape.workflows,
    tagwatchConfig: scenario.tagwatchConfig ?? null,
    manifests: {},
  };
  return { snapshot, shape };
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function checkAction(
  health: TagHealth,
  expected: ExpectedAction,
  scenario: Scenario,
  shape: Shape,
): void {
  const action = health.action;
  if (expected.kind === "none") {
    expect(action, "no dispatch or re-run for this tag").toBeNull();
    return;
  }
  if (expected.kind === "rerun") {
    expect(action?.kind, "the fix is a re-run of the release run").toBe("rerun");
    if (action?.kind === "rerun") expect(action.runId).toBe(expected.runId);
    return;
  }
  expect(action?.kind, "the fix is a dispatch of the release workflow").toBe("dispatch");
  if (action?.kind !== "dispatch") return;
  expect(action.ref).toBe(scenario.examine);
  const expectedFiles = scenario.expect.releaseWorkflow
    ? list(scenario.expect.releaseWorkflow.file)
    : [];
  if (expectedFiles.length > 0) expect(expectedFiles).toContain(action.workflow.file);
  const file = shape.files.find((candidate) => candidate.path === action.workflow.path);
  expect(file, `the dispatched workflow ${action.workflow.path} is in the shape`).toBeDefined();
  if (!file) return;
  const declared = declaredInputs(file);
  // Never an input GitHub would reject as unexpected.
  for (const name of Object.keys(action.inputs)) {
    expect(Object.keys(declared), `input ${name} is declared by ${file.path}`).toContain(name);
  }
  if (expected.needsReview) {
    expect(action.needsReview, "the dispatch asks for review").toBe(true);
    expect(action.reviewReasons.length, "review reasons are given").toBeGreaterThan(0);
    for (const name of expected.review) {
      const suggestion = action.suggestions.find((candidate) => candidate.name === name);
      expect(suggestion, `a suggestion for input ${name}`).toBeDefined();
      expect(suggestion?.confident, `input ${name} is marked for review`).toBe(false);
    }
    return;
  }
  expect(action.needsReview, `one click, no review (${action.reviewReasons.join("; ")})`).toBe(
    false,
  );
  for (const [name, input] of Object.entries(declared)) {
    if (input.required && input.default === null) {
      expect(Object.keys(action.inputs), `required input ${name} is sent`).toContain(name);
    }
    const wanted =
      name in expected.inputs ? list(expected.inputs[name]) : [received(name, input, {})];
    expect(wanted, `input ${name} as the workflow receives it`).toContain(
      received(name, input, action.inputs),
    );
  }
  for (const name of Object.keys(expected.inputs)) {
    expect(Object.keys(declared), `expected input ${name} is declared`).toContain(name);
  }
  if (expected.addDispatchTrigger) {
    expect(action.workflow.hasDispatchTrigger).toBe(false);
    expect(action.yamlToAdd, "says to add workflow_dispatch").toBeTruthy();
  } else {
    expect(action.workflow.hasDispatchTrigger).toBe(true);
    expect(action.yamlToAdd).toBeNull();
  }
}

function judge(scenario: Scenario): void {
  const { snapshot, shape } = buildSnapshot(scenario);
  const health = getRepositoryHealth(snapshot, { now: NOW }).tags.find(
    (candidate) => candidate.name === scenario.examine,
  );
  expect(health, `tag ${scenario.examine} is judged`).toBeDefined();
  if (!health) return;
  const want = scenario.expect;
  if (want.status) expect(health.status, "status").toBe(want.status);
  if (want.statusNot) expect(want.statusNot, "status").not.toContain(health.status);

  if (want.releaseWorkflow === null) {
    expect(health.releaseWorkflow, "no release workflow applies").toBeNull();
  } else if (want.releaseWorkflow) {
    const workflow = health.releaseWorkflow;
    expect(workflow, "a release workflow is named").not.toBeNull();
    if (workflow) {
      expect(list(want.releaseWorkflow.file), `release workflow (${workflow.evidence})`).toContain(
        workflow.file,
      );
      expect(list(want.releaseWorkflow.trigger), "trigger").toContain(workflow.trigger);
      if (want.releaseWorkflow.chosenBy) {
        expect(workflow.chosenBy, `evidence (${workflow.evidence})`).toBe(
          want.releaseWorkflow.chosenBy,
        );
      }
      if (want.releaseWorkflow.releaseTypes) {
        expect([...workflow.releaseTypes].sort(), "release types").toEqual(
          [...want.releaseWorkflow.releaseTypes].sort(),
        );
      }
      if (want.releaseWorkflow.upstream) {
        expect(workflow.upstream, "upstream workflows").toEqual(want.releaseWorkflow.upstream);
      }
    }
  }

  const runIds = health.runs.map((run) => run.id);
  for (const id of want.runsInclude ?? []) {
    expect(runIds, `run ${id} is listed as a release run`).toContain(id);
  }
  for (const id of want.runsExclude ?? []) {
    expect(runIds, `run ${id} is not a release run`).not.toContain(id);
  }
  if (want.action) checkAction(health, want.action, scenario, shape);
}

describe("real release pipeline shapes", () => {
  it("every shape in ./shapes is exercised and every scenario's runs name a file of its shape", () => {
    const shapes = readdirSync(SHAPES).sort();
    const used = new Set(SCENARIOS.map((scenario) => scenario.shape));
    expect(shapes.filter((shape) => !used.has(shape))).toEqual([]);
    for (const scenario of SCENARIOS) {
      expect(() => buildSnapshot(scenario), scenario.title).not.toThrow();
      expect(
        scenario.tags.map((spec) => spec.name),
        scenario.title,
      ).toContain(scenario.examine);
    }
  });

  for (const shape of [...new Set(SCENARIOS.map((scenario) => scenario.shape))]) {
    describe(shape, () => {
      for (const scenario of SCENARIOS.filter((candidate) => candidate.shape === shape)) {
        it(scenario.title, () => judge(scenario));
      }
    });
  }
});
