import { parse } from "yaml";

export const CONFIG_PATH = ".github/tagwatch.yml";

export type TagwatchConfig = {
  /** `expected-assets:` globs, with `{version}` / `{tag}` placeholders unresolved; null when not set. */
  expectedAssets: string[] | null;
  /** Problems with the file, worded for the repository's notes. */
  notes: string[];
};

/** Parses `.github/tagwatch.yml`; an unreadable file is ignored with a note, never thrown. */
export function parseTagwatchConfig(text: string | null): TagwatchConfig {
  if (text === null || text.trim() === "") return { expectedAssets: null, notes: [] };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "invalid YAML";
    return {
      expectedAssets: null,
      notes: [`${CONFIG_PATH} is not valid YAML and was ignored (${reason}).`],
    };
  }
  if (document === null || document === undefined) return { expectedAssets: null, notes: [] };
  if (typeof document !== "object" || Array.isArray(document)) {
    return { expectedAssets: null, notes: [`${CONFIG_PATH} is not a YAML map and was ignored.`] };
  }
  const value = (document as Record<string, unknown>)["expected-assets"];
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
