// A small well-formedness check for the SVGs badge-maker writes (no XML parser is installed):
// balanced elements, quoted attributes, only known entities, and the text content.

const NAME = "[A-Za-z_][\\w:.-]*";
const ATTRIBUTE = new RegExp(`\\s+${NAME}\\s*=\\s*("[^"<]*"|'[^'<]*')`, "y");
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

export type ParsedXml = { root: string; text: string[] };

export function parseXml(xml: string): ParsedXml {
  const stack: string[] = [];
  const text: string[] = [];
  let root: string | null = null;
  let index = 0;
  const source = xml.replace(/^<\?xml[^>]*\?>/, "");
  while (index < source.length) {
    const open = source.indexOf("<", index);
    const chunk = source.slice(index, open === -1 ? source.length : open);
    if (chunk.trim()) {
      if (stack.length === 0) throw new Error(`text outside the root element: ${chunk}`);
      if (ENTITY.test(chunk)) throw new Error(`bad entity in ${chunk}`);
      text.push(decode(chunk));
    }
    if (open === -1) break;
    const close = new RegExp(`</(${NAME})\\s*>`, "y");
    close.lastIndex = open;
    const closing = close.exec(source);
    if (closing) {
      const expected = stack.pop();
      if (expected !== closing[1]) throw new Error(`</${closing[1]}> closes <${expected}>`);
      index = close.lastIndex;
      continue;
    }
    const start = new RegExp(`<(${NAME})`, "y");
    start.lastIndex = open;
    const opening = start.exec(source);
    if (!opening?.[1]) throw new Error(`malformed markup at ${source.slice(open, open + 30)}`);
    let cursor = start.lastIndex;
    const seen = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = cursor;
      const attribute = ATTRIBUTE.exec(source);
      if (!attribute) break;
      const name = attribute[0].trim().split(/\s*=/)[0] ?? "";
      if (seen.has(name)) throw new Error(`duplicate attribute ${name}`);
      seen.add(name);
      if (ENTITY.test(attribute[1] ?? "")) throw new Error(`bad entity in ${attribute[0]}`);
      cursor = ATTRIBUTE.lastIndex;
    }
    const end = /\s*(\/?)>/y;
    end.lastIndex = cursor;
    const ending = end.exec(source);
    if (!ending)
      throw new Error(`malformed tag <${opening[1]} at ${source.slice(cursor, cursor + 30)}`);
    if (stack.length === 0) {
      if (root !== null) throw new Error("more than one root element");
      root = opening[1];
    }
    if (!ending[1]) stack.push(opening[1]);
    index = end.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (root === null) throw new Error("no root element");
  return { root, text };
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) =>
      String.fromCodePoint(Number.parseInt(code, 16)),
    )
    .replace(/&amp;/g, "&");
}
