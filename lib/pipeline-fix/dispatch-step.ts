import { isMap, isScalar, type Node, Scalar, type YAMLMap } from "yaml";
import { RECORDED_OUTPUT } from "@/lib/health/tagging";
import type { DispatchInput } from "@/lib/health/types";
import { parseWorkflow } from "@/lib/health/workflows";
import type { DispatchInputPlan } from "@/lib/tag-actions/types";
import type { FileEdit } from "./fix";
import { type Candidate, runScalar } from "./tagging-step";
import {
  addToMap,
  afterLastLine,
  applyInsertions,
  columnOf,
  type Insertion,
  lineStart,
  pairOf,
  scalarText,
  withBreaks,
} from "./yaml-splice";

// The step tagwatch inserts after the one that makes the tag: it dispatches the release workflow
// for that tag with the job's own GITHUB_TOKEN (workflow_dispatch is exempt from GitHub's rule
// that events made with GITHUB_TOKEN start no runs), plus the `actions: write` it needs.

const STEP_NAME = "Dispatch the release workflow for the new tag";

/** A tag no real repository has: the planned inputs are computed for it, then turned back into "$TAG". */
export const SENTINEL_TAG = "v97.53.1";
const SENTINEL_VERSION = "97.53.1";

function shellQuote(value: string): string {
  return `"${value.replace(/["\\`$]/g, (char) => `\\${char}`)}"`;
}

/** A planned input value as a shell word, with the tag (or version) turned back into "$TAG". */
function inputWord(value: string, tagVariable: string): string {
  const parts = value.split(SENTINEL_TAG);
  const quoted = parts.map((part) =>
    part
      .split(SENTINEL_VERSION)
      .map((piece) => shellQuote(piece).slice(1, -1))
      .join(`\${${tagVariable}#v}`),
  );
  return `"${quoted.join(`\${${tagVariable}}`)}"`;
}

function dispatchArgs(plan: DispatchInputPlan, tagVariable: string): string {
  return Object.entries(plan.inputs)
    .map(([name, value]) => ` -f ${name}=${inputWord(value, tagVariable)}`)
    .join("");
}

function stepLines(candidate: Candidate, releaseFile: string, plan: DispatchInputPlan): string[] {
  const text = candidate.text;
  const start = candidate.step.range?.[0] ?? 0;
  const dashColumn = text.lastIndexOf("-", start - 1) - lineStart(text, start);
  const pad = " ".repeat(dashColumn);
  const body = `${pad}  `;
  const lines = [
    `${pad}- name: ${STEP_NAME}`,
    `${body}# Added by tagwatch: a tag pushed with GITHUB_TOKEN starts no workflow run, but a`,
    `${body}# workflow_dispatch made with it does.`,
  ];
  if (candidate.condition) lines.push(`${body}if: ${candidate.condition}`);
  lines.push(`${body}env:`, `${body}  GH_TOKEN: \${{ github.token }}`);
  const dispatch = `gh workflow run ${releaseFile} --ref "$TAG" -R "$GITHUB_REPOSITORY"${dispatchArgs(plan, "TAG")}`;
  const tag = candidate.tag;
  if (tag.kind === "at-head") {
    // git push --tags / --follow-tags: dispatch for every tag at the commit it just pushed.
    lines.push(
      `${body}run: |`,
      `${body}  for tag in $(git tag --points-at HEAD); do`,
      `${body}    gh workflow run ${releaseFile} --ref "$tag" -R "$GITHUB_REPOSITORY"${dispatchArgs(plan, "tag")}`,
      `${body}  done`,
    );
  } else if (tag.kind === "shell") {
    // Expanded by the new step's own shell (GITHUB_* variables, the job's environment).
    lines.push(`${body}run: |`, `${body}  TAG=${tag.word}`, `${body}  ${dispatch}`);
  } else {
    const value =
      tag.kind === "record" ? `\${{ steps.${tag.id}.outputs.${RECORDED_OUTPUT} }}` : tag.value;
    const expression = /^\$\{\{[^}]*\}\}$/.test(value);
    lines.push(`${body}  TAG: ${expression ? value : JSON.stringify(value)}`);
    lines.push(`${body}run: ${dispatch}`);
  }
  return lines;
}

/** `actions: write` where the job gets its token permissions from; null when nothing to add. */
function permissionInsertion(
  candidate: Candidate,
): { insertion: Insertion | null; change: string | null } | { error: string } {
  const text = candidate.text;
  const root = candidate.document.contents as YAMLMap;
  const jobPermissions = pairOf(candidate.jobMap, "permissions");
  const workflowPermissions = pairOf(root, "permissions");
  const target = jobPermissions ?? workflowPermissions;
  const where = jobPermissions ? `job ${candidate.job}` : "the workflow";
  if (!target) {
    // No permissions anywhere: the repository default applies, and since this job can push tags
    // that default is read/write, which includes actions: write. Adding a block would drop the rest.
    return { insertion: null, change: null };
  }
  const value = target.value;
  if (isScalar(value)) {
    const granted = String(value.value ?? "");
    if (granted === "write-all") return { insertion: null, change: null };
    return {
      error: `the ${where} permissions are "${granted}", so tagwatch cannot tell what to add`,
    };
  }
  if (!isMap(value)) return { error: `the ${where} permissions are not a map` };
  const actions = pairOf(value, "actions");
  if (actions) {
    const current = scalarText(actions.value);
    if (current === "write") return { insertion: null, change: null };
    const node = actions.value as Node;
    if (!node.range) return { error: "unreadable actions permission" };
    return {
      insertion: { at: node.range[0], replaceTo: node.range[1], text: "write" },
      change: `${where}: actions: ${current} -> write (dispatching a workflow needs it)`,
    };
  }
  return {
    insertion: addToMap(text, value, "actions", "write"),
    change: `${where}: permissions gain actions: write (dispatching a workflow needs it)`,
  };
}

