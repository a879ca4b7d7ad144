import { AppError } from "./errors";

// GitHub's naming rules, checked before anything user-supplied reaches a GitHub URL or query.

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

/** Whether a user or organisation name is one GitHub allows. */
export function isValidOwner(owner: string): boolean {
  return OWNER.test(owner);
}

/** Whether a repository name is one GitHub allows. */
export function isValidRepositoryName(name: string): boolean {
  return REPOSITORY.test(name) && name !== "." && name !== "..";
}

/** True when `text` contains an ASCII control character (NUL, newline, DEL, ...). */
export function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** git check-ref-format's rules for a tag name (without refs/tags/). */
export function isValidTagName(tag: string): boolean {
  if (tag.length === 0 || tag.length > 250) return false;
  if (tag === "@" || tag.startsWith("-") || tag.startsWith("/") || tag.endsWith("/")) return false;
  if (
    tag.endsWith(".") ||
    tag.endsWith(".lock") ||
    tag.includes("..") ||
    tag.includes("@{") ||
    tag.includes("//")
  ) {
    return false;
  }
  if (hasControlCharacter(tag) || /[ ~^:?*[\\]/.test(tag)) return false;
  return tag.split("/").every((part) => part.length > 0 && !part.startsWith("."));
}

/** Throws a 400 AppError unless `owner` is a user or organisation name GitHub allows. */
function assertOwnerName(owner: string): void {
  if (!isValidOwner(owner)) {
    throw new AppError(
      "invalid-input",
      `"${owner.slice(0, 60)}" is not a valid GitHub user or organisation name.`,
    );
  }
}

/** Throws a 400 AppError unless owner and repository are names GitHub allows. */
export function assertRepositoryName(owner: string, repo: string): void {
  assertOwnerName(owner);
  if (!isValidRepositoryName(repo)) {
    throw new AppError(
      "invalid-input",
      `"${repo.slice(0, 120)}" is not a valid GitHub repository name.`,
    );
  }
}

/**
 * True when a raw (still percent-encoded) path has a segment that is, or decodes to, "." or "..".
 * URL normalisation would resolve it into another path (`/api/badge/%2e%2e/rocket` is `/api/rocket`),
 * so such an address names nothing and is refused rather than answered with another page.
 */
export function hasDotSegment(rawPath: string): boolean {
  const path = rawPath.split(/[?#]/, 1)[0] ?? "";
  return path.split("/").some((segment) => {
    const decoded = tryDecodeSegment(segment) ?? segment;
    return decoded === "." || decoded === "..";
  });
}

/** First path segments that are tagwatch's own, never a GitHub owner's page (GitHub reserves `settings` too). */
const RESERVED_FIRST_SEGMENTS = new Set(["api", "signin", "_next", "settings"]);

/** True when `/{owner}` may be an owner's page: a valid name and not one of tagwatch's own paths. */
export function isPageOwner(owner: string): boolean {
  return isValidOwner(owner) && !RESERVED_FIRST_SEGMENTS.has(owner.toLowerCase());
}

/** Decodes a route segment, or null when its percent-encoding is malformed. */
export function tryDecodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Decodes a route segment; malformed percent-encoding is a 400, not a crash. */
export function decodeSegment(segment: string): string {
  const decoded = tryDecodeSegment(segment);
  if (decoded === null) {
    throw new AppError("invalid-input", "The address contains malformed percent-encoding.");
  }
  return decoded;
}

/** The owner an `[owner]` route segment names: decoded and checked (a 400 AppError otherwise). */
export function ownerFromParams(params: { owner: string }): string {
  const owner = decodeSegment(params.owner);
  assertOwnerName(owner);
  return owner;
}

/**
 * The repository a `[owner]/[repo]` route names: its segments decoded and checked against GitHub's
 * naming rules (a 400 AppError otherwise). Every route and page reads its params through this.
 */
export function repositoryFromParams(params: { owner: string; repo: string }): {
  owner: string;
  repo: string;
} {
  const owner = decodeSegment(params.owner);
  const repo = decodeSegment(params.repo);
  assertRepositoryName(owner, repo);
  return { owner, repo };
}
