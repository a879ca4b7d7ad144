import { LINK_CLASSES, NEW_TAB } from "./button";

// Findings and hints should carry their pages in `links`; any URL still written into the text
// becomes a short link rather than a raw address.

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/g;
// Sentence punctuation after a URL belongs to the sentence.
const TRAILING = /[.,;:!?]+$/;

/** What a link to `url` says: host and path, shortened. */
export function linkLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const text = `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
    return text.length > 48 ? `${text.slice(0, 47)}…` : text;
  } catch {
    return url;
  }
}

/** `text` with every http(s) URL in it rendered as a link that opens in a new tab. */
export function LinkedText({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, "");
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} {...NEW_TAB} className={LINK_CLASSES}>
        {linkLabel(url)}
      </a>,
    );
    last = start + url.length;
  }
  if (last === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
