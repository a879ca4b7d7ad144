import { parse } from "yaml";

// GitHub's handling of `workflow_dispatch` inputs: what a workflow file declares under
// `on.workflow_dispatch.inputs`, and how the dispatch API checks the `inputs` it is sent (422s
// with GitHub's messages) and fills in the defaults. The file is read at the dispatched ref.

export type InputType = "string" | "boolean" | "choice" | "number" | "environment";

export type DeclaredInput = {
  name: string;
  type: InputType;
  required: boolean;
  /** The default as GitHub passes it: a string ("true"/"false" for booleans); null when none. */
  default: string | null;
  options: string[];
  description: string | null;
};

export type InputCheck =
  | { ok: true; inputs: Record<string, string> }
  | { ok: false; message: string };

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The inputs a workflow file declares for `workflow_dispatch`, in file order. */
export function declaredInputs(text: string): DeclaredInput[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  if (!doc || typeof doc !== "object") return [];
  const record = doc as Record<string, unknown>;
  const on = record.on ?? record.true;
  if (!on || typeof on !== "object" || Array.isArray(on)) return [];
  const dispatch = (on as Record<string, unknown>).workflow_dispatch;
  if (!dispatch || typeof dispatch !== "object") return [];
  const inputs = (dispatch as Record<string, unknown>).inputs;
  if (!inputs || typeof inputs !== "object") return [];
  return Object.entries(inputs as Record<string, unknown>).map(([name, raw]) => {
    const spec = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const type = (
      ["string", "boolean", "choice", "number", "environment"].includes(String(spec.type))
        ? spec.type
        : "string"
    ) as InputType;
    return {
      name,
      type,
      required: spec.required === true || spec.required === "true",
      default: asText(spec.default),
      options: Array.isArray(spec.options) ? spec.options.map((option) => String(option)) : [],
      description: typeof spec.description === "string" ? spec.description : null,
    };
  });
}

/**
 * Checks a dispatch's `inputs` against the declared ones, as GitHub does, and returns the values
 * the run receives: every given value as a string, omitted inputs as their defaults (a boolean
 * without a default is "false"; other inputs without one are left out).
 */
export function checkDispatchInputs(declared: DeclaredInput[], given: unknown): InputCheck {
  const values: Record<string, string> = {};
  const raw = (given ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    if (value === null || typeof value === "object")
      return {
        ok: false,
        message: `Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(value)} is not a string.`,
      };
    values[name] = String(value);
  }
  const known = new Set(declared.map((input) => input.name));
  const unexpected = Object.keys(values).filter((name) => !known.has(name));
  if (unexpected.length > 0)
    return { ok: false, message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` };
  const result: Record<string, string> = {};
  for (const input of declared) {
    const value = values[input.name];
    if (value === undefined) {
      if (input.default !== null) result[input.name] = input.default;
      else if (input.required)
        return { ok: false, message: `Required input '${input.name}' not provided` };
      else if (input.type === "boolean") result[input.name] = "false";
      continue;
    }
    if (input.type === "boolean" && value !== "true" && value !== "false")
      return {
        ok: false,
        message: `Provided value '${value}' for input '${input.name}' is not a valid boolean`,
      };
    if (input.type === "choice" && !input.options.includes(value))
      return {
        ok: false,
        message: `Provided value '${value}' for input '${input.name}' not in the list of allowed values`,
      };
    if (input.type === "number" && (value.trim() === "" || Number.isNaN(Number(value))))
      return {
        ok: false,
        message: `Provided value '${value}' for input '${input.name}' is not a valid number`,
      };
    result[input.name] = value;
  }
  return { ok: true, inputs: result };
}

/** Values of a version input that publish nothing (a rehearsal) or nothing versioned. */
const DRY_RUN = /^(dry[-_ ]?run|test|none|false|skip|no)$/i;
const ROLLING = /^(nightly|latest|edge|canary|snapshot|dev|beta|alpha|unstable)$/i;

/**
 * What a dispatched run whose version comes from an input publishes: the tag that input names
 * (matched with or without the `v` against existing tags, else created as given), a rolling
 * prerelease (`nightly`), or nothing (empty, `dry-run`, or not a version at all).
 */
export function targetOfVersionInput(
  value: string | undefined,
  existingTags: (name: string) => boolean,
): { kind: "tag"; tag: string; exists: boolean } | { kind: "rolling"; tag: string } | null {
  const text = (value ?? "").trim().replace(/^refs\/tags\//, "");
  if (text === "" || DRY_RUN.test(text)) return null;
  if (ROLLING.test(text)) return { kind: "rolling", tag: text.toLowerCase() };
  for (const candidate of [text, `v${text}`, text.replace(/^v/, "")])
    if (existingTags(candidate)) return { kind: "tag", tag: candidate, exists: true };
  // Only something that looks like a version cuts a new release; anything else fails the build.
  if (!/^v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$/.test(text)) return null;
  return { kind: "tag", tag: text, exists: false };
}
