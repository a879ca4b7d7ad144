import { listNames } from "./commands";
import { matchesFilterList } from "./filter-pattern";
import type { ReleaseTrigger, ReleaseWorkflowEvidence, TagInfo } from "./types";
import { publishWeight } from "./workflow-steps";
import {
  normalizeWorkflowPath,
  type ParsedWorkflow,
  RELEASE_NAME,
  tagPatternMatches,
} from "./workflows";

// Which workflow is "the release workflow" of a tag, by evidence, strongest first: the config
// file's word; which workflow shipped earlier tags; what its jobs do (publish vs only check);
// its name. Ties end on the trigger kind, then the path, so the answer never depends on file order.

/** What the choice reads of a repository's judgement context (context.ts builds it). */
export type WorkflowEvidence = {
  headWorkflows: ParsedWorkflow[];
  workflowsAt: (tag: TagInfo) => ParsedWorkflow[];
  /** `.github/tagwatch.yml` `release-workflow:`, when set. */
  configuredWorkflow: string | null;
  /** Workflow path -> the tags with a published release that a successful run of it was on. */
  shippedBy: Map<string, string[]>;
  /** Workflow path -> the tags whose release its run most likely created (the last run before it). */
  madeBy: Map<string, string[]>;
};

export type ReleaseChoice = {
  workflow: ParsedWorkflow;
  trigger: ReleaseTrigger;
  chosenBy: ReleaseWorkflowEvidence;
  evidence: string;
};

const TRIGGER_RANK: Record<ReleaseTrigger, number> = {
  "tag-push": 0,
  create: 1,
  "workflow-run": 2,
  release: 3,
  "release-bot": 4,
  dispatch: 5,
};

function branchFilterLets(workflow: ParsedWorkflow, headBranch: string): boolean {
  const run = workflow.workflowRun;
  if (!run) return false;
  if (run.branches !== null) return matchesFilterList(run.branches, headBranch);
  if (run.branchesIgnore !== null) return !matchesFilterList(run.branchesIgnore, headBranch);
  return true;
}

/** The workflows a `workflow_run` trigger waits for, among `all` (matched by `name:`, as GitHub does). */
export function upstreamsOf(workflow: ParsedWorkflow, all: ParsedWorkflow[]): ParsedWorkflow[] {
  const names = workflow.workflowRun?.workflows ?? [];
  return all.filter((candidate) => candidate !== workflow && names.includes(candidate.name));
}

/** How a workflow starts for a pushed tag: by the push itself, a create event or an upstream run on the tag. */
function tagStart(
  workflow: ParsedWorkflow,
  tagName: string,
  all: ParsedWorkflow[],
  depth: number,
): ReleaseTrigger | null {
  if (tagPatternMatches(workflow, tagName)) return "tag-push";
  if (workflow.create) return "create";
  if (workflow.workflowRun && depth < 3 && branchFilterLets(workflow, tagName)) {
    const upstreamRuns = upstreamsOf(workflow, all).some(
      (upstream) => tagStart(upstream, tagName, all, depth + 1) !== null,
    );
    if (upstreamRuns) return "workflow-run";
  }
  return null;
}

/** Steps of a workflow together with those of the local reusable workflows its jobs call. */
export function effectiveSteps(workflow: ParsedWorkflow, all: ParsedWorkflow[]) {
  const called = workflow.steps.calls
    .map((path) => all.find((candidate) => candidate.path === normalizeWorkflowPath(path)))
    .filter((candidate): candidate is ParsedWorkflow => candidate !== undefined);
  return {
    publishes: [...workflow.steps.publishes, ...called.flatMap((callee) => callee.steps.publishes)],
    createsTags: workflow.steps.createsTags || called.some((callee) => callee.steps.createsTags),
    pushesTags: workflow.steps.pushesTags || called.some((callee) => callee.steps.pushesTags),
    bot: workflow.steps.bot ?? called.find((callee) => callee.steps.bot)?.steps.bot ?? null,
    called,
  };
}

/** How a workflow would run for this tag; null when nothing would start it for the tag. */
export function getReleaseTrigger(
  workflow: ParsedWorkflow,
  tagName: string,
  all: ParsedWorkflow[],
): ReleaseTrigger | null {
  const start = tagStart(workflow, tagName, all, 0);
  if (start) return start;
  // A tag filter that leaves this tag out says the workflow is not for it, whatever else it runs on.
  if (workflow.push && (workflow.push.tags !== null || workflow.push.tagsIgnore !== null))
    return null;
  if (workflow.release) return "release";
  const steps = effectiveSteps(workflow, all);
  const onBranchPush = workflow.push?.hasBranchFilter === true;
  // A release bot: a push to a branch runs it, and it makes the tag and the release itself.
  if (onBranchPush && steps.createsTags && steps.publishes.length > 0) return "release-bot";
  if (workflow.dispatch) return "dispatch";
  return null;
}

