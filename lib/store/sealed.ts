import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Values that hold private repository data are encrypted before they leave the process, with a
// key derived from AUTH_SECRET (HKDF-SHA256), AES-256-GCM, and the entry's key as associated
// data so a value cannot be replayed under another key. Rotating AUTH_SECRET simply empties the
// caches: a value that does not open reads as absent.

const VERSION = "s1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The cache-encryption key for a secret; not the secret itself, and usable for nothing else. */
export function deriveStoreKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tagwatch-store", "tagwatch cached values v1", 32));
}

/** Encrypts `plaintext` for the store entry `entryKey`. */
export function seal(key: Buffer, entryKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(entryKey));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

/** The plaintext of a sealed value, or null when it was sealed with another key or altered. */
export function unseal(key: Buffer, entryKey: string, sealed: string): string | null {
  if (!sealed.startsWith(`${VERSION}:`)) return null;
  const raw = Buffer.from(sealed.slice(VERSION.length + 1), "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(entryKey));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}
