import { makeBadge } from "badge-maker";
import type { HealthSummary } from "@/lib/health/types";

// What a README badge says about a repository's release health, as plain data: no I/O, no clock.

export type BadgeState =
  | "ok"
  | "not-configured"
  | "not-found"
  | "invalid"
  | "unavailable"
  /** A badge link whose repository the tagwatch App cannot read (not installed there). */
  | "app-not-installed";

export const BADGE_STYLES = ["flat", "flat-square", "for-the-badge"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export const BADGE_FORMATS = ["svg", "shields"] as const;
export type BadgeFormat = (typeof BADGE_FORMATS)[number];

/** What was wrong with a badge request; shown as "invalid <what>", never as the input itself. */
export type InvalidPart = "repository" | "style" | "label" | "format";

export type BadgeOptions = {
  /** A validated `?label=` override; null or undefined keeps "release". */
  label?: string | null;
  /** The tag whose release run is queued or running (newest first); falls back to the latest tag. */
  pendingTag?: string | null;
  /** For state "invalid": which part of the request was wrong. */
  invalid?: InvalidPart;
};

export type BadgeDescription = { label: string; message: string; color: string };

export type BadgeQuery = { format: BadgeFormat; style: BadgeStyle; label: string | null };

export type ShieldsJson = {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
  cacheSeconds: number;
  isError?: true;
};

export const DEFAULT_LABEL = "release";
export const MAX_LABEL_LENGTH = 40;
const MAX_TAG_LENGTH = 48;
/** Shields ignores cacheSeconds below 300. */
export const SHIELDS_CACHE_SECONDS = 300;

export const BADGE_COLORS = {
  healthy: "green",
  flagged: "red",
  pending: "blue",
  neutral: "lightgrey",
  unavailable: "orange",
} as const;

// Tag names come from GitHub, not from the request, but can be 250 characters long.
function shortTag(name: string): string {
  const chars = [...name];
  return chars.length > MAX_TAG_LENGTH ? `${chars.slice(0, MAX_TAG_LENGTH - 1).join("")}…` : name;
}

function describeHealth(
  summary: HealthSummary | null,
  pendingTag: string | null,
): BadgeDescription {
  const label = DEFAULT_LABEL;
  if (!summary || summary.total === 0) {
    return { label, message: "no tags", color: BADGE_COLORS.neutral };
  }
  if (summary.flagged > 0) {
    const noun = summary.flagged === 1 ? "tag" : "tags";
    return { label, message: `${summary.flagged} ${noun} unreleased`, color: BADGE_COLORS.flagged };
  }
  if (summary.counts["run-pending"] > 0) {
    const tag = pendingTag ?? summary.latestTag;
    return {
      label,
      message: tag ? `${shortTag(tag)} building` : "building",
      color: BADGE_COLORS.pending,
    };
  }
  const shipped = summary.latestRelease ?? summary.latestTag;
  return {
    label,
    message: shipped ? shortTag(shipped) : "healthy",
    color: BADGE_COLORS.healthy,
  };
}

/** The badge's label, message and colour for a repository's health summary (or why there is none). */
export function describeBadge(
  summary: HealthSummary | null,
  state: BadgeState,
  options: BadgeOptions = {},
): BadgeDescription {
  let description: BadgeDescription;
  switch (state) {
    case "ok":
      description = describeHealth(summary, options.pendingTag ?? null);
      break;
    case "not-configured":
      description = {
        label: DEFAULT_LABEL,
        message: "not configured",
        color: BADGE_COLORS.neutral,
      };
      break;
    case "not-found":
      description = { label: DEFAULT_LABEL, message: "not found", color: BADGE_COLORS.neutral };
      break;
    case "app-not-installed":
      description = {
        label: DEFAULT_LABEL,
        message: "App not installed",
        color: BADGE_COLORS.neutral,
      };
      break;
    case "invalid":
      description = {
        label: DEFAULT_LABEL,
        message: `invalid ${options.invalid ?? "repository"}`,
        color: BADGE_COLORS.neutral,
      };
      break;
    case "unavailable":
      description = {
        label: DEFAULT_LABEL,
        message: "unavailable",
        color: BADGE_COLORS.unavailable,
      };
      break;
  }
  const label = options.label ?? null;
  return label === null ? description : { ...description, label };
}

/** True for the states that say nothing about the repository's releases. */
export function isErrorState(state: BadgeState): boolean {
  return state !== "ok";
}

/** The badge as an SVG in the shields.io look; badge-maker escapes every text it is given. */
export function renderBadgeSvg(description: BadgeDescription, style: BadgeStyle = "flat"): string {
  return makeBadge({
    label: description.label,
    message: description.message,
    color: description.color,
    style,
  });
}

/** The badge as shields.io endpoint JSON: exactly the keys shields accepts. */
export function toShieldsJson(
  description: BadgeDescription,
  options: { isError?: boolean; cacheSeconds?: number } = {},
): ShieldsJson {
  return {
    schemaVersion: 1,
    label: description.label,
    message: description.message,
    color: description.color,
    cacheSeconds: Math.max(SHIELDS_CACHE_SECONDS, options.cacheSeconds ?? SHIELDS_CACHE_SECONDS),
    ...(options.isError ? { isError: true as const } : {}),
  };
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Reads `?format=`, `?style=` and `?label=`; the first invalid one is named, never echoed. */
export function parseBadgeQuery(
  params: URLSearchParams,
): { ok: true; query: BadgeQuery } | { ok: false; invalid: InvalidPart; format: BadgeFormat } {
  const rawFormat = params.get("format");
  const format = rawFormat === null || rawFormat === "" ? "svg" : rawFormat;
  if (!isOneOf(BADGE_FORMATS, format)) return { ok: false, invalid: "format", format: "svg" };
  const rawStyle = params.get("style");
  const style = rawStyle === null || rawStyle === "" ? "flat" : rawStyle;
  if (!isOneOf(BADGE_STYLES, style)) return { ok: false, invalid: "style", format };
  const label = params.get("label");
  if (label !== null && !isValidLabel(label)) return { ok: false, invalid: "label", format };
  return { ok: true, query: { format, style, label } };
}

/** Whether a badge request carries a badge token: a badge link's, never served from public caches. */
export function isTokenRequest(params: URLSearchParams): boolean {
  return params.has("token");
}

/** A label override: at most 40 characters, no control characters. */
export function isValidLabel(label: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  return [...label].length <= MAX_LABEL_LENGTH && !/[\u0000-\u001f\u007f-\u009f]/.test(label);
}
