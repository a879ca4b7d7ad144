import type { DispatchInput } from "@/lib/health/types";
import { getVersion } from "@/lib/health/versions";
import type { DispatchInputPlan, InputSuggestion } from "./types";

// What a dispatch on a tag sends as `inputs`. The tag must reach the input that carries it (with
// or without the "v", as the workflow expects), and no default may quietly build something else:
// a dry run, a nightly, another version, another branch, publishing switched off. Whatever
// tagwatch cannot fill with confidence turns the one click into a form a person confirms.

export type PlanContext = {
  /** The workflow file's text: `v${{ inputs.version }}` says the input takes no "v". */
  text?: string;
  /** Whether the tag is (or should be) a prerelease. */
  prerelease?: boolean;
};

function key(name: string): string {
  return name.toLowerCase().replaceAll("-", "_");
}

const TAG_NAMES = new Set([
  "tag",
  "tag_name",
  "tagname",
  "release_tag",
  "git_tag",
  "tag_ref",
  "ref",
  "git_ref",
  "release_ref",
  "checkout_ref",
]);
const VERSION_NAMES = new Set([
  "version",
  "release_version",
  "new_version",
  "app_version",
  "package_version",
  "pkg_version",
  "release_name",
]);
// Booleans that switch publishing off when true / on when true.
const OFF_SWITCH =
  /^(?:dry_?run|dryrun|test_?run|snapshot|skip_(?:publish|release|upload|push|deploy)\w*|no_(?:publish|release|push|upload)\w*|draft)$/;
const ON_SWITCH =
  /^(?:publish|push|release|upload|deploy|create_release|(?:publish|push|upload|deploy)_\w+)$/;
const NOT_STABLE = /^(?:dry[-_ ]?run|nightly|canary|snapshot|test|dev|edge|preview|beta|alpha)$/i;
const STABLE_OPTION = /^(?:stable|release|production|prod|latest|final)$/i;

type Carrier = "tag" | "version";

function carrierOf(input: DispatchInput): Carrier | null {
  if (input.type !== "string" && input.type !== "choice") return null;
  const name = key(input.name);
  if (TAG_NAMES.has(name)) return "tag";
  if (VERSION_NAMES.has(name)) return "version";
  // `go-version`, `node_version`, `version_bump`: a tool's version or a bump kind, not ours.
  if (/version|bump/.test(name)) return null;
  // Only a description that is about the tag itself: "Release Tag", "Tag name for release", "tag to build".
  const description = input.description ?? "";
  if (
    /^(?:the\s+)?(?:release\s+|git\s+)?tag(?:\s+name)?\b/i.test(description) ||
    /\b(?:release\s+tag|tag\s+name|tag\s+to\s+(?:release|build|publish|deploy|ship))\b/i.test(
      description,
    )
  ) {
    return "tag";
  }
  if (/^(?:the\s+)?(?:release\s+)?version\b/i.test(description)) return "version";
  return null;
}

/** Whether the workflow prefixes a "v" itself (`v${{ inputs.x }}`): then the input takes none. */
function prefixedInText(name: string, text: string | undefined): boolean {
  if (!text) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`v\\$\\{\\{\\s*(?:github\\.event\\.)?inputs\\.${escaped}\\s*\\}\\}`, "i").test(
    text,
  );
}

/** Whether the workflow uses the input in place of the ref (`inputs.x || github.ref_name`): it takes the tag as is. */
function standsInForRef(name: string, text: string | undefined): boolean {
  if (!text) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    `inputs\\.${escaped}\\s*\\|\\|\\s*github\\.(?:ref_name|event\\.release\\.tag_name)`,
    "i",
  ).test(text);
}

/** "v" or no "v", from what the input's default, description or use in the file shows; null when nothing does. */
function wantsV(input: DispatchInput, text: string | undefined): boolean | null {
  if (prefixedInText(input.name, text)) return false;
  if (standsInForRef(input.name, text)) return true;
  const description = input.description ?? "";
  if (/without\s+(?:the\s+|a\s+)?["'`]?v\b|no\s+["'`]?v["'`]?\s+prefix/i.test(description))
    return false;
  if (
    /(?:prefixed|starting|begin\w*)\s+with\s+(?:a\s+|the\s+)?["'`]?v\b|including\s+(?:the\s+)?["'`]?v\b/i.test(
      description,
    )
  ) {
    return true;
  }
  const examples = [
    input.default ?? "",
    ...(description.match(/\bv?\d+\.\d+(?:\.\d+)?\S*/g) ?? []),
  ];
  for (const example of examples) {
    if (/^v\d+\.\d+/.test(example)) return true;
    if (/^\d+\.\d+/.test(example)) return false;
  }
  return null;
}

function suggest(
  input: DispatchInput,
  value: string,
  reason: string,
  confident: boolean,
): InputSuggestion {
  return { name: input.name, value, reason, confident, input };
}

