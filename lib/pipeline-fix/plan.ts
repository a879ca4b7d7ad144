import { isMap, type YAMLSeq } from "yaml";
import type { DispatchInput, WorkflowFile } from "@/lib/health/types";
import { normalizeWorkflowPath, workflowFileName } from "@/lib/health/workflows";
import { planDispatchInputs } from "@/lib/tag-actions/inputs";
import type { DispatchInputPlan } from "@/lib/tag-actions/types";
import { insertDispatchStep, readDispatchInputs, SENTINEL_TAG } from "./dispatch-step";
import { addDispatchTrigger } from "./dispatch-trigger";
import { type FileEdit, type PipelineFixResult, planFix, Unfixable } from "./fix";
import { type Candidate, describeUnsure, scanWorkflow, type TaggingStep } from "./tagging-step";
import { parse, scalarText, valueAt } from "./yaml-splice";

// Which files a pipeline fix edits, and how, planned on the workflow files of the default branch
// (where the pull request goes). Pure: lib/pipeline-fix/open.ts reads the files and writes.

export type DispatchStepFixInput = {
  /** Workflow files on the default branch (where the pull request goes). */
  files: WorkflowFile[];
  /** The release workflow's path, e.g. ".github/workflows/release.yml". */
  releasePath: string;
  /** Its declared workflow_dispatch inputs; read from the release file when omitted. */
  releaseInputs?: DispatchInput[];
  /** The tagging workflow, when a run told us (its run on the tag's commit). */
  taggingPath?: string | null;
};

/**
 * The dispatch-step fix for tags pushed with GITHUB_TOKEN: finds the one step that makes the tag
 * and inserts the dispatch after it (plus `actions: write`, plus `workflow_dispatch` on the release
 * workflow if missing). Null with a reason whenever the place to insert is not certain.
 */
export function planDispatchStepFix(input: DispatchStepFixInput): PipelineFixResult {
  return planFix(() => {
    const releasePath = normalizeWorkflowPath(input.releasePath);
    const releaseFile = workflowFileName(releasePath);
    const release = input.files.find((file) => normalizeWorkflowPath(file.path) === releasePath);
    const candidate = findTheTaggingStep(input, releasePath);
    assertNotDispatchingYet(candidate, releaseFile);
    const inputs = plannedInputs(release, input.releaseInputs);
    const tagging = dispatchStepEdit(candidate, releaseFile, inputs);
    const trigger = releaseTriggerEdit(release, releasePath);
    const files = [tagging.edit, ...trigger.edits];
    assertEveryEditParses(files);
    return {
      files,
      tagging: taggingStepOf(candidate),
      changes: [...tagging.changes, ...trigger.changes],
      reviewReasons: inputs.reviewReasons.map((reason) =>
        reason.replace(SENTINEL_TAG, "each new tag"),
      ),
    };
  });
}

/** The fix for a release workflow without workflow_dispatch: add the trigger. */
export function planAddDispatchFix(file: WorkflowFile): PipelineFixResult {
  const edit = addDispatchTrigger(file);
  if (edit === null) return { fix: null, reason: `${file.path} already has workflow_dispatch.` };
  if ("error" in edit) return { fix: null, reason: edit.error };
  if (!parse(edit.after)) return { fix: null, reason: `the edit of ${file.path} would not parse.` };
  return {
    fix: {
      files: [edit],
      tagging: null,
      changes: [`${normalizeWorkflowPath(file.path)}: on: gains workflow_dispatch.`],
      reviewReasons: [],
    },
    reason: null,
  };
}

// ---------------------------------------------------------------------------------------------
// The steps of planDispatchStepFix, in order; each throws Unfixable with the reason it refuses.

