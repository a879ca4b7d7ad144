import picomatch from "picomatch";
import { CONFIG_PATH } from "./config";
import type { AssetInfo, ReleaseInfo } from "./types";
import { getVersion, swapVersion } from "./versions";

/** The same manifest names lib/github downloads (GoReleaser's checksums.txt, sha256sums, ...). */
const MANIFEST_NAME = /(^|[_.-])(checksums|sha256sums)(\.txt)?$/i;

export type ExpectedAssets = {
  /** Asset names (or glob patterns from the config) a tag's release should carry; null when unknown. */
  expected: string[] | null;
  missing: string[];
  /** Where the expectation comes from, worded for a message: "listed in checksums.txt". */
  source: string | null;
};

export type ExpectedAssetsInput = {
  tagName: string;
  /** taggedAt ?? commitDate: orders a tag without a release among the releases. */
  tagDate: string;
  release: ReleaseInfo | null;
  globs: string[] | null;
  manifest: string[] | undefined;
  /** From getCompleteReleases: oldest first. */
  completeReleases: ReleaseInfo[];
};

function time(date: string | null | undefined): number {
  return date ? Date.parse(date) : Number.NaN;
}

function assetNames(release: ReleaseInfo): string[] {
  return release.assets.map((asset) => asset.name);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

// Releases are sorted by date, and every tag looks for its baseline among the same ones: each
// release's date is read once.
const createdTimes = new WeakMap<ReleaseInfo, number>();

function createdTime(release: ReleaseInfo): number {
  let value = createdTimes.get(release);
  if (value === undefined) {
    value = time(release.createdAt);
    createdTimes.set(release, value);
  }
  return value;
}

/** Releases that shipped everything, oldest first: each has (at least) every asset of the one before, version swapped. */
export function getCompleteReleases(releases: ReleaseInfo[]): ReleaseInfo[] {
  const oldestFirst = [...releases].reverse().sort((a, b) => {
    const difference = createdTime(a) - createdTime(b);
    return Number.isNaN(difference) ? 0 : difference;
  });
  const complete: ReleaseInfo[] = [];
  let baseline: ReleaseInfo | null = null;
  for (const release of oldestFirst) {
    if (release.isDraft || release.assets.length === 0) continue;
    if (baseline) {
      const from = getVersion(baseline.tagName);
      const to = getVersion(release.tagName);
      const names = new Set(assetNames(release));
      if (!assetNames(baseline).every((name) => names.has(swapVersion(name, from, to)))) continue;
    }
    complete.push(release);
    baseline = release;
  }
  return complete;
}

function pickBaseline(input: ExpectedAssetsInput): ReleaseInfo | null {
  const others = input.completeReleases.filter((release) => release.tagName !== input.tagName);
  const at = time(input.release?.createdAt ?? input.tagDate);
  if (Number.isNaN(at)) return others.at(-1) ?? null;
  const before = others.filter((release) => createdTime(release) <= at);
  return before.at(-1) ?? others[0] ?? null;
}

/** Whether an asset name meets an expectation: a glob of the config, or an exact name. */
function matcherOf(expectation: string, isGlob: boolean): (name: string) => boolean {
  if (!isGlob) return (name) => name === expectation;
  const isMatch = picomatch(expectation, { dot: true });
  // Called with the name alone: picomatch's second argument asks for a result object.
  return (name) => isMatch(name);
}

function fromGlobs(globs: string[], tagName: string, actual: string[]): ExpectedAssets {
  const version = getVersion(tagName);
  const patterns = unique(
    globs.map((glob) => glob.replaceAll("{version}", version).replaceAll("{tag}", tagName)),
  );
  const missing = patterns.filter((pattern) => !actual.some(matcherOf(pattern, true)));
  return { expected: patterns, missing, source: `required by ${CONFIG_PATH}` };
}

/**
 * For each expectation (`expected` as getExpectedAssets made it; globs when the config set them),
 * the first of the release's assets that met it; none for an expectation nothing meets.
 */
export function getExpectedAssetsPresent(
  expected: string[],
  release: ReleaseInfo,
  isGlob: boolean,
): AssetInfo[] {
  const byUpload = [...release.assets].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
  return expected.flatMap((expectation) => {
    const matches = matcherOf(expectation, isGlob);
    const first = byUpload.find((asset) => matches(asset.name));
    return first ? [first] : [];
  });
}

/** Which assets a tag's release should carry and which of them it lacks. */
export function getExpectedAssets(input: ExpectedAssetsInput): ExpectedAssets {
  const actual = input.release ? assetNames(input.release) : [];
  let result: ExpectedAssets;
  if (input.globs) {
    result = fromGlobs(input.globs, input.tagName, actual);
  } else if (input.manifest && input.manifest.length > 0) {
    const manifestFile = actual.find((name) => MANIFEST_NAME.test(name));
    const listed = input.manifest.map((name) => name.replace(/^\*/, "").split("/").pop() ?? name);
    const expected = unique(manifestFile ? [...listed, manifestFile] : listed);
    const present = new Set(actual);
    result = {
      expected,
      missing: expected.filter((name) => !present.has(name)),
      source: `listed in ${manifestFile ?? "the checksums manifest"}`,
    };
  } else {
    const baseline = pickBaseline(input);
    if (!baseline) return { expected: null, missing: [], source: null };
    const from = getVersion(baseline.tagName);
    const to = getVersion(input.tagName);
    const expected = unique(assetNames(baseline).map((name) => swapVersion(name, from, to)));
    const present = new Set(actual);
    result = {
      expected,
      missing: expected.filter((name) => !present.has(name)),
      source: `as in ${baseline.tagName}`,
    };
  }
  // GitHub paged the asset list: names beyond the page are unknown, so nothing can be called missing.
  if (input.release && input.release.assetCount > input.release.assets.length) {
    return { ...result, missing: [] };
  }
  return result;
}
