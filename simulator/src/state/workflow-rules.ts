import { parse } from "yaml";

// GitHub's rules for which workflow a push, a release or a dispatch starts, from the workflow
// file's `on:` block. Paths filters are ignored (they never apply to tag pushes).

type PushFilter = {
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  tagsIgnore?: string[];
};

export type Triggers = {
  name: string | null;
  /** null: no push trigger; {} : every push. */
  push: PushFilter | null;
  workflowDispatch: boolean;
  /** Release activity types that start the workflow; null when it has no `release` trigger. */
  release: string[] | null;
  /** `on: create`: every branch or tag created; GitHub ignores filters here. */
  create: boolean;
  /** `on: workflow_run`: upstream workflow names, activity types, branch filters. */
  workflowRun: {
    workflows: string[];
    types: string[];
    branches?: string[];
    branchesIgnore?: string[];
  } | null;
  /** `on: workflow_call`: a reusable workflow, run only inside its caller's run. */
  workflowCall: boolean;
  events: string[];
};

function asList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

const parsed = new Map<string, Triggers>();

/** Reads the triggers of a workflow file; a file that does not parse has none. */
export function parseTriggers(text: string): Triggers {
  let triggers = parsed.get(text);
  if (!triggers) {
    triggers = readTriggers(text);
    if (parsed.size > 5000) parsed.clear();
    parsed.set(text, triggers);
  }
  return triggers;
}

function readTriggers(text: string): Triggers {
  const none: Triggers = {
    name: null,
    push: null,
    workflowDispatch: false,
    release: null,
    create: false,
    workflowRun: null,
    workflowCall: false,
    events: [],
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return none;
  }
  if (!doc || typeof doc !== "object") return none;
  const record = doc as Record<string, unknown>;
  const name = typeof record.name === "string" ? record.name : null;
  // YAML 1.1 parsers read `on` as true; the yaml package (1.2 core) keeps "on", but accept both.
  const on = record.on ?? record.true;
  let events: Record<string, unknown> = {};
  if (typeof on === "string") events = { [on]: null };
  else if (Array.isArray(on)) events = Object.fromEntries(on.map((event) => [String(event), null]));
  else if (on && typeof on === "object") events = on as Record<string, unknown>;
  let push: PushFilter | null = null;
  if ("push" in events) {
    const config = (events.push ?? {}) as Record<string, unknown>;
    push = {
      branches: asList(config.branches),
      branchesIgnore: asList(config["branches-ignore"]),
      tags: asList(config.tags),
      tagsIgnore: asList(config["tags-ignore"]),
    };
  }
  let release: string[] | null = null;
  if ("release" in events) {
    const config = (events.release ?? {}) as Record<string, unknown>;
    release = asList(config.types) ?? [
      "published",
      "unpublished",
      "created",
      "edited",
      "deleted",
      "prereleased",
      "released",
    ];
  }
  let workflowRun: Triggers["workflowRun"] = null;
  if ("workflow_run" in events) {
    const config = (events.workflow_run ?? {}) as Record<string, unknown>;
    workflowRun = {
      workflows: asList(config.workflows) ?? [],
      types: asList(config.types) ?? ["requested", "in_progress", "completed"],
      branches: asList(config.branches),
      branchesIgnore: asList(config["branches-ignore"]),
    };
  }
  return {
    name,
    push,
    workflowDispatch: "workflow_dispatch" in events,
    release,
    create: "create" in events,
    workflowRun,
    workflowCall: "workflow_call" in events,
    events: Object.keys(events),
  };
}

function escapeRegex(char: string): string {
  return /[\\^$.|(){}[\]*+?/]/.test(char) ? `\\${char}` : char;
}

/** Converts one GitHub filter pattern (`*`, `**`, `?`, `+`, `[]`, `\`) to a regular expression. */
export function filterPatternToRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\" && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i] as string);
    } else if (char === "*") {
      if (pattern[i + 1] === "*") {
        source += ".*";
        i++;
      } else source += "[^/]*";
    } else if ((char === "?" || char === "+") && source.length > 0 && !source.endsWith("*")) {
      // A quantifier on the preceding character, as in GitHub's filter syntax.
      source += char;
    } else if (char === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) source += "\\[";
      else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += escapeRegex(char);
  }
  return new RegExp(`^${source}$`);
}

/** Whether `name` passes a list of filter patterns; later `!patterns` exclude, later patterns re-include. */
export function matchesFilters(patterns: string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith("!")) {
      if (matched && filterPatternToRegex(pattern.slice(1)).test(name)) matched = false;
    } else if (!matched && filterPatternToRegex(pattern).test(name)) matched = true;
  }
  return matched;
}

function passes(
  include: string[] | undefined,
  ignore: string[] | undefined,
  name: string,
): boolean {
  if (include) return matchesFilters(include, name);
  if (ignore) return !ignore.some((pattern) => filterPatternToRegex(pattern).test(name));
  return true;
}

/** Whether a push of `ref` (a branch or a tag) starts a workflow with these triggers. */
export function pushStarts(
  triggers: Triggers,
  ref: { type: "branch" | "tag"; name: string },
): boolean {
  const push = triggers.push;
  if (!push) return false;
  const hasBranchFilter = push.branches !== undefined || push.branchesIgnore !== undefined;
  const hasTagFilter = push.tags !== undefined || push.tagsIgnore !== undefined;
  if (ref.type === "tag") {
    if (hasTagFilter) return passes(push.tags, push.tagsIgnore, ref.name);
    // Only branch filters: tag pushes do not start the workflow.
    return !hasBranchFilter;
  }
  if (hasBranchFilter) return passes(push.branches, push.branchesIgnore, ref.name);
  return !hasTagFilter;
}

/**
 * The release activity types one action fires: creating a release (a draft fires only `created`)
 * or publishing a draft. `published` covers prereleases; `released` does not.
 */
export function releaseActivities(
  action: "create" | "publish",
  release: { draft: boolean; prerelease: boolean },
): string[] {
  if (action === "create" && release.draft) return ["created"];
  const kind = release.prerelease ? "prereleased" : "released";
  return action === "create" ? ["created", "published", kind] : ["published", kind];
}

/** Whether a `workflow_run` trigger starts on this activity of a run of `upstream`. */
export function workflowRunStarts(
  triggers: Triggers,
  upstream: { name: string; headBranch: string | null },
  activity: "requested" | "in_progress" | "completed",
): boolean {
  const config = triggers.workflowRun;
  if (!config?.workflows.includes(upstream.name) || !config.types.includes(activity)) return false;
  return passes(config.branches, config.branchesIgnore, upstream.headBranch ?? "");
}
