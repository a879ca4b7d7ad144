import { parse } from "yaml";
import { matchesFilterList } from "./filter-pattern";
import type { WorkflowFile } from "./types";

/** The `on.push` trigger of a workflow, as far as tags are concerned. */
export type PushTrigger = {
  tags: string[] | null;
  tagsIgnore: string[] | null;
  hasBranchFilter: boolean;
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
  dispatch: boolean;
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

/** Parses a workflow file's triggers; never throws. */
export function parseWorkflow(file: WorkflowFile): ParsedWorkflow {
  const path = normalizeWorkflowPath(file.path);
  const fileName = workflowFileName(path);
  let document: unknown;
  try {
    document = parse(file.text);
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

  const release = events.includes("release");
  const dispatch = events.includes("workflow_dispatch");
  const hasTagFilter = push !== null && (push.tags !== null || push.tagsIgnore !== null);
  const manualOnly =
    events.length > 0 &&
    events.every((event) => event === "workflow_dispatch" || event === "workflow_call") &&
    dispatch;
  const saysRelease = /release/i.test(fileName) || /release/i.test(name);
  return {
    path,
    file: fileName,
    name,
    valid: events.length > 0,
    events,
    push,
    release,
    dispatch,
    isRelease: hasTagFilter || release || (manualOnly && saysRelease),
    dispatchYaml: dispatchYamlFor(file.text, form, events),
  };
}

/** Whether a workflow's `on.push.tags` / `tags-ignore` filter lets a push of this tag through. */
export function tagPatternMatches(workflow: ParsedWorkflow, tagName: string): boolean {
  const push = workflow.push;
  if (!push) return false;
  if (push.tags !== null) return matchesFilterList(push.tags, tagName);
  if (push.tagsIgnore !== null) return !matchesFilterList(push.tagsIgnore, tagName);
  return false;
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
