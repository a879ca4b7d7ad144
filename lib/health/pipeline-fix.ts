import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { planDispatchInputs } from "@/lib/tag-actions/inputs";
import type { DispatchInputPlan } from "@/lib/tag-actions/types";
import type { DispatchInput, WorkflowFile } from "./types";
import { normalizeWorkflowPath, parseWorkflow, workflowFileName } from "./workflows";

// The file fix for "the tag was pushed with GITHUB_TOKEN, so no release run started": right after
// the step that creates or pushes the tag, a step that dispatches the release workflow for that
// tag (workflow_dispatch is exempt from GitHub's rule), plus the `actions: write` it needs.
//
// The YAML Document API finds where things are (node ranges); the edit itself is a few text
// insertions at those offsets, so every other byte of the file — comments, key order, quoting,
// blank lines, indentation style — stays exactly as it was. Re-stringifying the Document would
// normalise sequence indentation and fold long lines; splicing cannot.

/** One file the fix changes. */
export type FileEdit = { path: string; before: string; after: string };

/** Where the tag is made: the workflow, job and step tagwatch inserts after. */
export type TaggingStep = {
  path: string;
  job: string;
  /** Index in the job's steps. */
  index: number;
  /** The step's name, else its `uses`, else its first command line. */
  label: string;
  kind: "git-push" | "tag-action" | "gh-release" | "release-action";
};

export type PipelineFix = {
  files: FileEdit[];
  tagging: TaggingStep | null;
  /** What changed, one line each (for the pull request body). */
  changes: string[];
  /** Inputs a person should check before merging (from planDispatchInputs). */
  reviewReasons: string[];
};

export type PipelineFixResult = { fix: PipelineFix; reason: null } | { fix: null; reason: string };

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

type Candidate = TaggingStep & {
  document: Document;
  text: string;
  job: string;
  jobMap: YAMLMap;
  step: YAMLMap;
  /** The shell expression for the tag(s), or null for "every tag at HEAD" (git push). */
  tagValue: string | null;
  /** The step needs an `id:` so its outputs can be read. */
  needsId: string | null;
  condition: string | null;
};

const STEP_NAME = "Dispatch the release workflow for the new tag";

// ---------------------------------------------------------------------------------------------
// Small YAML helpers

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as
    | Pair
    | undefined;
}

function valueAt(map: YAMLMap, key: string): unknown {
  return pairOf(map, key)?.value;
}

function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const value = node.value;
  return value === null || value === undefined ? null : String(value);
}

