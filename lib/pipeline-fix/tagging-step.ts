import { type Document, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from "yaml";
import {
  type JobInput,
  RECORDED_OUTPUT,
  type StepInput,
  type TagMakerKind,
  type TagSource,
  tagMakers,
} from "@/lib/health/tagging";
import type { WorkflowFile } from "@/lib/health/types";
import { normalizeWorkflowPath, workflowFileName } from "@/lib/health/workflows";
import { pairOf, parse, scalarText, sourceOf, valueAt } from "./yaml-splice";

// Finding the step that makes the tag in the repository's other workflows (lib/health/tagging.ts
// says which steps do, by what they do), with the YAML nodes an edit needs. What cannot be read
// with certainty is reported as "unsure" rather than guessed.

/** Where the tag is made: the workflow, job and step tagwatch inserts after. */
export type TaggingStep = {
  path: string;
  job: string;
  /** Index in the job's steps. */
  index: number;
  /** The step's name, else its `uses`, else its first command line. */
  label: string;
  kind: TagMakerKind;
};

/** A tagging step with what the edit needs to know about it. */
export type Candidate = TaggingStep & {
  document: Document;
  text: string;
  jobMap: YAMLMap;
  step: YAMLMap;
  /** How the new step names the tag (lib/health/tagging.ts). */
  tag: TagSource;
  /** The step needs an `id:` so its outputs can be read. */
  needsId: string | null;
  /** The new step's `if:`, as YAML text; null for none. */
  condition: string | null;
};

/** A step that makes tags whose tag tagwatch cannot name with certainty. */
export type UnsureStep = TaggingStep & { why: string };

/** The tagging steps found in some workflows, and those that could not be read with certainty. */
export type Scan = { candidates: Candidate[]; unsure: UnsureStep[] };

function plain(node: unknown): Record<string, unknown> {
  return isMap(node) ? (node.toJSON() as Record<string, unknown>) : {};
}

function shellOf(map: YAMLMap | null): string | null {
  const defaults = map ? valueAt(map, "defaults") : null;
  const run = isMap(defaults) ? valueAt(defaults, "run") : null;
  return isMap(run) ? scalarText(valueAt(run, "shell")) : null;
}

/** `runs-on` as text, whatever its form (a label, a list, a group). */
function runsOnText(node: unknown): string {
  if (isScalar(node)) return scalarText(node) ?? "";
  return node ? JSON.stringify((node as Node).toJSON()) : "";
}

function stepInput(step: YAMLMap): StepInput {
  return {
    id: scalarText(valueAt(step, "id")),
    uses: scalarText(valueAt(step, "uses"))?.trim() ?? null,
    run: scalarText(valueAt(step, "run")),
    with: plain(valueAt(step, "with")),
    env: plain(valueAt(step, "env")),
    shell: scalarText(valueAt(step, "shell")),
  };
}

function stepLabel(step: YAMLMap): string {
  return (
    scalarText(valueAt(step, "name")) ??
    scalarText(valueAt(step, "uses")) ??
    (scalarText(valueAt(step, "run")) ?? "").trim().split("\n")[0]?.slice(0, 60) ??
    "a step"
  );
}

/** Whether the workflow runs on tag pushes (then it is a release workflow, not the tagger). */
function runsOnTags(document: Document): boolean {
  const root = document.contents as YAMLMap;
  const on = valueAt(root, "on");
  if (!isMap(on)) return false;
  const push = valueAt(on, "push");
  return (
    isMap(push) && (pairOf(push, "tags") !== undefined || pairOf(push, "tags-ignore") !== undefined)
  );
}

/** `steps.<id>.outputs.<name>` when the value is exactly that expression. */
function outputRead(value: string): string | null {
  const match = /^\$\{\{\s*(steps\.[\w-]+\.outputs\.[\w-]+)\s*\}\}$/.exec(value);
  return match?.[1] ?? null;
}

/** The new step's condition: the output it reads is set, else the tagging step's own `if:`. */
function conditionFor(text: string, step: YAMLMap, tag: TagSource): string | null {
  const read =
    tag.kind === "record"
      ? `steps.${tag.id}.outputs.${RECORDED_OUTPUT}`
      : tag.kind === "value"
        ? outputRead(tag.value)
        : null;
  if (read) return `${read} != ''`;
  const ifNode = valueAt(step, "if");
  const ifSource = ifNode ? sourceOf(text, ifNode as Node) : null;
  // A multi-line condition cannot be copied as written at another indentation.
  return ifSource?.includes("\n") ? JSON.stringify(scalarText(ifNode)) : ifSource;
}

/** A step id no other step of the job uses. */
function freeId(wanted: string, steps: YAMLMap[]): string {
  const taken = new Set(steps.map((step) => scalarText(valueAt(step, "id"))));
  let id = wanted;
  for (let suffix = 2; taken.has(id); suffix += 1) id = `${wanted}-${suffix}`;
  return id;
}

/** Renames the id a tag source reads when it must be added and is taken. */
function withFreeId(tag: TagSource, needsId: string | null, steps: YAMLMap[]) {
  if (!needsId) return { tag, needsId };
  const id = freeId(needsId, steps);
  if (id === needsId) return { tag, needsId };
  const rename = (value: string) => value.replace(`steps.${needsId}.`, `steps.${id}.`);
  if (tag.kind === "record") return { tag: { ...tag, id, needsId: id }, needsId: id };
  if (tag.kind === "value")
    return { tag: { ...tag, value: rename(tag.value), needsId: id }, needsId: id };
  return { tag, needsId };
}

/** Every step of a workflow that creates or pushes tags (none in a workflow that runs on tags). */
export function scanWorkflow(file: WorkflowFile): Scan {
  const result: Scan = { candidates: [], unsure: [] };
  const document = parse(file.text);
  if (!document || runsOnTags(document)) return result;
  const root = document.contents as YAMLMap;
  const jobs = valueAt(root, "jobs");
  if (!isMap(jobs)) return result;
  const workflowEnv = plain(valueAt(root, "env"));
  const path = normalizeWorkflowPath(file.path);
  for (const jobPair of jobs.items) {
    const job = scalarText(jobPair.key);
    const jobMap = jobPair.value;
    if (!job || !isMap(jobMap)) continue;
    const stepsNode = valueAt(jobMap, "steps");
    if (!isSeq(stepsNode)) continue;
    const steps = stepsNode.items.filter((step): step is YAMLMap => isMap(step));
    if (steps.length !== stepsNode.items.length) continue;
    const input: JobInput = {
      steps: steps.map(stepInput),
      env: { ...workflowEnv, ...plain(valueAt(jobMap, "env")) },
      shell: shellOf(jobMap) ?? shellOf(root),
      runsOn: runsOnText(valueAt(jobMap, "runs-on")),
    };
    for (const maker of tagMakers(input)) {
      const step = steps[maker.index] as YAMLMap;
      const place = { path, job, index: maker.index, label: stepLabel(step), kind: maker.kind };
      if ("unsure" in maker.tag) {
        result.unsure.push({ ...place, why: maker.tag.unsure });
        continue;
      }
      const needs =
        maker.tag.kind === "value" || maker.tag.kind === "record" ? maker.tag.needsId : null;
      const { tag, needsId } = withFreeId(maker.tag, needs, steps);
      result.candidates.push({
        ...place,
        document,
        text: file.text,
        jobMap,
        step,
        tag,
        needsId,
        condition: conditionFor(file.text, step, tag),
      });
    }
  }
  return result;
}

/** The `run:` scalar of a step (for recording the tag in its script). */
export function runScalar(step: YAMLMap): Scalar | null {
  const run = valueAt(step, "run");
  return isScalar(run) ? run : null;
}

/** How an unsure step reads in a sentence: "bump.yml (job tag), step "Bump": why". */
export function describeUnsure(step: UnsureStep): string {
  return `${workflowFileName(step.path)} (job ${step.job}), step "${step.label}": ${step.why}`;
}
