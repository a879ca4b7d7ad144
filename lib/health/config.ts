import { parse } from "yaml";

export const CONFIG_PATH = ".github/tagwatch.yml";

export type TagwatchConfig = {
  /** `expected-assets:` globs, with `{version}` / `{tag}` placeholders unresolved; null when not set. */
  expectedAssets: string[] | null;
  /** `release-workflow:` the file name (or path) of the release workflow, overriding tagwatch's choice. */
  releaseWorkflow: string | null;
  /** Problems with the file, worded for the repository's notes. */
  notes: string[];
};

/** The file's top-level map, parsed once for every section; null (with a note) when unusable. */
export function readTagwatchConfig(text: string | null): {
  settings: Record<string, unknown> | null;
  notes: string[];
} {
  if (text === null || text.trim() === "") return { settings: null, notes: [] };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "invalid YAML";
    return {
      settings: null,
      notes: [`${CONFIG_PATH} is not valid YAML and was ignored (${reason}).`],
    };
  }
  if (document === null || document === undefined) return { settings: null, notes: [] };
  if (typeof document !== "object" || Array.isArray(document)) {
    return { settings: null, notes: [`${CONFIG_PATH} is not a YAML map and was ignored.`] };
  }
  return { settings: document as Record<string, unknown>, notes: [] };
}

/** Parses `.github/tagwatch.yml`; an unreadable file is ignored with a note, never thrown. */
export function parseTagwatchConfig(text: string | null): TagwatchConfig {
  const { settings, notes } = readTagwatchConfig(text);
  const assets = parseExpectedAssets(settings?.["expected-assets"]);
  const workflow = parseReleaseWorkflow(settings?.["release-workflow"]);
  return {
    expectedAssets: assets.expectedAssets,
    releaseWorkflow: workflow.releaseWorkflow,
    notes: [...notes, ...assets.notes, ...workflow.notes],
  };
}

function parseReleaseWorkflow(value: unknown): Pick<TagwatchConfig, "releaseWorkflow" | "notes"> {
  if (value === undefined || value === null) return { releaseWorkflow: null, notes: [] };
  if (
    typeof value !== "string" ||
    !/^(?:\.github\/workflows\/)?[\w.-]+\.ya?ml$/.test(value.trim())
  ) {
    return {
      releaseWorkflow: null,
      notes: [
        `release-workflow in ${CONFIG_PATH} must be a workflow file name like release.yml; it was ignored.`,
      ],
    };
  }
  return { releaseWorkflow: value.trim(), notes: [] };
}

function parseExpectedAssets(value: unknown): Pick<TagwatchConfig, "expectedAssets" | "notes"> {
  if (value === undefined || value === null) return { expectedAssets: null, notes: [] };
  const list = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(list) ||
    !list.every((item) => typeof item === "string" && item.trim() !== "")
  ) {
    return {
      expectedAssets: null,
      notes: [`expected-assets in ${CONFIG_PATH} must be a list of glob patterns; it was ignored.`],
    };
  }
  return { expectedAssets: list.map((item: string) => item.trim()), notes: [] };
}
