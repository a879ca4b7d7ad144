// A version is what follows an optional prefix ("v", "cli-v", "release/") at the first number.
const VERSION = /(?:^|[^0-9A-Za-z])[vV]?(\d.*)$/;

/** The version of a tag name: "v1.2.3" -> "1.2.3", "cli-v2.0.0-rc.1" -> "2.0.0-rc.1"; the name itself when it has none. */
export function getVersion(tagName: string): string {
  return VERSION.exec(tagName)?.[1] ?? tagName;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces one version by another inside an asset name ("app_1.0.0_linux.tar.gz", "app-v1.0.0.zip"). */
export function swapVersion(assetName: string, from: string, to: string): string {
  if (from === "" || from === to) return assetName;
  // Digit guards keep "1.0.0" from matching inside "11.0.0" or "1.0.01"; a "v" before it stays.
  const pattern = new RegExp(`(?<![0-9])${escapeRegExp(from)}(?![0-9])`, "g");
  return assetName.replace(pattern, to);
}
