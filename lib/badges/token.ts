import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// A badge token grants one thing: one repository's README badge. It is 32 random bytes (256
// bits) in base64url behind a fixed prefix, so a leaked one is recognisable (secret scanners, the
// e2e leak guard). tagwatch keeps only its SHA-256: with 256 random bits there is nothing to
// guess, so a slow password hash would add nothing.

export const BADGE_TOKEN_PREFIX = "twb_";
const TOKEN_BYTES = 32;
/** Any badge token in a text (43 base64url characters after the prefix). */
export const BADGE_TOKEN_PATTERN = /twb_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

const HASH = /^[0-9a-f]{64}$/;
// Compared against when there is no stored hash, so a missing link costs the same work.
const NO_HASH = Buffer.alloc(32);

/** A new random badge token. */
export function createBadgeToken(): string {
  return `${BADGE_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
}

/** What is stored of a badge token: its SHA-256, hex. */
export function hashBadgeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether `token` is the one whose hash is stored, in constant time: both sides are 32-byte
 * digests whatever the token's length, and the comparison runs even when nothing is stored.
 */
export function badgeTokenMatches(token: string, storedHash: string | null): boolean {
  const given = createHash("sha256").update(token, "utf8").digest();
  const stored =
    storedHash !== null && HASH.test(storedHash) ? Buffer.from(storedHash, "hex") : null;
  const equal = timingSafeEqual(given, stored ?? NO_HASH);
  return equal && stored !== null;
}
