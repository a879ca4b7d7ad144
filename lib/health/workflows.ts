import { parse } from "yaml";
import { matchesFilterList } from "./filter-pattern";
import type { DispatchInput, WorkflowFile } from "./types";
import { type StepSummary, summarizeSteps } from "./workflow-steps";

/** The `on.push` trigger of a workflow, as far as tags are concerned. */
export type PushTrigger = {
  tags: string[] | null;
  tagsIgnore: string[] | null;
  hasBranchFilter: boolean;
};

/** `on.workflow_run`: runs after the named workflows' runs. */
export type WorkflowRunTrigger = {
  workflows: string[];
  /** Activity types (`completed`, `requested`, `in_progress`); empty = every type. */
  types: string[];
  /** `branches` filter, matched against the upstream run's head branch (the tag, for tag runs). */
  branches: string[] | null;
  branchesIgnore: string[] | null;
};

export type ParsedWorkflow = {
  path: string;
  /** Base name, e.g. "release.yml": what `gh workflow run` and the dispatch API accept. */
  file: string;
  /** The YAML `name:`, else the file name. */
  name: string;
  /** False when the file is not valid YAML or has no `on:`; such a workflow never runs. */
  valid: boolean;
  events: string[];
  push: PushTrigger | null;
  release: boolean;
  /** `on.release.types` (empty = every activity type). */
  releaseTypes: string[];
  /** `on: create`: runs for every branch or tag created. */
  create: boolean;
  workflowRun: WorkflowRunTrigger | null;
  /** `on: workflow_call`: a reusable workflow, run only inside its caller's run. */
  call: boolean;
  dispatch: boolean;
  /** `on.workflow_dispatch.inputs`, in file order. */
  inputs: DispatchInput[];
  steps: StepSummary;
  /** The file's text, for reading how inputs are used. */
  text: string;
  /** Looks like it ships releases: publish steps, an `on: release` trigger, or a release-like name. */
  isRelease: boolean;
  /** The lines to add so the workflow gains `workflow_dispatch` (under `on:` for the map form). */
  dispatchYaml: string;
};

/** The file name of a workflow path, without any `@ref` suffix. */
export function workflowFileName(path: string): string {
  const clean = normalizeWorkflowPath(path);
  return clean.slice(clean.lastIndexOf("/") + 1);
}

/** A workflow path without the `@refs/...` suffix GitHub sometimes appends. */
export function normalizeWorkflowPath(path: string): string {
  const at = path.indexOf("@");
  return at === -1 ? path : path.slice(0, at);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toPatternList(value: unknown): string[] | null {
  if (value === undefined) return null;
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map((item) => String(item));
  // `tags:` with no value (null) filters on nothing: no tag matches.
  return [];
}

function toStringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map((item) => String(item));
  return [];
}

function parseWorkflowRun(value: unknown): WorkflowRunTrigger {
  const record = isRecord(value) ? value : {};
  return {
    workflows: toStringList(record.workflows),
    types: toStringList(record.types),
    branches: record.branches === undefined ? null : toStringList(record.branches),
    branchesIgnore:
      record["branches-ignore"] === undefined ? null : toStringList(record["branches-ignore"]),
  };
}

const INPUT_TYPES = new Set(["string", "boolean", "choice", "number", "environment"]);

/** A declared default as the string a dispatch sends (`true`, `1.2`, ...); null when absent. */
function defaultString(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : String(value);
}

function parseInputs(value: unknown): DispatchInput[] {
  if (!isRecord(value) || !isRecord(value.inputs)) return [];
  return Object.entries(value.inputs).map(([name, raw]) => {
    const spec = isRecord(raw) ? raw : {};
    const type = typeof spec.type === "string" && INPUT_TYPES.has(spec.type) ? spec.type : "string";
    return {
      name,
      type: type as DispatchInput["type"],
      required: spec.required === true || spec.required === "true",
      default: defaultString(spec.default),
      options: type === "choice" ? toStringList(spec.options) : null,
      description: typeof spec.description === "string" ? spec.description.trim() : null,
    };
  });
}

function parsePush(value: unknown): PushTrigger {
  if (!isRecord(value)) return { tags: null, tagsIgnore: null, hasBranchFilter: false };
  return {
    tags: toPatternList(value.tags),
    tagsIgnore: toPatternList(value["tags-ignore"]),
    hasBranchFilter: value.branches !== undefined || value["branches-ignore"] !== undefined,
  };
}

