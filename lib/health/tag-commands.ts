import { literalOf, type ShellCommand, type ShellWord, type WordPart } from "./shell";

// The commands that make tags, read from a script's words (lib/health/shell.ts): `git tag`, `git
// push` and its refspecs, the Git refs API through `gh api` or curl, `gh release create`, and the
// lines that hand a value to later steps ($GITHUB_ENV, $GITHUB_OUTPUT). lib/health/tagging.ts
// follows values between them.

/** YAML text such as `v${{ inputs.version }}`: literal text with GitHub expressions in it. */
export function templateParts(text: string): WordPart[] {
  const parts: WordPart[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf("${{");
    const close = open === -1 ? -1 : rest.indexOf("}}", open);
    if (open === -1 || close === -1) {
      if (rest) parts.push({ kind: "text", text: rest });
      return parts;
    }
    if (open > 0) parts.push({ kind: "text", text: rest.slice(0, open) });
    parts.push({ kind: "expression", text: rest.slice(open, close + 2) });
    rest = rest.slice(close + 2);
  }
}

/** One spelling per word: quoting aside, `"$next"` and `${next}` are the same value. */
export function canonical(parts: WordPart[]): string {
  return parts
    .map((part) =>
      part.kind === "text"
        ? part.text
        : part.kind === "variable"
          ? `$${part.name}`
          : part.kind === "expression"
            ? part.text.replace(/\s+/g, " ")
            : part.raw,
    )
    .join("");
}

export function stripPrefix(parts: WordPart[], prefix: string): WordPart[] | null {
  const first = parts[0];
  if (first?.kind !== "text" || !first.text.startsWith(prefix)) return null;
  const rest = first.text.slice(prefix.length);
  return rest ? [{ kind: "text", text: rest }, ...parts.slice(1)] : parts.slice(1);
}

/** Splits a word at its first `:` outside expansions (a refspec's source and destination). */
export function splitRefspec(parts: WordPart[]): [WordPart[], WordPart[] | null] {
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index] as WordPart;
    if (part.kind !== "text" || !part.text.includes(":")) continue;
    const colon = part.text.indexOf(":");
    const before = part.text.slice(0, colon);
    const after = part.text.slice(colon + 1);
    return [
      [...parts.slice(0, index), ...(before ? [{ kind: "text" as const, text: before }] : [])],
      [...(after ? [{ kind: "text" as const, text: after }] : []), ...parts.slice(index + 1)],
    ];
  }
  return [parts, null];
}

