// GitHub's filter-pattern syntax for `branches`/`tags` (docs: "Filter pattern cheat sheet"). It is
// not a shell glob: `?` and `+` quantify the preceding character, `*` stops at `/`, `**` does not.

const CLASS_BODY = /^[A-Za-z0-9-]+$/;
const cache = new Map<string, RegExp | null>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function compile(pattern: string): RegExp | null {
  let source = "";
  // Whether the last emitted piece is a single character that `?` or `+` may quantify.
  let quantifiable = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] as string;
    const next = pattern[index + 1];
    if (char === "\\" && next !== undefined) {
      source += escapeRegExp(next);
      index++;
      quantifiable = true;
    } else if (char === "*") {
      if (next === "*") {
        source += ".*";
        index++;
      } else {
        source += "[^/]*";
      }
      quantifiable = false;
    } else if ((char === "?" || char === "+") && quantifiable) {
      source += char;
      quantifiable = false;
    } else if (char === "[") {
      const end = pattern.indexOf("]", index + 1);
      const body = end > index ? pattern.slice(index + 1, end) : "";
      if (CLASS_BODY.test(body)) {
        source += `[${body}]`;
        index = end;
      } else {
        source += "\\[";
      }
      quantifiable = true;
    } else {
      source += escapeRegExp(char);
      quantifiable = true;
    }
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    // e.g. a reversed range such as [z-a]: GitHub would reject the workflow, so nothing matches.
    return null;
  }
}

/** Whether one GitHub filter pattern (without a leading `!`) matches a ref name. */
export function matchesFilterPattern(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    regex = compile(pattern);
    cache.set(pattern, regex);
  }
  return regex?.test(name) ?? false;
}

/** Evaluates a filter list in order: a pattern starting with `!` un-matches what earlier patterns matched. */
export function matchesFilterList(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    if (matchesFilterPattern(negated ? pattern.slice(1) : pattern, name)) matched = !negated;
  }
  return matched;
}