function sourceOf(text: string, node: Node): string {
  const range = node.range;
  return range ? text.slice(range[0], range[1]).trim() : "";
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line holding the node's last non-blank character. */
function afterLastLine(text: string, node: Node): number {
  const range = node.range;
  if (!range) throw new Error("node without range");
  let end = range[1];
  while (end > range[0] && /\s/.test(text[end - 1] ?? "")) end--;
  const newline = text.indexOf("\n", end);
  return newline === -1 ? text.length : newline + 1;
}

type Insertion = { at: number; text: string; replaceTo?: number };

function applyInsertions(text: string, insertions: Insertion[]): string {
  let result = text;
  // From the end, so earlier offsets stay valid.
  for (const insertion of [...insertions].sort((a, b) => b.at - a.at)) {
    const at = insertion.at;
    let piece = insertion.text;
    if (insertion.replaceTo === undefined && at === result.length && !result.endsWith("\n")) {
      piece = `${lineBreakOf(text)}${piece}`;
    }
    result = result.slice(0, at) + piece + result.slice(insertion.replaceTo ?? at);
  }
  return result;
}

function lineBreakOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function withBreaks(lines: string[], text: string): string {
  const br = lineBreakOf(text);
  return lines.map((line) => `${line}${br}`).join("");
}

function parse(text: string): Document | null {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return null;
  return document;
}

/** Adds an entry to a flow map or sequence, right after its last entry (or its opening bracket). */
function addToFlow(node: YAMLMap | YAMLSeq, entry: string): Insertion {
  const last: unknown = node.items[node.items.length - 1];
  const lastNode = (isPair(last) ? last.value : last) as Node | undefined;
  if (lastNode?.range) return { at: lastNode.range[1], text: `, ${entry}` };
  const open = node.range?.[0] ?? 0;
  return { at: open + 1, text: entry };
}

/** Adds a `key: value` line to a block map (after its last entry), or `, key: value` to a flow map. */
function addToMap(text: string, map: YAMLMap, key: string, value: string): Insertion {
  if (map.flow) return addToFlow(map, `${key}: ${value}`);
  const first = map.items[0]?.key as Node | undefined;
  const indent = first?.range ? columnOf(text, first.range[0]) : 2;
  return {
    at: afterLastLine(text, map),
    text: withBreaks([`${" ".repeat(indent)}${key}:${value ? ` ${value}` : ""}`], text),
  };
}

// ---------------------------------------------------------------------------------------------
// Finding the step that makes the tag

const TAG_ACTIONS: Record<string, { output: string; defaultId: string }> = {
  "mathieudutour/github-tag-action": { output: "new_tag", defaultId: "tag" },
  "anothrnick/github-tag-action": { output: "new_tag", defaultId: "tag" },
};

/** `git push` that sends tags: --tags, --follow-tags, or a ref that looks like a tag. */
const GIT_PUSH_TAGS =
  /\bgit\s+push\b[^\n;&|]*?(?:--tags|--follow-tags|refs\/tags\/|\s["']?\$\{?\w*tag\w*\}?["']?|\sv\d[\w.-]*)/i;
const GH_RELEASE_CREATE = /\bgh\s+release\s+create\s+("[^"]+"|'[^']+'|[^\s;&|]+)/;

/** A tag value that means the same thing in a new step: literal, `${{ }}` or GitHub's own env. */
function portableShellValue(raw: string): string | null {
  const unquoted = raw.replace(/^["']|["']$/g, "");
  const withoutExpressions = unquoted.replace(/\$\{\{[^}]*\}\}/g, "");
  const withoutGitHubEnv = withoutExpressions.replace(/\$\{?GITHUB_[A-Z_]+\}?/g, "");
  if (withoutGitHubEnv.includes("$") || withoutGitHubEnv.includes("`")) return null;
  return unquoted;
}

function classifyStep(
  text: string,
  step: YAMLMap,
): Pick<Candidate, "kind" | "tagValue" | "needsId" | "condition"> | { unsure: string } | null {
  const uses = scalarText(valueAt(step, "uses"))?.toLowerCase() ?? null;
  const id = scalarText(valueAt(step, "id"));
  const ifNode = valueAt(step, "if");
  const ifSource = ifNode ? sourceOf(text, ifNode as Node) : null;
  // A multi-line condition cannot be copied as written at another indentation.
  const condition = ifSource?.includes("\n") ? JSON.stringify(scalarText(ifNode)) : ifSource;
  const withNode = valueAt(step, "with");
  const withMap = isMap(withNode) ? withNode : null;
  if (uses) {
    const action = uses.split("@")[0] ?? "";
    const tagAction = TAG_ACTIONS[action];
    if (tagAction) {
      const stepId = id ?? tagAction.defaultId;
      return {
        kind: "tag-action",
        tagValue: `\${{ steps.${stepId}.outputs.${tagAction.output} }}`,
        needsId: id ? null : stepId,
        condition: `steps.${stepId}.outputs.${tagAction.output} != ''`,
      };
    }
    const key =
      action === "rickstaa/action-create-tag"
        ? "tag"
        : action === "softprops/action-gh-release"
          ? "tag_name"
          : action === "ncipollo/release-action"
            ? "tag"
            : null;
    if (!key) return null;
    const value = withMap ? scalarText(valueAt(withMap, key)) : null;
    if (!value) {
      // Without an explicit tag these use the triggering ref: a tag only on tag pushes.
      return action === "rickstaa/action-create-tag"
        ? { unsure: `${action} has no tag input` }
        : null;
    }
    return {
      kind: action === "rickstaa/action-create-tag" ? "tag-action" : "release-action",
      tagValue: value,
      needsId: null,
      condition,
    };
  }
  const run = scalarText(valueAt(step, "run"));
  if (!run) return null;
  const release = GH_RELEASE_CREATE.exec(run);
  if (release?.[1]) {
    const value = portableShellValue(release[1]);
    if (value === null) {
      return {
        unsure: `its gh release create names the tag with a shell variable (${release[1]}) tagwatch cannot read from another step`,
      };
    }
    return { kind: "gh-release", tagValue: value, needsId: null, condition };
  }
  if (GIT_PUSH_TAGS.test(run))
    return { kind: "git-push", tagValue: null, needsId: null, condition };
  return null;
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

type Scan = { candidates: Candidate[]; unsure: string[] };

function scanWorkflow(file: WorkflowFile): Scan {
  const result: Scan = { candidates: [], unsure: [] };
  const document = parse(file.text);
  if (!document || runsOnTags(document)) return result;
  const jobs = valueAt(document.contents as YAMLMap, "jobs");
  if (!isMap(jobs)) return result;
  for (const jobPair of jobs.items) {
    const job = scalarText(jobPair.key);
    const jobMap = jobPair.value;
    if (!job || !isMap(jobMap)) continue;
    const steps = valueAt(jobMap, "steps");
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const found = classifyStep(file.text, step);
      if (!found) return;
      if ("unsure" in found) {
        result.unsure.push(`${workflowFileName(file.path)} (job ${job}): ${found.unsure}`);
        return;
      }
      result.candidates.push({
        ...found,
        path: normalizeWorkflowPath(file.path),
        job,
        index,
        label: stepLabel(step),
        document,
        text: file.text,
        jobMap,
        step,
      });
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The inserted step

const SENTINEL_TAG = "v97.53.1";
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

function stepLines(
  candidate: Candidate,
  releaseFile: string,
  plan: DispatchInputPlan,
): { lines: string[]; dashColumn: number } {
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
  if (candidate.tagValue === null) {
    // git push: dispatch for every tag at the commit it just pushed.
    lines.push(
      `${body}run: |`,
      `${body}  for tag in $(git tag --points-at HEAD); do`,
      `${body}    gh workflow run ${releaseFile} --ref "$tag" -R "$GITHUB_REPOSITORY"${dispatchArgs(plan, "tag")}`,
      `${body}  done`,
    );
  } else {
    const value = candidate.tagValue;
    const expression = /^\$\{\{[^}]*\}\}$/.test(value);
    lines.push(`${body}  TAG: ${expression ? value : JSON.stringify(value)}`);
    lines.push(
      `${body}run: gh workflow run ${releaseFile} --ref "$TAG" -R "$GITHUB_REPOSITORY"${dispatchArgs(plan, "TAG")}`,
    );
  }
  return { lines, dashColumn };
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

/** The `on.workflow_dispatch.inputs` a workflow file declares (empty when none or unreadable). */
export function readDispatchInputs(text: string): DispatchInput[] {
  return parseWorkflow({ path: ".github/workflows/release.yml", text }).inputs;
}

/** The pull request's title and body for a fix: GitHub's rule, what changed, how to verify. */
export function describePipelineFix(
  fix: PipelineFix,
  context: { tag: string; releaseFile: string; repository: string },
): { title: string; body: string } {
  const { tag, releaseFile, repository } = context;
  const changes = fix.changes.map((change) => `- ${change}`).join("\n");
  const review =
    fix.reviewReasons.length > 0
      ? `\n\n### Check before merging\n\n${fix.reviewReasons.map((reason) => `- ${reason}`).join("\n")}`
      : "";
  if (!fix.tagging) {
    return {
      title: `Let ${releaseFile} be dispatched (workflow_dispatch)`,
      body: `${tag} in ${repository} never got a release run, and ${releaseFile} cannot be started by hand or by another workflow because it has no \`workflow_dispatch\` trigger.

### What changes

${changes}

A dispatched run uses the workflow file as it is at the tag, so this helps tags pushed after the merge; older tags can be released with \`gh release create\`.

### How to verify

After merging, push the next tag; if it does not start a run on its own, dispatch it: \`gh workflow run ${releaseFile} --ref <tag> -R ${repository}\`.${review}

---
Opened with tagwatch.`,
    };
  }
  return {
    title: `Dispatch ${releaseFile} after ${workflowFileName(fix.tagging.path)} pushes a tag`,
    body: `${tag} in ${repository} has no release: it was pushed by \`github-actions[bot]\` with the workflow's \`GITHUB_TOKEN\`, and GitHub starts no workflow runs for events made with \`GITHUB_TOKEN\` (so a tag push cannot start ${releaseFile}). The one exception is \`workflow_dispatch\` (and \`repository_dispatch\`): the workflow that makes the tag may start the release workflow itself, with its own token — no personal access token or App secret needed.

### What changes

${changes}

### How to verify

1. Merge this pull request.
2. Let ${workflowFileName(fix.tagging.path)} push its next tag as usual.
3. In the Actions tab, ${releaseFile} runs for that tag (event \`workflow_dispatch\`, actor \`github-actions[bot]\`), and the release appears. tagwatch shows the tag as shipped.

${tag} itself predates this change: ship it once with \`gh workflow run ${releaseFile} --ref ${tag} -R ${repository}\`.${review}

---
Opened with tagwatch.`,
  };
}

/** The edit that gives a workflow a `workflow_dispatch` trigger; null when it already has one. */
export function addDispatchTrigger(file: WorkflowFile): FileEdit | { error: string } | null {
  const document = parse(file.text);
  if (!document) return { error: `${file.path} is not valid YAML` };
  const onPair = pairOf(document.contents as YAMLMap, "on");
  if (!onPair) return { error: `${file.path} has no on:` };
  const text = file.text;
  const on = onPair.value as Node | null;
  let insertion: Insertion;
  if (isMap(on)) {
    if (pairOf(on, "workflow_dispatch")) return null;
    insertion = addToMap(text, on, "workflow_dispatch", on.flow ? "null" : "");
  } else if (isSeq(on)) {
    if (on.items.some((item) => scalarText(item) === "workflow_dispatch")) return null;
    if (!on.flow) {
      const first = on.items[0] as Node | undefined;
      const start = first?.range?.[0] ?? 0;
      const dash = text.lastIndexOf("-", start - 1);
      return {
        path: file.path,
        before: text,
        after: applyInsertions(text, [
          {
            at: afterLastLine(text, on),
            text: withBreaks([`${" ".repeat(columnOf(text, dash))}- workflow_dispatch`], text),
          },
        ]),
      };
    }
    insertion = addToFlow(on, "workflow_dispatch");
  } else if (isScalar(on) && typeof on.value === "string" && on.range) {
    if (on.value === "workflow_dispatch") return null;
    insertion = {
      at: on.range[0],
      replaceTo: on.range[1],
      text: `[${sourceOf(text, on)}, workflow_dispatch]`,
    };
  } else {
    return { error: `${file.path}: on: has a shape tagwatch does not edit` };
  }
  return { path: file.path, before: text, after: applyInsertions(text, [insertion]) };
}

/**
 * The dispatch-step fix for tags pushed with GITHUB_TOKEN: finds the one step that makes the tag
 * and inserts the dispatch after it (plus `actions: write`, plus `workflow_dispatch` on the release
 * workflow if missing). Null with a reason whenever the place to insert is not certain.
 */
export function planDispatchStepFix(input: DispatchStepFixInput): PipelineFixResult {
  const releasePath = normalizeWorkflowPath(input.releasePath);
  const releaseFile = workflowFileName(releasePath);
  const others = input.files.filter((file) => normalizeWorkflowPath(file.path) !== releasePath);
  const scans = others.map(scanWorkflow);
  let candidates = scans.flatMap((scan) => scan.candidates);
  const unsure = scans.flatMap((scan) => scan.unsure);
  if (input.taggingPath) {
    const fromRun = candidates.filter(
      (candidate) => candidate.path === normalizeWorkflowPath(input.taggingPath ?? ""),
    );
    if (fromRun.length > 0) candidates = fromRun;
  }
  if (candidates.length === 0) {
    return {
      fix: null,
      reason:
        unsure.length > 0
          ? `tagwatch found where tags are made but not which tag: ${unsure.join("; ")}.`
          : "tagwatch found no workflow step that creates or pushes tags (git push --tags, a tag action, gh release create).",
    };
  }
  const places = new Set(candidates.map((candidate) => `${candidate.path}#${candidate.job}`));
  if (places.size > 1) {
    return {
      fix: null,
      reason: `Several jobs create or push tags (${[...places].map((place) => place.replace("#", ", job ")).join("; ")}): tagwatch cannot tell which one made this tag.`,
    };
  }
  if (unsure.length > 0) {
    return {
      fix: null,
      reason: `tagwatch is not sure which step makes the tag: ${unsure.join("; ")}.`,
    };
  }
  // In one job, the last tag-making step: after it the tag exists on GitHub.
  const candidate = candidates[candidates.length - 1] as Candidate;
  const steps = valueAt(candidate.jobMap, "steps") as YAMLSeq;
  if (steps.flow) {
    return {
      fix: null,
      reason: `${candidate.path} writes its steps as a flow sequence; edit it by hand.`,
    };
  }
  const already = steps.items.some((step) =>
    isMap(step)
      ? new RegExp(`gh\\s+workflow\\s+run\\s+${releaseFile.replace(".", "\\.")}`).test(
          scalarText(valueAt(step, "run")) ?? "",
        )
      : false,
  );
  if (already) {
    return { fix: null, reason: `${candidate.path} already dispatches ${releaseFile}.` };
  }

  const releaseText = input.files.find((file) => normalizeWorkflowPath(file.path) === releasePath);
  const declared = input.releaseInputs ?? (releaseText ? readDispatchInputs(releaseText.text) : []);
  const plan = planDispatchInputs(declared, SENTINEL_TAG, { text: releaseText?.text });
  const text = candidate.text;
  const insertions: Insertion[] = [];
  const { lines } = stepLines(candidate, releaseFile, plan);
  insertions.push({ at: afterLastLine(text, candidate.step), text: withBreaks(lines, text) });
  const changes = [
    `${candidate.path}: after the step "${candidate.label}" (job ${candidate.job}), a step runs gh workflow run ${releaseFile} --ref <the new tag> with the job's own GITHUB_TOKEN.`,
  ];
  if (candidate.needsId) {
    insertions.push(addToMap(text, candidate.step, "id", candidate.needsId));
    changes.push(
      `${candidate.path}: the step "${candidate.label}" gets id: ${candidate.needsId} so the new step can read the tag it made.`,
    );
  }
  const permission = permissionInsertion(candidate);
  if ("error" in permission) {
    return { fix: null, reason: `${candidate.path}: ${permission.error}.` };
  }
  if (permission.insertion) insertions.push(permission.insertion);
  if (permission.change) changes.push(`${candidate.path}: ${permission.change}.`);

  const after = applyInsertions(text, insertions);
  const files: FileEdit[] = [{ path: candidate.path, before: text, after }];
  const release = input.files.find((file) => normalizeWorkflowPath(file.path) === releasePath);
  if (release) {
    const trigger = addDispatchTrigger(release);
    if (trigger && "error" in trigger) return { fix: null, reason: trigger.error };
    if (trigger) {
      files.push(trigger);
      changes.push(`${releasePath}: on: gains workflow_dispatch, so the new step can start it.`);
    }
  } else {
    return { fix: null, reason: `${releasePath} is not on the default branch.` };
  }
  for (const file of files) {
    if (!parse(file.after)) {
      return {
        fix: null,
        reason: `tagwatch's edit of ${file.path} would not parse; edit it by hand.`,
      };
    }
  }
  return {
    fix: {
      files,
      tagging: {
        path: candidate.path,
        job: candidate.job,
        index: candidate.index,
        label: candidate.label,
        kind: candidate.kind,
      },
      changes,
      reviewReasons: plan.reviewReasons.map((reason) =>
        reason.replace(SENTINEL_TAG, "each new tag"),
      ),
    },
    reason: null,
  };
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
