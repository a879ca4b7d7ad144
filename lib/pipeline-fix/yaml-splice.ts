import {
  type Document,
  isMap,
  isPair,
  isScalar,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";

// Editing a workflow file without rewriting it: the YAML Document API finds where things are
// (node ranges); the edit itself is a few text insertions at those offsets, so every other byte
// of the file — comments, key order, quoting, blank lines, indentation style — stays exactly as
// it was. Re-stringifying the Document would normalise sequence indentation and fold long lines;
// splicing cannot.

/** Text to put at an offset (or in place of `at`..`replaceTo`). */
export type Insertion = { at: number; text: string; replaceTo?: number };

/** The `key:` pair of a map, if it has one. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as
    | Pair
    | undefined;
}

/** The value of a map's `key:`. */
export function valueAt(map: YAMLMap, key: string): unknown {
  return pairOf(map, key)?.value;
}

/** A scalar node's value as text; null for anything else. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const value = node.value;
  return value === null || value === undefined ? null : String(value);
}

/** A node as written in the file. */
export function sourceOf(text: string, node: Node): string {
  const range = node.range;
  return range ? text.slice(range[0], range[1]).trim() : "";
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The column of `offset` in its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line holding the node's last non-blank character. */
export function afterLastLine(text: string, node: Node): number {
  const range = node.range;
  if (!range) throw new Error("node without range");
  let end = range[1];
  while (end > range[0] && /\s/.test(text[end - 1] ?? "")) end--;
  const newline = text.indexOf("\n", end);
  return newline === -1 ? text.length : newline + 1;
}

/** The text with every insertion made. */
export function applyInsertions(text: string, insertions: Insertion[]): string {
  let result = text;
  // From the end, so earlier offsets stay valid.
  for (const insertion of [...insertions].sort((a, b) => b.at - a.at)) {
    const at = insertion.at;
    let piece = insertion.text;
    if (insertion.replaceTo === undefined && at === result.length && !result.endsWith("\n")) {
      piece = `${lineBreakOf(text)}${piece}`;
    }
    result = result.slice(0, at) + piece + result.slice(insertion.replaceTo ?? at);
  }
  return result;
}

function lineBreakOf(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** Lines ending with the file's own line break. */
export function withBreaks(lines: string[], text: string): string {
  const br = lineBreakOf(text);
  return lines.map((line) => `${line}${br}`).join("");
}

/** The file's YAML document when it parses to a map; null otherwise. */
export function parse(text: string): Document | null {
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return null;
  return document;
}

/** Adds an entry to a flow map or sequence, right after its last entry (or its opening bracket). */
export function addToFlow(node: YAMLMap | YAMLSeq, entry: string): Insertion {
  const last: unknown = node.items[node.items.length - 1];
  const lastNode = (isPair(last) ? last.value : last) as Node | undefined;
  if (lastNode?.range) return { at: lastNode.range[1], text: `, ${entry}` };
  const open = node.range?.[0] ?? 0;
  return { at: open + 1, text: entry };
}

/** Adds a `key: value` line to a block map (after its last entry), or `, key: value` to a flow map. */
export function addToMap(text: string, map: YAMLMap, key: string, value: string): Insertion {
  if (map.flow) return addToFlow(map, `${key}: ${value}`);
  const first = map.items[0]?.key as Node | undefined;
  const indent = first?.range ? columnOf(text, first.range[0]) : 2;
  return {
    at: afterLastLine(text, map),
    text: withBreaks([`${" ".repeat(indent)}${key}:${value ? ` ${value}` : ""}`], text),
  };
}
