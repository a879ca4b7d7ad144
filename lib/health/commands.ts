// Terminal equivalents of the dashboard's buttons, ready to paste.

function quote(argument: string): string {
  return /^[\w./@+:=,-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** `gh workflow run release.yml --ref v0.1.2 -f tag=v0.1.2 -R owner/repo` */
export function dispatchCommand(
  file: string,
  ref: string,
  repository: string,
  inputs: Record<string, string> = {},
): string {
  const fields = Object.entries(inputs).map(([name, value]) => ` -f ${quote(`${name}=${value}`)}`);
  return `gh workflow run ${quote(file)} --ref ${quote(ref)}${fields.join("")} -R ${repository}`;
}

/** `gh run rerun 123 --failed -R owner/repo` */
export function rerunCommand(runId: number, repository: string): string {
  return `gh run rerun ${runId} --failed -R ${repository}`;
}

/** `gh release edit v1.1.0 --draft=false -R owner/repo` */
export function publishCommand(tagName: string, repository: string): string {
  return `gh release edit ${quote(tagName)} --draft=false -R ${repository}`;
}

/** `gh release create v1.1.0 -R owner/repo` */
export function createReleaseCommand(tagName: string, repository: string): string {
  return `gh release create ${quote(tagName)} -R ${repository}`;
}

/** A list of names for a sentence: "a, b and c", or "a, b, c and 4 more" past `limit`. */
export function listNames(names: readonly string[], limit = 4): string {
  const shown = names.length > limit ? names.slice(0, limit - 1) : [...names];
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