/** The one tagging step (the last in its job): the run's workflow first, then every other one. */
function findTheTaggingStep(input: DispatchStepFixInput, releasePath: string): Candidate {
  const others = input.files.filter((file) => normalizeWorkflowPath(file.path) !== releasePath);
  const scans = others.map(scanWorkflow);
  const unsure = scans.flatMap((scan) => scan.unsure.map(describeUnsure));
  let candidates = scans.flatMap((scan) => scan.candidates);
  if (input.taggingPath) {
    const fromRun = candidates.filter(
      (candidate) => candidate.path === normalizeWorkflowPath(input.taggingPath ?? ""),
    );
    if (fromRun.length > 0) candidates = fromRun;
  }
  if (candidates.length === 0) {
    throw new Unfixable(
      unsure.length > 0
        ? `tagwatch found where tags are made but not which tag: ${unsure.join("; ")}.`
        : "tagwatch found no workflow step that creates or pushes tags (git push --tags, a tag action, gh release create).",
    );
  }
  const places = new Set(candidates.map((candidate) => `${candidate.path}#${candidate.job}`));
  if (places.size > 1) {
    throw new Unfixable(
      `Several jobs create or push tags (${[...places].map((place) => place.replace("#", ", job ")).join("; ")}): tagwatch cannot tell which one made this tag.`,
    );
  }
  if (unsure.length > 0) {
    throw new Unfixable(`tagwatch is not sure which step makes the tag: ${unsure.join("; ")}.`);
  }
  // In one job, the last tag-making step: after it the tag exists on GitHub.
  return candidates[candidates.length - 1] as Candidate;
}

/** Refuses a job whose steps cannot take a new block step, or that already dispatches the release. */
function assertNotDispatchingYet(candidate: Candidate, releaseFile: string): void {
  const steps = valueAt(candidate.jobMap, "steps") as YAMLSeq;
  if (steps.flow) {
    throw new Unfixable(`${candidate.path} writes its steps as a flow sequence; edit it by hand.`);
  }
  const dispatches = new RegExp(`gh\\s+workflow\\s+run\\s+${releaseFile.replace(".", "\\.")}`);
  const already = steps.items.some(
    (step) => isMap(step) && dispatches.test(scalarText(valueAt(step, "run")) ?? ""),
  );
  if (already) throw new Unfixable(`${candidate.path} already dispatches ${releaseFile}.`);
}

/** The inputs the new step sends, planned for a stand-in tag (turned back into "$TAG" later). */
function plannedInputs(
  release: WorkflowFile | undefined,
  declared: DispatchInput[] | undefined,
): DispatchInputPlan {
  const inputs = declared ?? (release ? readDispatchInputs(release.text) : []);
  return planDispatchInputs(inputs, SENTINEL_TAG, { text: release?.text });
}

function dispatchStepEdit(
  candidate: Candidate,
  releaseFile: string,
  inputs: DispatchInputPlan,
): { edit: FileEdit; changes: string[] } {
  const result = insertDispatchStep(candidate, releaseFile, inputs);
  if ("error" in result) throw new Unfixable(`${candidate.path}: ${result.error}.`);
  return result;
}

/** The release workflow's `workflow_dispatch`, when it lacks one (the new step dispatches it). */
function releaseTriggerEdit(
  release: WorkflowFile | undefined,
  releasePath: string,
): { edits: FileEdit[]; changes: string[] } {
  if (!release) throw new Unfixable(`${releasePath} is not on the default branch.`);
  const trigger = addDispatchTrigger(release);
  if (trigger === null) return { edits: [], changes: [] };
  if ("error" in trigger) throw new Unfixable(trigger.error);
  return {
    edits: [trigger],
    changes: [`${releasePath}: on: gains workflow_dispatch, so the new step can start it.`],
  };
}

function assertEveryEditParses(files: FileEdit[]): void {
  const broken = files.find((file) => !parse(file.after));
  if (broken) {
    throw new Unfixable(`tagwatch's edit of ${broken.path} would not parse; edit it by hand.`);
  }
}

function taggingStepOf(candidate: Candidate): TaggingStep {
  const { path, job, index, label, kind } = candidate;
  return { path, job, index, label, kind };
}
