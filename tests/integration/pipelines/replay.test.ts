// Issue 10's "done when", end to end: every situation of tests/unit/pipelines/expectations is
// replayed in the GitHub simulator (./replay-scenario.ts generates the scenario from the shape
// files), read with the app's real loadRepositoryHealth over HTTP, and judged against the table;
// then the app's dispatchTag is used on the simulator: a confident dispatch must be accepted with
// exactly the expected inputs and make the tag healthy, a review or add-a-trigger dispatch must be
// refused with a 4xx before anything reaches GitHub.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { AppError } from "@/lib/errors";
import { createGitHubClient, type GitHubClient } from "@/lib/github/client";
import type { TagHealth } from "@/lib/repository/health";
import { invalidateRepositoryHealth, loadRepositoryHealth } from "@/lib/repository/load";
import { dispatchTag } from "@/lib/tag-actions/dispatch";
import { rerunRun } from "@/lib/tag-actions/rerun";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { declaredInputs } from "@/simulator/src/state/dispatch-inputs";
import { SCENARIOS, type Scenario } from "../../unit/pipelines/expectations";
import {
  buildReplayScenario,
  OWNER,
  type RepoPlan,
  repoName,
  SHAPES,
  shapeFiles,
  TOKEN,
} from "./replay-scenario";

const RUN_STEP_MS = 40;

/**
 * Where the app (lib/health, lib/github) disagrees with the expectations when the situation is
 * replayed through the simulator. Each entry must still be wrong: when the app is fixed, the
 * test fails and the entry has to go. `problem` is a substring of the reported disagreement.
 */
const KNOWN_APP_GAPS: { repo: string; problem: string; why: string }[] = [];

const built = buildReplayScenario();
let sim: RunningSimulator;
let scenarioDirectory = "";
let client: GitHubClient;

type SimRun = { id: number; path: string; event: string; head_sha: string; head_branch: string };

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `token ${TOKEN}` },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** Waits until the tag reads healthy, reloaded afresh each time: the simulator's runs move on by themselves. */
async function settlesHealthy(repo: string, tag: string): Promise<void> {
  await vi.waitFor(
    async () => {
      // A read lets the simulator apply completed runs; a workflow_run chain may follow.
      await api(`/repos/${OWNER}/${repo}`);
      await invalidateRepositoryHealth(OWNER, repo);
      const health = await loadRepositoryHealth(client, OWNER, repo);
      const after = health.tags.find((one) => one.name === tag);
      expect(after?.status, JSON.stringify(after?.findings)).toBe("healthy");
    },
    { timeout: 15_000, interval: RUN_STEP_MS },
  );
}

async function simRuns(repo: string): Promise<SimRun[]> {
  const data = await api<{ workflow_runs: SimRun[] }>(
    `/repos/${OWNER}/${repo}/actions/runs?per_page=100`,
  );
  return data.workflow_runs;
}

async function tagCommits(repo: string): Promise<Map<string, string>> {
  const tags = await api<{ name: string; commit: { sha: string } }[]>(
    `/repos/${OWNER}/${repo}/tags?per_page=100`,
  );
  return new Map(tags.map((tag) => [tag.name, tag.commit.sha]));
}

type Dispatch = {
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
};

/** Dispatch requests for a repository that reached the simulator, accepted or not. */
async function dispatchRequests(repo: string): Promise<string[]> {
  const response = await fetch(`${sim.url}/_simulator/requests`);
  const data = (await response.json()) as { requests: { method: string; path: string }[] };
  return data.requests
    .filter((one) => one.method === "POST" && one.path.includes(`/${repo}/actions/`))
    .map((one) => one.path);
}