function indentUnderOn(text: string): string {
  const lines = text.split(/\r?\n/);
  const onLine = lines.findIndex((line) => /^["']?on["']?\s*:\s*(#.*)?$/.test(line));
  if (onLine === -1) return "  ";
  for (const line of lines.slice(onLine + 1)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const indent = /^(\s+)/.exec(line)?.[1];
    return indent ?? "  ";
  }
  return "  ";
}

function dispatchYamlFor(text: string, form: "map" | "list" | "none", events: string[]): string {
  if (form === "map") return `${indentUnderOn(text)}workflow_dispatch:`;
  // `on: push` / `on: [push, release]` cannot take a key: the whole `on:` has to become a map.
  return ["on:", ...[...events, "workflow_dispatch"].map((event) => `  ${event}:`)].join("\n");
}

// Parsed once per path and text: every overview card and page judges the same few workflow files
// again, and parsing their YAML was a large part of a warm overview's server time.
const parsed = new Map<string, ParsedWorkflow>();
const PARSED_MAX = 2000;

/** Parses a workflow file's triggers; never throws. The result is shared: do not change it. */
export function parseWorkflow(file: WorkflowFile): ParsedWorkflow {
  const key = `${file.path}\u0000${file.text}`;
  const known = parsed.get(key);
  if (known) return known;
  const workflow = parseWorkflowText(file);
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, workflow);
  return workflow;
}

function parseWorkflowText(file: WorkflowFile): ParsedWorkflow {
  const path = normalizeWorkflowPath(file.path);
  const fileName = workflowFileName(path);
  let document: unknown;
  try {
    // `merge`: real workflows share steps through YAML anchors and `<<:` merge keys.
    document = parse(file.text, { merge: true });
  } catch {
    document = null;
  }
  const root = isRecord(document) ? document : {};
  // YAML 1.1 parsers read a bare `on` as true; accept that spelling too.
  const on = root.on ?? root.true;
  const name = typeof root.name === "string" && root.name.trim() !== "" ? root.name : fileName;

  let events: string[] = [];
  let push: PushTrigger | null = null;
  let form: "map" | "list" | "none" = "none";
  if (typeof on === "string") {
    events = [on];
    form = "list";
  } else if (Array.isArray(on)) {
    events = on.map((event) => String(event));
    form = "list";
  } else if (isRecord(on)) {
    events = Object.keys(on);
    form = "map";
    if ("push" in on) push = parsePush(on.push);
  }
  if (push === null && events.includes("push")) push = parsePush(null);

  const onMap = isRecord(on) ? on : {};
  const release = events.includes("release");
  const dispatch = events.includes("workflow_dispatch");
  const workflowRun = events.includes("workflow_run") ? parseWorkflowRun(onMap.workflow_run) : null;
  const steps = summarizeSteps(root.jobs);
  const saysRelease = RELEASE_NAME.test(fileName) || RELEASE_NAME.test(name);
  return {
    path,
    file: fileName,
    name,
    valid: events.length > 0,
    events,
    push,
    release,
    releaseTypes: release && isRecord(onMap.release) ? toStringList(onMap.release.types) : [],
    create: events.includes("create"),
    workflowRun,
    call: events.includes("workflow_call"),
    dispatch,
    inputs: dispatch ? parseInputs(onMap.workflow_dispatch) : [],
    steps,
    text: file.text,
    isRelease: events.length > 0 && (steps.publishes.length > 0 || saysRelease || release),
    dispatchYaml: dispatchYamlFor(file.text, form, events),
  };
}

/** File or workflow names that say "this ships releases". */
export const RELEASE_NAME = /release|publish|deploy|goreleaser|\bcd\b|dist\b/i;

/** Whether a workflow's `on.push` lets a push of this tag through (`tags`, `tags-ignore`, or no filter at all). */
export function tagPatternMatches(workflow: ParsedWorkflow, tagName: string): boolean {
  const push = workflow.push;
  if (!push) return false;
  if (push.tags !== null) return matchesFilterList(push.tags, tagName);
  if (push.tagsIgnore !== null) return !matchesFilterList(push.tagsIgnore, tagName);
  // `on: push` with no filters runs for every tag; with only branch filters, for none.
  return !push.hasBranchFilter;
}

/** The tag filter of a workflow in words, e.g. "v*" or "all tags except v0*"; null when it has none. */
export function describeTagFilter(workflow: ParsedWorkflow): string | null {
  const push = workflow.push;
  if (push?.tags) return push.tags.map((pattern) => `"${pattern}"`).join(", ") || "no tags";
  if (push?.tagsIgnore) {
    return `all tags except ${push.tagsIgnore.map((pattern) => `"${pattern}"`).join(", ")}`;
  }
  return null;
}