/** Whether a workflow's runs on a tag's commit for a branch (not the tag) are that tag's release runs. */
export function makesItsOwnTags(choice: ReleaseChoice): boolean {
  // A manual release run on a branch at the tag's commit is the run that tagged it (make ci-release
  // and friends hide their `git tag` from us).
  return choice.trigger === "release-bot" || choice.trigger === "dispatch";
}

type Scored = {
  workflow: ParsedWorkflow;
  trigger: ReleaseTrigger | null;
  history: string[];
  made: string[];
  publish: number;
  labels: string[];
  named: boolean;
};

function compare(a: Scored, b: Scored): number {
  return (
    b.made.length - a.made.length ||
    b.history.length - a.history.length ||
    b.publish - a.publish ||
    Number(b.named) - Number(a.named) ||
    TRIGGER_RANK[a.trigger ?? "dispatch"] - TRIGGER_RANK[b.trigger ?? "dispatch"] ||
    a.workflow.path.localeCompare(b.workflow.path)
  );
}

function score(
  workflow: ParsedWorkflow,
  trigger: ReleaseTrigger | null,
  all: ParsedWorkflow[],
  context: WorkflowEvidence,
  tag: TagInfo,
): Scored {
  const steps = effectiveSteps(workflow, all);
  const labels = [...new Set(steps.publishes.map((signal) => signal.label))];
  const called = steps.called.filter((callee) => callee.steps.publishes.length > 0);
  if (called.length > 0) labels.push(`through ${called.map((callee) => callee.file).join(", ")}`);
  return {
    workflow,
    trigger,
    history: (context.shippedBy.get(workflow.path) ?? []).filter((name) => name !== tag.name),
    made: (context.madeBy.get(workflow.path) ?? []).filter((name) => name !== tag.name),
    publish: publishWeight(steps),
    labels,
    named: RELEASE_NAME.test(workflow.file) || RELEASE_NAME.test(workflow.name),
  };
}

function explain(best: Scored, rest: Scored[], pool: number, all: number): ReleaseChoice {
  const trigger = best.trigger ?? "tag-push";
  const make = (chosenBy: ReleaseWorkflowEvidence, evidence: string): ReleaseChoice => ({
    workflow: best.workflow,
    trigger,
    chosenBy,
    evidence,
  });
  const runnerUp = rest[0];
  const others = rest.map((other) => other.workflow.file);
  if (best.made.length > 0 && (!runnerUp || best.made.length > runnerUp.made.length)) {
    return make("history", `its runs created the releases of ${listNames(best.made, 3)}`);
  }
  if (best.history.length > 0 && (!runnerUp || best.history.length > runnerUp.history.length)) {
    return make("history", `its runs shipped ${listNames(best.history, 3)}`);
  }
  const publishes =
    best.labels.length > 0 ? `its jobs publish (${best.labels.join(", ")})` : "its jobs publish";
  if (best.publish > 0 && (pool < all || (runnerUp && best.publish > runnerUp.publish))) {
    const checkOnly =
      all - pool > 0 || runnerUp ? `; ${listNames(others, 3) || "the others"} do not release` : "";
    return make("jobs", `${publishes}${runnerUp || all > pool ? checkOnly : ""}`);
  }
  if (!runnerUp) {
    return make(
      "only",
      best.publish > 0
        ? `the only workflow that can release this tag; ${publishes}`
        : "the only workflow that can release this tag",
    );
  }
  if (best.named && !runnerUp.named) return make("name", `its name says it releases`);
  return make(
    "name",
    `of ${listNames([best.workflow.file, ...others], 4)}, the first by trigger kind and file name`,
  );
}