async function dispatches(repo: string): Promise<Dispatch[]> {
  const response = await fetch(`${sim.url}/_simulator/dispatches`);
  const data = (await response.json()) as { dispatches: Dispatch[] };
  return data.dispatches.filter((one) => one.repo === repo);
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The simulator's run for an expected run id: same file and event, on the tag's commit. */
async function mapRunIds(plan: RepoPlan): Promise<Map<number, number | null>> {
  const runs = await simRuns(plan.repo);
  const commits = await tagCommits(plan.repo);
  const mapped = new Map<number, number | null>();
  for (const tag of plan.scenario.tags) {
    for (const spec of tag.runs ?? []) {
      const sha = commits.get(tag.name);
      const found = runs.find(
        (run) =>
          run.path === `.github/workflows/${spec.file}` &&
          run.event === spec.event &&
          run.head_sha === sha &&
          (spec.branch ? run.head_branch === spec.branch || run.head_branch === "main" : true),
      );
      // Tags of one run (changesets) list the same run; a left-out tag must not unmap it.
      if (!mapped.get(spec.id)) mapped.set(spec.id, found?.id ?? null);
    }
  }
  return mapped;
}

/** Everything about the examined tag that disagrees with the table, as sentences. */
async function judge(plan: RepoPlan, health: TagHealth | undefined): Promise<string[]> {
  const scenario: Scenario = plan.scenario;
  const want = scenario.expect;
  if (!health) return [`tag ${scenario.examine} is not in the health`];
  const problems: string[] = [];
  if (want.status && health.status !== want.status)
    problems.push(`status: expected ${want.status}, got ${health.status}`);
  if (want.statusNot?.includes(health.status))
    problems.push(`status: expected none of ${want.statusNot.join("/")}, got ${health.status}`);
  const workflow = health.releaseWorkflow;
  if (want.releaseWorkflow === null && workflow)
    problems.push(`release workflow: expected none, got ${workflow.file}`);
  if (want.releaseWorkflow) {
    if (!workflow) problems.push("release workflow: expected one, got none");
    else {
      const w = want.releaseWorkflow;
      if (!list(w.file).includes(workflow.file))
        problems.push(
          `release workflow: expected ${list(w.file).join("|")}, got ${workflow.file} (${workflow.chosenBy}: ${workflow.evidence})`,
        );
      if (!list(w.trigger).includes(workflow.trigger))
        problems.push(`trigger: expected ${list(w.trigger).join("|")}, got ${workflow.trigger}`);
      if (w.chosenBy && workflow.chosenBy !== w.chosenBy)
        problems.push(`chosen by: expected ${w.chosenBy}, got ${workflow.chosenBy}`);
      if (
        w.releaseTypes &&
        [...workflow.releaseTypes].sort().join() !== [...w.releaseTypes].sort().join()
      )
        problems.push(
          `release types: expected ${w.releaseTypes.join()}, got ${workflow.releaseTypes.join()}`,
        );
      if (w.upstream && workflow.upstream.join() !== w.upstream.join())
        problems.push(`upstream: expected ${w.upstream.join()}, got ${workflow.upstream.join()}`);
    }
  }
  const ids = await mapRunIds(plan);
  const listed = health.runs.map((run) => run.id);
  for (const id of want.runsInclude ?? []) {
    const simId = ids.get(id);
    if (!simId) problems.push(`run ${id}: the simulator made no such run (generator)`);
    else if (!listed.includes(simId)) problems.push(`run ${id} (sim ${simId}) is not listed`);
  }
  for (const id of want.runsExclude ?? []) {
    const simId = ids.get(id);
    if (simId && listed.includes(simId)) problems.push(`run ${id} (sim ${simId}) is listed`);
  }
  const action = health.action;
  const expected = want.action;
  if (expected?.kind === "none" && action)
    problems.push(`action: expected none, got ${action.kind}`);
  if (expected?.kind === "rerun") {
    const simId = ids.get(expected.runId);
    if (action?.kind !== "rerun") problems.push(`action: expected rerun, got ${action?.kind}`);
    else if (action.runId !== simId)
      problems.push(`rerun: expected run ${expected.runId} (sim ${simId}), got ${action.runId}`);
  }
  if (expected?.kind === "dispatch") {
    if (action?.kind !== "dispatch")
      problems.push(`action: expected dispatch, got ${action?.kind}`);
    else if (expected.needsReview) {
      if (!action.needsReview) problems.push("dispatch: expected review, got one click");
      for (const name of expected.review) {
        const suggestion = action.suggestions.find((one) => one.name === name);
        if (!suggestion || suggestion.confident)
          problems.push(`dispatch: input ${name} is not marked for review`);
      }
    } else {
      if (action.needsReview)
        problems.push(
          `dispatch: expected one click, got review (${action.reviewReasons.join(" ")})`,
        );
      const wrong = wrongInputs(scenario, action.workflow.file, action.inputs);
      if (wrong) problems.push(`dispatch inputs: ${wrong}`);
      if (Boolean(expected.addDispatchTrigger) !== Boolean(action.yamlToAdd))
        problems.push(
          `add workflow_dispatch: expected ${Boolean(expected.addDispatchTrigger)}, got ${Boolean(action.yamlToAdd)}`,
        );
    }
  }
  return problems;
}

/**
 * Compares the inputs a workflow receives (what was sent, else its default) with the table;
 * null when they agree. Undeclared inputs are wrong (GitHub answers 422).
 */
function wrongInputs(
  scenario: Scenario,
  file: string,
  sent: Record<string, string>,
): string | null {
  const action = scenario.expect.action;
  if (action?.kind !== "dispatch" || action.needsReview) return null;
  const text = shapeFiles(scenario.shape)[file];
  if (text === undefined) return `${file} is not in the shape`;
  const declared = declaredInputs(text);
  const problems: string[] = [];
  for (const name of Object.keys(sent))
    if (!declared.some((input) => input.name === name)) problems.push(`${name} is not declared`);
  for (const input of declared) {
    const got = sent[input.name] ?? input.default ?? (input.type === "boolean" ? "false" : "");
    const wanted =
      input.name in action.inputs
        ? list(action.inputs[input.name] as string | string[])
        : [input.default ?? (input.type === "boolean" ? "false" : "")];
    if (!wanted.includes(got)) problems.push(`${input.name}=${got}, expected ${wanted.join("|")}`);
  }
  return problems.length > 0 ? problems.join("; ") : null;
}

/** What the app said about the tag, for a failure message. */
function describeTag(tag: TagHealth | undefined): string {
  if (!tag) return "no such tag";
  return JSON.stringify({
    status: tag.status,
    pushedBy: tag.pushedBy,
    releaseWorkflow: tag.releaseWorkflow && {
      file: tag.releaseWorkflow.file,
      trigger: tag.releaseWorkflow.trigger,
      evidence: tag.releaseWorkflow.evidence,
    },
    runs: tag.runs.map((run) => `${run.id} ${run.workflowPath} ${run.event} ${run.conclusion}`),
    findings: tag.findings.map((finding) => finding.message),
    action: tag.action?.kind,
  });
}

function checkAgainstGaps(repo: string, problems: string[], context: string): void {
  const gaps = KNOWN_APP_GAPS.filter((gap) => gap.repo === repo);
  if (gaps.length === 0) {
    expect(problems, context).toEqual([]);
    return;
  }
  for (const gap of gaps)
    expect(
      problems.some((problem) => problem.includes(gap.problem)),
      `known app gap still present (remove it from KNOWN_APP_GAPS when fixed): ${gap.problem}`,
    ).toBe(true);
  const unexplained = problems.filter(
    (problem) => !gaps.some((gap) => problem.includes(gap.problem)),
  );
  expect(unexplained).toEqual([]);
}

beforeAll(async () => {
  scenarioDirectory = mkdtempSync(join(tmpdir(), "tagwatch-replay-"));
  const file = join(scenarioDirectory, "replay.yaml");
  writeFileSync(file, stringify(built.scenario));
  sim = await startSimulator({ port: 0, scenario: file, runStepMs: RUN_STEP_MS });
  process.env.GITHUB_SERVER_URL = sim.url;
  process.env.GITHUB_API_URL = sim.url;
  process.env.GITHUB_GRAPHQL_URL = `${sim.url}/graphql`;
  client = createGitHubClient(TOKEN, { retryBaseDelayMs: 1 });
}, 60_000);

afterAll(async () => {
  await sim?.close();
  if (scenarioDirectory) rmSync(scenarioDirectory, { recursive: true, force: true });
});

describe("replayed real pipeline shapes (simulator + loadRepositoryHealth)", () => {
  it("replays every situation of expectations.ts, and so every shape in ./shapes", () => {
    expect(built.skipped).toEqual([]);
    expect(built.plans).toHaveLength(SCENARIOS.length);
    const replayed = new Set(built.plans.map((plan) => plan.scenario.shape));
    expect(readdirSync(SHAPES).filter((shape) => !replayed.has(shape))).toEqual([]);
  });

  for (const skipped of built.skipped) {
    const scenario = SCENARIOS[skipped.index] as Scenario;
    it.skip(`${scenario.shape}: ${scenario.title} (the simulator cannot: ${skipped.reason})`, () => {});
  }

  for (const plan of built.plans) {
    const title = `${plan.repo}: ${plan.scenario.title}${plan.notes.length ? ` [${plan.notes.join("; ")}]` : ""}`;
    it(title, async () => {
      const health = await loadRepositoryHealth(client, OWNER, plan.repo);
      const tag = health.tags.find((one) => one.name === plan.scenario.examine);
      checkAgainstGaps(plan.repo, await judge(plan, tag), describeTag(tag));
    });
  }
});

describe("dispatching through the app on the simulator", () => {
  for (const plan of built.plans) {
    const action = plan.scenario.expect.action;
    if (action?.kind !== "dispatch") continue;
    if (KNOWN_APP_GAPS.some((gap) => gap.repo === plan.repo)) continue;
    const tag = plan.scenario.examine;
    if (action.needsReview || action.addDispatchTrigger) {
      it(`${plan.repo}: a one-click dispatch of ${tag} is refused (${action.needsReview ? "review" : "no workflow_dispatch"}) and nothing reaches GitHub`, async () => {
        const error = await dispatchTag(client, { owner: OWNER, repo: plan.repo, tag }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(AppError);
        const status = (error as AppError).status;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(await dispatches(plan.repo)).toEqual([]);
        expect(await dispatchRequests(plan.repo)).toEqual([]);
      });
      continue;
    }
    it(`${plan.repo}: one click dispatches ${tag} with the expected inputs, GitHub accepts them, and the tag turns healthy`, async () => {
      const result = await dispatchTag(client, { owner: OWNER, repo: plan.repo, tag });
      const sent = await dispatches(plan.repo);
      expect(sent).toHaveLength(1);
      // One request, accepted: tagwatch never sent something GitHub answered with a 422.
      expect(await dispatchRequests(plan.repo)).toHaveLength(1);
      const dispatch = sent[0] as Dispatch;
      expect(dispatch.ref).toBe(tag);
      expect(dispatch.workflow).toBe(`.github/workflows/${result.workflow}`);
      expect(wrongInputs(plan.scenario, result.workflow, dispatch.inputs)).toBeNull();
      // A second press, while the release is under way and once it has shipped: refused.
      const again = () =>
        dispatchTag(client, { owner: OWNER, repo: plan.repo, tag }).catch(
          (caught: unknown) => caught,
        );
      const underWay = await again();
      expect(underWay, String(underWay)).toBeInstanceOf(AppError);
      expect((underWay as AppError).code).toBe("conflict");
      await settlesHealthy(plan.repo, tag);
      // Shipped: refused as shipped, or (a workflow on the release's own event) while that
      // workflow's run on the tag is still going.
      const shipped = await again();
      expect(shipped, String(shipped)).toBeInstanceOf(AppError);
      expect((shipped as AppError).message).toMatch(
        new RegExp(
          `^(${tag.replaceAll(".", "\\.")} has shipped|\\S+ is already \\w+ on ${tag.replaceAll(".", "\\.")})`,
        ),
      );
      expect(await dispatchRequests(plan.repo)).toHaveLength(1);
    });
  }
});

describe("re-running through the app on the simulator", () => {
  for (const plan of built.plans) {
    const action = plan.scenario.expect.action;
    if (action?.kind !== "rerun") continue;
    if (KNOWN_APP_GAPS.some((gap) => gap.repo === plan.repo)) continue;
    const tag = plan.scenario.examine;
    it(`${plan.repo}: one click re-runs ${tag}'s failed release run (not a dispatch) and the tag turns healthy`, async () => {
      const before = await loadRepositoryHealth(client, OWNER, plan.repo);
      const planned = before.tags.find((one) => one.name === tag)?.action;
      expect(planned?.kind).toBe("rerun");
      if (planned?.kind !== "rerun") return;
      await rerunRun(client, { owner: OWNER, repo: plan.repo, runId: planned.runId });
      expect(await dispatches(plan.repo)).toEqual([]);
      await settlesHealthy(plan.repo, tag);
    });
  }
});

describe("generator", () => {
  it("names repositories after their situation", () => {
    for (const plan of built.plans) expect(plan.repo).toBe(repoName(plan.index, plan.scenario));
  });
});
