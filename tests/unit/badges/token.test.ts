import * as crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  BADGE_TOKEN_PATTERN,
  BADGE_TOKEN_PREFIX,
  badgeTokenMatches,
  createBadgeToken,
  hashBadgeToken,
} from "@/lib/badges/token";
import {
  getBadgeTokenRecord,
  isBadgeTokenValid,
  issueBadgeToken,
  revokeBadgeToken,
} from "@/lib/badges/token-store";
import { AppError } from "@/lib/errors";
import type { KeyValueStore } from "@/lib/store";
import { MemoryStore } from "@/lib/store/memory-store";

// The comparison must be Node's constant-time one, on digests of equal length: watched here.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);

/** A MemoryStore that remembers every key and value written to it. */
class RecordingStore extends MemoryStore {
  readonly written: string[] = [];
  override async set(key: string, value: string, options?: { ttlSeconds?: number }) {
    this.written.push(`${key} = ${value}`);
    await super.set(key, value, options);
  }
}

describe("a badge token", () => {
  it("is 256 random bits in base64url behind the twb_ prefix, and never repeats", () => {
    const tokens = Array.from({ length: 500 }, () => createBadgeToken());
    for (const token of tokens) {
      expect(token.startsWith(BADGE_TOKEN_PREFIX)).toBe(true);
      const bytes = Buffer.from(token.slice(BADGE_TOKEN_PREFIX.length), "base64url");
      expect(bytes.length * 8).toBeGreaterThanOrEqual(128);
      expect(bytes.length).toBe(32);
      expect(token).toMatch(/^twb_[A-Za-z0-9_-]{43}$/);
      // Safe in a URL's query as it is.
      expect(encodeURIComponent(token)).toBe(token);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("is found in any text by BADGE_TOKEN_PATTERN, alone or inside a URL", () => {
    const token = createBadgeToken();
    const text = `<img src="https://t.example/api/badge/o/r?token=${token}&format=shields"> "${token}"`;
    expect([...text.matchAll(BADGE_TOKEN_PATTERN)].map((match) => match[0])).toEqual([
      token,
      token,
    ]);
    expect([..."twb_tooShort".matchAll(BADGE_TOKEN_PATTERN)]).toEqual([]);
  });

  it("is stored as its SHA-256, which does not contain it", () => {
    const token = createBadgeToken();
    const hash = hashBadgeToken(token);
    expect(hash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(BADGE_TOKEN_PREFIX.length, 12));
    expect(hashBadgeToken(createBadgeToken())).not.toBe(hash);
  });
});

describe("comparing a badge token with the stored hash", () => {
  const token = createBadgeToken();
  const hash = hashBadgeToken(token);

  beforeEach(() => {
    timingSafeEqual.mockClear();
  });

  it("accepts exactly the token whose hash is stored", () => {
    expect(badgeTokenMatches(token, hash)).toBe(true);
    for (const other of [
      createBadgeToken(),
      "",
      token.slice(0, -1),
      `${token}x`,
      token.toUpperCase(),
      ` ${token}`,
      hash,
    ]) {
      expect(badgeTokenMatches(other, hash), other).toBe(false);
    }
  });

  it("refuses every token when none is stored, or the stored hash is damaged", () => {
    expect(badgeTokenMatches(token, null)).toBe(false);
    expect(badgeTokenMatches(token, "")).toBe(false);
    expect(badgeTokenMatches(token, hash.slice(0, 63))).toBe(false);
    expect(badgeTokenMatches(token, `${hash.slice(0, 63)}g`)).toBe(false);
    // All zeros is the stand-in compared against when nothing is stored: it matches nothing.
    expect(badgeTokenMatches(token, "0".repeat(64))).toBe(false);
  });

  it("compares in constant time: one timingSafeEqual of two 32-byte digests, whatever the input", () => {
    const cases: [string, string | null][] = [
      [token, hash],
      [createBadgeToken(), hash],
      ["x", hash],
      ["y".repeat(10_000), hash],
      [token, null],
      [token, "not a hash"],
    ];
    for (const [given, stored] of cases) {
      timingSafeEqual.mockClear();
      badgeTokenMatches(given, stored);
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
      const [left, right] = timingSafeEqual.mock.calls[0] as [Buffer, Buffer];
      expect([left.length, right.length]).toEqual([32, 32]);
    }
  });
});

describe("a repository's badge token in the store", () => {
  let store: RecordingStore;
  beforeEach(() => {
    store = new RecordingStore();
  });

  it("works once issued, for that repository only, whatever the names' case", async () => {
    const token = await issueBadgeToken("octo-maintainer", "private-service", { store });
    expect(await isBadgeTokenValid("octo-maintainer", "private-service", token, store)).toBe(true);
    expect(await isBadgeTokenValid("Octo-Maintainer", "Private-Service", token, store)).toBe(true);
    expect(await isBadgeTokenValid("octo-maintainer", "classic-cli", token, store)).toBe(false);
    expect(await isBadgeTokenValid("octo-maintainer", "private-service", "", store)).toBe(false);
  });

  it("keeps only the hash and when it was made, under a key that does not name the repository", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const token = await issueBadgeToken("octo-maintainer", "private-service", { store, now });
    expect(store.written).toHaveLength(1);
    const [entry] = store.written;
    expect(entry).not.toContain(token);
    expect(entry).not.toContain(token.slice(BADGE_TOKEN_PREFIX.length));
    expect(entry).not.toMatch(/private-service|octo-maintainer/i);
    expect(await getBadgeTokenRecord("octo-maintainer", "private-service", store)).toEqual({
      hash: hashBadgeToken(token),
      createdAt: now.toISOString(),
    });
  });

  it("Rotate: the new token works and the old one stops at once", async () => {
    const first = await issueBadgeToken("octo-maintainer", "private-service", { store });
    const second = await issueBadgeToken("octo-maintainer", "private-service", { store });
    expect(second).not.toBe(first);
    expect(await isBadgeTokenValid("octo-maintainer", "private-service", first, store)).toBe(false);
    expect(await isBadgeTokenValid("octo-maintainer", "private-service", second, store)).toBe(true);
  });

  it("Remove: no token works any more, and removing twice is fine", async () => {
    const token = await issueBadgeToken("octo-maintainer", "private-service", { store });
    await revokeBadgeToken("octo-maintainer", "private-service", store);
    expect(await isBadgeTokenValid("octo-maintainer", "private-service", token, store)).toBe(false);
    expect(await getBadgeTokenRecord("octo-maintainer", "private-service", store)).toBeNull();
    await revokeBadgeToken("octo-maintainer", "private-service", store);
  });

  it("a store that does not take the write hands out no token and claims no removal", async () => {
    const down: KeyValueStore = {
      available: false,
      get: async () => null,
      getMany: async (keys) => keys.map(() => null),
      set: async () => {},
      setIfAbsent: async () => true,
      delete: async () => {},
      increment: async () => 1,
    };
    const issuing = issueBadgeToken("octo-maintainer", "private-service", { store: down });
    await expect(issuing).rejects.toBeInstanceOf(AppError);
    await expect(issuing).rejects.toMatchObject({ code: "store-unavailable", status: 503 });
    await expect(
      revokeBadgeToken("octo-maintainer", "private-service", down),
    ).rejects.toMatchObject({ code: "store-unavailable" });
  });
});
