import { CONFIG_PATH, readTagwatchConfig } from "@/lib/health/config";

/** The `watch:` section of `.github/tagwatch.yml`: how the tagwatch App treats a repository it watches. */
export type WatchConfig = {
  /** How long a tag may go without a release run before it is a problem. */
  graceMs: number;
  /** Keep one tracking issue open while any tag is a problem. */
  issue: boolean;
  /** Dispatch the release workflow itself for never-triggered tags a dispatch cures. */
  redispatch: boolean;
};

export const DEFAULT_WATCH_CONFIG: WatchConfig = {
  graceMs: 10 * 60_000,
  issue: true,
  redispatch: false,
};

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "10m", "1h", "2d" (or a bare number of seconds) in milliseconds; null when unreadable. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
  if (typeof value !== "string") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * (UNITS[(match[2] || "s").toLowerCase()] ?? 1000));
}

/** Parses the `watch:` section; wrong values fall back to their defaults with a note, never throw. */
export function parseWatchConfig(text: string | null): { watch: WatchConfig; notes: string[] } {
  const watch = { ...DEFAULT_WATCH_CONFIG };
  const notes: string[] = [];
  // An unreadable file is noted once, by parseTagwatchConfig.
  const section = readTagwatchConfig(text).settings?.watch;
  if (section === undefined || section === null) return { watch, notes };
  if (typeof section !== "object" || Array.isArray(section)) {
    return { watch, notes: [`watch in ${CONFIG_PATH} must be a map; the defaults apply.`] };
  }
  const values = section as Record<string, unknown>;
  if (values.grace !== undefined) {
    const grace = parseDuration(values.grace);
    if (grace === null) {
      notes.push(
        `watch.grace in ${CONFIG_PATH} must be a duration like 30s, 10m or 1h; 10m applies.`,
      );
    } else {
      watch.graceMs = grace;
    }
  }
  for (const key of ["issue", "redispatch"] as const) {
    const value = values[key];
    if (value === undefined) continue;
    if (typeof value === "boolean") watch[key] = value;
    else notes.push(`watch.${key} in ${CONFIG_PATH} must be true or false; ${watch[key]} applies.`);
  }
  return { watch, notes };
}
