// A version is what follows an optional prefix ("v", "cli-v", "release/") at the first number.
const VERSION = /(?:^|[^0-9A-Za-z])[vV]?(\d.*)$/;

/** The version of a tag name: "v1.2.3" -> "1.2.3", "cli-v2.0.0-rc.1" -> "2.0.0-rc.1"; the name itself when it has none. */
export function getVersion(tagName: string): string {
  return VERSION.exec(tagName)?.[1] ?? tagName;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A repository's health swaps the same few versions in every asset name of every release: the
// patterns are compiled once per version, not once per name (~1,000 times for a 100-tag history).
const versionPatterns = new Map<string, RegExp>();
const MAX_PATTERNS = 1_000;

function versionPattern(version: string): RegExp {
  let pattern = versionPatterns.get(version);
  if (!pattern) {
    if (versionPatterns.size >= MAX_PATTERNS) versionPatterns.clear();
    // Digit guards keep "1.0.0" from matching inside "11.0.0" or "1.0.01"; a "v" before it stays.
    pattern = new RegExp(`(?<![0-9])${escapeRegExp(version)}(?![0-9])`, "g");
    versionPatterns.set(version, pattern);
  }
  return pattern;
}

/** Replaces one version by another inside an asset name ("app_1.0.0_linux.tar.gz", "app-v1.0.0.zip"). */
export function swapVersion(assetName: string, from: string, to: string): string {
  if (from === "" || from === to) return assetName;
  // replace() with a global pattern starts at 0 and resets lastIndex: sharing it is safe.
  return assetName.replace(versionPattern(from), to);
}