/** A word rebuilt from parts, double-quoted for a shell. */
export function shellWordOf(parts: WordPart[]): string {
  const body = parts
    .map((part) =>
      part.kind === "text"
        ? part.text.replace(/["\\$`]/g, (char) => `\\${char}`)
        : part.kind === "variable"
          ? `\${${part.name}}`
          : part.kind === "expression"
            ? part.text
            : part.raw,
    )
    .join("");
  return `"${body}"`;
}

/** The git subcommand and its arguments, past git's own options (`-C dir`, `-c key=value`). */
export function gitCommand(command: ShellCommand): { sub: string; args: ShellWord[] } | null {
  const words = command.words;
  const first = words[0];
  if (!first || literalOf(first) !== "git") return null;
  let index = 1;
  while (index < words.length) {
    const text = literalOf(words[index] as ShellWord) ?? "";
    if (text === "-C" || text === "-c") index += 2;
    else if (text.startsWith("-")) index += 1;
    else break;
  }
  const sub = literalOf(words[index] ?? { raw: "", parts: [] });
  return sub ? { sub, args: words.slice(index + 1) } : null;
}

const GIT_TAG_NOT_CREATING =
  /^(?:-l|--list|-d|--delete|-v|--verify|--contains|--no-contains|--merged|--no-merged|--points-at|--sort|--format|--column|-n\d*)(?:=|$)/;
const GIT_TAG_WITH_ARGUMENT = /^(?:-m|-F|-u|--message|--file|--local-user|--cleanup|--trailer)$/;

/** `git tag [options] <name> [<commit>]`: the name's word and whether it is made at HEAD. */
export function gitTagCreates(args: ShellWord[]): { word: ShellWord; atHead: boolean } | null {
  const positional: ShellWord[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as ShellWord;
    const text = literalOf(word);
    if (text === null || !text.startsWith("-") || text === "-") {
      positional.push(word);
      continue;
    }
    if (GIT_TAG_NOT_CREATING.test(text)) return null;
    if (GIT_TAG_WITH_ARGUMENT.test(text)) index += 1;
    // A cluster such as -am: its last letter may take the next word.
    else if (/^-[a-zA-Z]+$/.test(text) && /[mFu]$/.test(text)) index += 1;
  }
  const [name, commit] = positional;
  if (!name) return null;
  const at = commit ? literalOf(commit) : "HEAD";
  return { word: name, atHead: at === "HEAD" || at === "@" };
}

const PUSH_WITH_ARGUMENT = /^(?:-o|--push-option|--repo|--receive-pack|--exec)$/;

type PushedTags = { words: WordPart[][]; all: boolean };

/** The tags a `git push` sends: its refspecs that are tags, or all of them (--tags...). */
export function gitPushSends(
  args: ShellWord[],
  created: ReadonlyMap<string, unknown>,
): PushedTags | null {
  const positional: ShellWord[] = [];
  let all = false;
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as ShellWord;
    const text = literalOf(word);
    if (text === null || !text.startsWith("-")) {
      positional.push(word);
      continue;
    }
    if (/^(?:-n|--dry-run|-d|--delete|--prune)$/.test(text)) return null;
    if (/^(?:--tags|--follow-tags|--mirror)$/.test(text)) all = true;
    if (PUSH_WITH_ARGUMENT.test(text)) index += 1;
  }
  const refspecs = positional.slice(1);
  const words: WordPart[][] = [];
  for (let index = 0; index < refspecs.length; index += 1) {
    const spec = refspecs[index] as ShellWord;
    if (literalOf(spec) === "tag" && refspecs[index + 1]) {
      words.push((refspecs[index + 1] as ShellWord).parts);
      index += 1;
      continue;
    }
    const tag = tagOfRefspec(spec, created);
    if (tag === "all") all = true;
    else if (tag) words.push(tag);
  }
  return all || words.length > 0 ? { words, all } : null;
}

/** The tag a refspec sends, "all" for a tags glob, null for a branch or a deletion. */
function tagOfRefspec(
  spec: ShellWord,
  created: ReadonlyMap<string, unknown>,
): WordPart[] | "all" | null {
  const parts = stripPrefix(spec.parts, "+") ?? spec.parts;
  const [source, destination] = splitRefspec(parts);
  if (destination !== null && source.length === 0) return null;
  const named = destination ?? source;
  const tag = stripPrefix(named, "refs/tags/");
  if (tag) return canonical(tag).includes("*") ? "all" : tag;
  if (destination !== null || stripPrefix(named, "refs/") || canonical(named) === "HEAD") {
    return null;
  }
  // A bare name: a tag if this job made it with `git tag`, or if it reads like one.
  if (created.has(canonical(named))) return named;
  const text = canonical(named);
  if (/^v?\d+(?:\.\d+)+(?:[-+][\w.-]+)?$/.test(text) || /^v\d+$/.test(text)) return named;
  const names = named.flatMap((part) =>
    part.kind === "variable" ? [part.name] : part.kind === "expression" ? [part.text] : [],
  );
  return names.some((name) => /tag|version/i.test(name) && !/branch/i.test(name)) ? named : null;
}

/** `gh api` or curl against the Git refs API with a `refs/tags/...` ref. */
export function apiCreates(command: ShellCommand): WordPart[] | null {
  const words = command.words;
  const program = words[0] ? literalOf(words[0]) : null;
  const gh = program === "gh" && literalOf(words[1] ?? { raw: "", parts: [] }) === "api";
  if (!gh && program !== "curl") return null;
  const endpoint = words.find((word) =>
    /git\/refs(?:$|\/tags\/|["'?\s])/.test(canonical(word.parts)),
  );
  if (!endpoint) return null;
  for (const word of words) {
    const parts = word.parts;
    const flat = canonical(parts);
    const at = flat.indexOf("refs/tags/");
    if (at === -1 || word === endpoint) continue;
    return partsAfter(parts, "refs/tags/");
  }
  // PATCH .../git/refs/tags/<name>: moves an existing tag.
  return partsAfter(endpoint.parts, "refs/tags/");
}

/** The parts after `marker` (in a text part) up to a quote or the end. */
function partsAfter(parts: WordPart[], marker: string): WordPart[] | null {
  const out: WordPart[] = [];
  let found = false;
  for (const part of parts) {
    if (!found) {
      if (part.kind !== "text" || !part.text.includes(marker)) continue;
      found = true;
      const rest = part.text.slice(part.text.indexOf(marker) + marker.length);
      const stop = rest.search(/["'\s,}]/);
      if (stop !== -1)
        return rest.slice(0, stop) ? [{ kind: "text", text: rest.slice(0, stop) }] : null;
      if (rest) out.push({ kind: "text", text: rest });
      continue;
    }
    if (part.kind === "text") {
      const stop = part.text.search(/["'\s,}]/);
      if (stop !== -1) {
        if (stop > 0) out.push({ kind: "text", text: part.text.slice(0, stop) });
        return out.length > 0 ? out : null;
      }
    }
    out.push(part);
  }
  return out.length > 0 ? out : null;
}

const GH_RELEASE_WITH_ARGUMENT =
  /^(?:-t|--title|-n|--notes|-F|--notes-file|--target|--discussion-category|-R|--repo|--notes-start-tag)$/;

/** `gh release create <tag>`: the tag word, unless --verify-tag says it must exist already. */
export function ghReleaseCreates(command: ShellCommand): ShellWord | null {
  const words = command.words.map((word) => literalOf(word));
  if (words[0] !== "gh" || words[1] !== "release" || words[2] !== "create") return null;
  const args = command.words.slice(3);
  if (words.includes("--verify-tag")) return null;
  for (let index = 0; index < args.length; index += 1) {
    const text = literalOf(args[index] as ShellWord);
    if (text !== null && GH_RELEASE_WITH_ARGUMENT.test(text)) index += 1;
    else if (text?.startsWith("-")) continue;
    else return args[index] as ShellWord;
  }
  return null;
}

/** Lines such as `echo "NAME=value" >> "$GITHUB_ENV"`: NAME and the value's word. */
export function writesTo(command: ShellCommand, file: "GITHUB_ENV" | "GITHUB_OUTPUT") {
  const target = command.redirects.find(
    (redirect) =>
      redirect.op.startsWith(">") &&
      redirect.target.parts.some((part) => part.kind === "variable" && part.name === file),
  );
  const program = command.words[0] ? literalOf(command.words[0]) : null;
  if (!target || !["echo", "printf"].includes(program ?? "")) {
    return [];
  }
  return command.words.slice(1).flatMap((word) => {
    const first = word.parts[0];
    const match = first?.kind === "text" ? /^([A-Za-z_][\w-]*)=/.exec(first.text) : null;
    if (!match?.[1]) return [];
    const rest = stripPrefix(word.parts, match[0]) ?? [];
    return [{ name: match[1], value: canonical(rest) }];
  });
}

/** How deep constants may refer to constants before tagwatch gives up. */
const MAX_JS_DEPTH = 4;

/** A JavaScript string expression of literals, templates and constants, as text; null otherwise. */
export function jsString(expression: string, script: string, depth = 0): string | null {
  if (depth > MAX_JS_DEPTH) return null;
  const pieces = expression.split(/\s*\+\s*/);
  let out = "";
  for (const piece of pieces) {
    const quoted = /^(["'])(.*)\1$/.exec(piece);
    if (quoted) {
      out += quoted[2];
      continue;
    }
    const template = /^`([^`]*)`$/.exec(piece);
    if (template) {
      let failed = false;
      out += (template[1] ?? "").replace(/\$\{([^}{]+)\}/g, (_, inner: string) => {
        const value = jsString(inner.trim(), script, depth + 1);
        if (value === null) failed = true;
        return value ?? "";
      });
      if (failed) return null;
      continue;
    }
    if (/^[A-Za-z_$][\w$]*$/.test(piece)) {
      const declared = [
        ...script.matchAll(
          new RegExp(
            `\\b(?:const|let|var)\\s+${piece.replace("$", "\\$")}\\s*=\\s*([^;\\n]+)`,
            "g",
          ),
        ),
      ].at(-1);
      const value = declared?.[1] ? jsString(declared[1].trim(), script, depth + 1) : null;
      if (value === null) return null;
      out += value;
      continue;
    }
    return null;
  }
  return out;
}