function carrierSuggestion(
  input: DispatchInput,
  carrier: Carrier,
  tagName: string,
  context: PlanContext,
): InputSuggestion {
  const version = getVersion(tagName);
  const hasV = version !== tagName;
  const v = wantsV(input, context.text);
  let value: string;
  let confident = true;
  let why: string;
  if (!hasV) {
    value = tagName;
    why = `carries the tag (${tagName})`;
  } else if (v === true) {
    value = tagName;
    why = `carries the tag; its ${input.description ? "description" : "default"} shows a "v"`;
  } else if (v === false) {
    value = version;
    why = `carries the version; the workflow expects it without the "v"`;
  } else if (carrier === "tag") {
    value = tagName;
    why = "carries the tag";
  } else {
    value = version;
    confident = false;
    why = `carries the version; nothing shows whether it takes "${tagName}" or "${version}"`;
  }
  if (input.type === "choice" && !(input.options ?? []).includes(value)) {
    const option = (input.options ?? []).find(
      (candidate) => candidate === tagName || candidate === version,
    );
    if (option) return suggest(input, option, why, confident);
    return suggest(input, input.default ?? "", `${tagName} is not one of its options`, false);
  }
  const replaced =
    input.default !== null && input.default !== "" && input.default !== value
      ? ` (instead of its default "${input.default}")`
      : "";
  return suggest(input, value, `${why}${replaced}`, confident);
}

function otherSuggestion(input: DispatchInput, context: PlanContext): InputSuggestion | null {
  const name = key(input.name);
  const fallback = input.default;
  if (input.type === "boolean") {
    const value = fallback === null ? "false" : fallback === "true" ? "true" : "false";
    if (OFF_SWITCH.test(name) && value === "true") {
      return suggest(input, "false", `its default (true) would build without publishing`, false);
    }
    if (ON_SWITCH.test(name) && value === "false") {
      return suggest(input, "true", `its default (false) would build without publishing`, false);
    }
    if (name === "prerelease" && value !== String(context.prerelease ?? false)) {
      // The tag itself says whether it is a prerelease: its default would mislabel this one.
      const wanted = String(context.prerelease ?? false);
      return suggest(
        input,
        wanted,
        `${wanted === "true" ? "the tag is a prerelease" : "the tag is a full release"} (its default is ${value})`,
        true,
      );
    }
    return fallback === null && !input.required ? null : suggest(input, value, "its default", true);
  }
  if (/branch/.test(name)) {
    return suggest(
      input,
      fallback ?? "",
      `the workflow would check out and release a branch${fallback ? ` (${fallback})` : ""}, not this tag`,
      false,
    );
  }
  if (/bump/.test(name)) {
    return suggest(
      input,
      fallback ?? "",
      "it makes a new version instead of shipping this tag",
      false,
    );
  }
  if (input.type === "choice" && fallback !== null && NOT_STABLE.test(fallback)) {
    const stable = (input.options ?? []).find((option) => STABLE_OPTION.test(option));
    return suggest(
      input,
      stable ?? fallback,
      `its default (${fallback}) would ship a ${fallback} build, not this tag`,
      false,
    );
  }
  if (fallback !== null && NOT_STABLE.test(fallback) && !/version$/.test(name)) {
    return suggest(input, fallback, `its default (${fallback}) would not ship this tag`, false);
  }
  if (fallback === null || (fallback === "" && !input.required)) {
    if (!input.required) return null;
    return suggest(input, "", "required, and tagwatch cannot tell what it should be", false);
  }
  return suggest(input, fallback, "its default", true);
}

/**
 * What to send as `inputs` when dispatching a workflow on a tag: each declared input's suggested
 * value and why, and whether a person must review them before anything is sent.
 */
export function planDispatchInputs(
  declared: DispatchInput[],
  tagName: string,
  context: PlanContext = {},
): DispatchInputPlan {
  const suggestions: InputSuggestion[] = [];
  for (const input of declared) {
    const carrier = carrierOf(input);
    const suggestion = carrier
      ? carrierSuggestion(input, carrier, tagName, context)
      : otherSuggestion(input, context);
    if (suggestion) suggestions.push(suggestion);
  }
  const inputs: Record<string, string> = {};
  for (const suggestion of suggestions) inputs[suggestion.name] = suggestion.value;
  const reviewReasons = suggestions
    .filter((suggestion) => !suggestion.confident)
    .map((suggestion) => `${suggestion.name}: ${suggestion.reason}`);
  return { inputs, suggestions, needsReview: reviewReasons.length > 0, reviewReasons };
}

/** Why a person's edited inputs would be refused by GitHub; null when GitHub would accept them. */
export function validateDispatchInputs(
  declared: DispatchInput[],
  inputs: Record<string, string>,
): string | null {
  const names = new Set(declared.map((input) => input.name));
  const unexpected = Object.keys(inputs).filter((name) => !names.has(name));
  if (unexpected.length > 0) {
    return `Unexpected inputs: ${unexpected.join(", ")} (the workflow declares ${declared.length > 0 ? [...names].join(", ") : "none"}).`;
  }
  for (const input of declared) {
    const value = inputs[input.name];
    if (input.required && (value === undefined || value === "") && !input.default) {
      return `Input ${input.name} is required.`;
    }
    if (value === undefined) continue;
    if (input.type === "boolean" && value !== "true" && value !== "false") {
      return `Input ${input.name} must be true or false.`;
    }
    if (input.type === "choice" && !(input.options ?? []).includes(value)) {
      return `Input ${input.name} must be one of: ${(input.options ?? []).join(", ")}.`;
    }
    if (input.type === "number" && value !== "" && !Number.isFinite(Number(value))) {
      return `Input ${input.name} must be a number.`;
    }
  }
  return null;
}