function choose(
  workflows: ParsedWorkflow[],
  tag: TagInfo,
  context: WorkflowEvidence,
): ReleaseChoice | null {
  const configured = context.configuredWorkflow;
  if (configured) {
    const named = workflows.find(
      (workflow) => workflow.file === configured || workflow.path === configured,
    );
    if (named) {
      return {
        workflow: named,
        trigger: getReleaseTrigger(named, tag.name, workflows) ?? "dispatch",
        chosenBy: "config",
        evidence: `.github/tagwatch.yml names it (release-workflow: ${configured})`,
      };
    }
  }
  const candidates: Scored[] = [];
  for (const workflow of workflows) {
    if (!workflow.valid) continue;
    const trigger = getReleaseTrigger(workflow, tag.name, workflows);
    if (trigger === null) continue;
    const scored = score(workflow, trigger, workflows, context, tag);
    // A manual-only workflow is a release workflow only when it publishes or says so.
    if (trigger === "dispatch" && scored.publish === 0 && !scored.named) continue;
    // A branch-push workflow counts only as a release bot; other release triggers need more than a name.
    candidates.push(scored);
  }
  if (candidates.length === 0) return null;
  const publishers = candidates.filter((candidate) => candidate.publish > 0);
  const shipped = candidates.filter((candidate) => candidate.history.length > 0);
  let pool = publishers.length > 0 ? publishers : candidates;
  if (publishers.length === 0 && shipped.length === 0) {
    // Nothing publishes visibly and nothing shipped before: a tag-started workflow that checks only
    // (CI on tags) is not the release workflow unless its name says so or it is all there is.
    const named = candidates.filter((candidate) => candidate.named);
    if (named.length > 0) pool = named;
  }
  const sorted = [...pool].sort(compare);
  const [best, ...rest] = sorted;
  if (!best) return null;
  // Only checks run for this tag, while a workflow that releases exists but did not start for it:
  // that one is the release workflow, and why it did not start is the finding.
  // (Its runs on released tags prove nothing: checks run on every tag, released or not.)
  const checksOnly = best.publish === 0 && !best.named;
  const releaseLike = workflows.some(
    (workflow) =>
      workflow.valid &&
      workflow.isRelease &&
      !candidates.some((candidate) => candidate.workflow === workflow),
  );
  if (checksOnly && releaseLike) return null;
  return explain(best, rest, pool.length, candidates.length);
}

function excludesOnPurpose(workflow: ParsedWorkflow, tagName: string): boolean {
  const push = workflow.push;
  if (push?.tagsIgnore && matchesFilterList(push.tagsIgnore, tagName)) return true;
  const negated = (push?.tags ?? []).filter((pattern) => pattern.startsWith("!"));
  return negated.some((pattern) => matchesFilterList([pattern.slice(1)], tagName));
}

/** A workflow that releases other tags but does not run for this one (its tag pattern does not match). */
function chooseNonMatching(
  workflows: ParsedWorkflow[],
  tag: TagInfo,
  context: WorkflowEvidence,
): ReleaseChoice | null {
  const filtered = workflows
    .filter(
      (workflow) =>
        workflow.push?.tags ||
        workflow.push?.tagsIgnore ||
        (workflow.isRelease && (workflow.workflowRun || workflow.create)),
    )
    // `tags-ignore: [updater]` or `!nightly*` leave a tag out on purpose: not a mistake to point at.
    .filter((workflow) => !excludesOnPurpose(workflow, tag.name))
    .map((workflow) => score(workflow, null, workflows, context, tag))
    .filter((candidate) => candidate.publish > 0 || candidate.named || candidate.history.length > 0)
    .sort(compare);
  const best = filtered[0];
  if (!best) return null;
  const byPattern = best.workflow.push?.tags || best.workflow.push?.tagsIgnore;
  return {
    workflow: best.workflow,
    trigger: byPattern ? "tag-push" : best.workflow.workflowRun ? "workflow-run" : "create",
    chosenBy: best.history.length > 0 ? "history" : best.publish > 0 ? "jobs" : "name",
    evidence: byPattern
      ? `no workflow runs for ${tag.name}; ${best.workflow.file} releases tags matching its pattern`
      : `no workflow that releases runs for ${tag.name}; ${best.workflow.file} releases other tags`,
  };
}

/** The workflow with this path, as it is at the tag (else on the default branch). */
export function findWorkflow(
  tag: TagInfo,
  context: WorkflowEvidence,
  path: string,
): ParsedWorkflow | null {
  const clean = normalizeWorkflowPath(path);
  return (
    context.workflowsAt(tag).find((workflow) => workflow.path === clean) ??
    context.headWorkflows.find((workflow) => workflow.path === clean) ??
    null
  );
}

/** The `on: release` workflow that should have attached assets to a tag's release. */
export function findReleaseTriggeredWorkflow(
  tag: TagInfo,
  context: WorkflowEvidence,
): ParsedWorkflow | null {
  const pick = (workflows: ParsedWorkflow[]) => {
    const choice = choose(workflows, tag, context);
    if (choice?.trigger === "release") return choice.workflow;
    return workflows.find((workflow) => workflow.release) ?? null;
  };
  return pick(context.workflowsAt(tag)) ?? pick(context.headWorkflows);
}

/** The release workflow that should ship a tag, how it starts for the tag, and why tagwatch took it. */
export function chooseReleaseWorkflow(
  tag: TagInfo,
  context: WorkflowEvidence,
): ReleaseChoice | null {
  const atTag = context.workflowsAt(tag);
  return (
    choose(atTag, tag, context) ??
    choose(context.headWorkflows, tag, context) ??
    chooseNonMatching(atTag, tag, context) ??
    chooseNonMatching(context.headWorkflows, tag, context)
  );
}