/**
 * For a tag only the tagging script knows (`next=$(...)`, then `git push origin main "$next"`):
 * one line right after the command that sends it, recording it as the step's output.
 */
function recordInsertion(candidate: Candidate): { insertion: Insertion } | { error: string } {
  const tag = candidate.tag;
  if (tag.kind !== "record") return { error: "nothing to record" };
  const text = candidate.text;
  const run = runScalar(candidate.step);
  const script = String(run?.value ?? "");
  if (!run?.range) return { error: "its run: script cannot be read" };
  const record = `echo ${RECORDED_OUTPUT}=${tag.word} >> "$GITHUB_OUTPUT"`;
  const commandLine = script.slice(0, tag.start).split("\n").length - 1;
  const lastLine = script.slice(0, tag.after).split("\n").length - 1;
  if (run.type === Scalar.BLOCK_LITERAL) {
    // Each line of the script is one line of the file, after the `|` header.
    const lineAt = (line: number) => {
      let offset = text.indexOf("\n", run.range?.[0] ?? 0) + 1;
      for (let index = 0; index < line; index += 1) offset = text.indexOf("\n", offset) + 1;
      return offset;
    };
    const start = lineAt(commandLine);
    const indent = /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
    const end = text.indexOf("\n", lineAt(lastLine));
    return {
      insertion: {
        at: end === -1 ? text.length : end + 1,
        text: withBreaks([`${indent}${record}`], text),
      },
    };
  }
  if (run.type === Scalar.BLOCK_FOLDED || script.includes("\n")) {
    return { error: "tagwatch adds a line only to a run: | block or a one-line run:" };
  }
  // A one-line run: becomes a block of two lines.
  const key = pairOf(candidate.step, "run")?.key as Node | undefined;
  const indent = " ".repeat((key?.range ? columnOf(text, key.range[0]) : 0) + 2);
  const br = text.includes("\r\n") ? "\r\n" : "\n";
  return {
    insertion: {
      at: run.range[0],
      replaceTo: run.range[1],
      text: `|${br}${indent}${script}${br}${indent}${record}`,
    },
  };
}

/**
 * The tagging workflow's edit: the dispatch step after the tagging step, an `id:` on that step
 * when the new one must read its outputs, and `actions: write`. An error when the permissions
 * cannot be read.
 */
export function insertDispatchStep(
  candidate: Candidate,
  releaseFile: string,
  plan: DispatchInputPlan,
): { edit: FileEdit; changes: string[] } | { error: string } {
  const text = candidate.text;
  const insertions: Insertion[] = [
    {
      at: afterLastLine(text, candidate.step),
      text: withBreaks(stepLines(candidate, releaseFile, plan), text),
    },
  ];
  const changes = [
    `${candidate.path}: after the step "${candidate.label}" (job ${candidate.job}), a step runs gh workflow run ${releaseFile} --ref <the new tag> with the job's own GITHUB_TOKEN.`,
  ];
  // Same offsets are applied last-listed first: the record line, then `id:`, then the new step.
  if (candidate.needsId) {
    insertions.push(addToMap(text, candidate.step, "id", candidate.needsId));
    changes.push(
      `${candidate.path}: the step "${candidate.label}" gets id: ${candidate.needsId} so the new step can read the tag it made.`,
    );
  }
  if (candidate.tag.kind === "record") {
    const record = recordInsertion(candidate);
    if ("error" in record) return { error: record.error };
    insertions.push(record.insertion);
    changes.push(
      `${candidate.path}: the step "${candidate.label}" records the tag it pushes (${candidate.tag.word}) as its output ${RECORDED_OUTPUT}, right after pushing it, so the new step knows which tag to dispatch.`,
    );
  }
  const permission = permissionInsertion(candidate);
  if ("error" in permission) return { error: permission.error };
  if (permission.insertion) insertions.push(permission.insertion);
  if (permission.change) changes.push(`${candidate.path}: ${permission.change}.`);
  const after = applyInsertions(text, insertions);
  return { edit: { path: candidate.path, before: text, after }, changes };
}

/** The `on.workflow_dispatch.inputs` a workflow file declares (empty when none or unreadable). */
export function readDispatchInputs(text: string): DispatchInput[] {
  return parseWorkflow({ path: ".github/workflows/release.yml", text }).inputs;
}
