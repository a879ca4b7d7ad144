import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  assertRepositoryName,
  decodeSegment,
  hasDotSegment,
  isPageOwner,
  isValidOwner,
  isValidRepositoryName,
  isValidTagName,
  repositoryFromParams,
} from "@/lib/names";
import {
  authQueryProblem,
  isCallbackUrl,
  safeCallbackPath,
  sameSiteRedirect,
  signInPath,
} from "@/lib/redirects";

describe("GitHub names", () => {
  it.each(["octo-maintainer", "a", "A1", "x".repeat(39)])("accepts owner %s", (owner) => {
    expect(isValidOwner(owner)).toBe(true);
  });

  it.each(["", "-lead", "trail-", "x".repeat(40), "a/b", "..", "a b", "ünï", "a\u0000b", "a--b-"])(
    "rejects owner %j",
    (owner) => {
      expect(isValidOwner(owner)).toBe(false);
    },
  );

  it.each(["classic-cli", "my.repo", "_x", "a".repeat(100), ".github"])(
    "accepts repository %s",
    (repo) => {
      expect(isValidRepositoryName(repo)).toBe(true);
    },
  );

  it.each([".", "..", "", "a/b", "a%2Fb", "a".repeat(101), "ü"])(
    "rejects repository %j",
    (repo) => {
      expect(isValidRepositoryName(repo)).toBe(false);
    },
  );

  it.each(["v0.1.2", "release/1.0", "1.1.0", "v2.0.0-rc.1"])("accepts tag %s", (tag) => {
    expect(isValidTagName(tag)).toBe(true);
  });

  it.each([
    "",
    "a..b",
    "a b",
    "x.lock",
    "@",
    "a@{1}",
    "-x",
    "a/",
    "a//b",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[",
    "a\\b",
    ".hidden",
    "a/.b",
    "x".repeat(251),
  ])("rejects tag %j", (tag) => {
    expect(isValidTagName(tag)).toBe(false);
  });

  it("assertRepositoryName throws a 400 AppError naming the bad part", () => {
    expect(() => assertRepositoryName("ok", "..")).toThrow(AppError);
    let thrown: unknown = null;
    try {
      assertRepositoryName("-bad", "repo");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).message).toContain("-bad");
    expect((thrown as AppError).message).toContain("user or organisation name");
  });

  it("decodeSegment turns malformed percent-encoding into a 400", () => {
    expect(decodeSegment("a%20b")).toBe("a b");
    expect(() => decodeSegment("%E0%A4%A")).toThrow(AppError);
  });
});

describe("sign-in callback", () => {
  it.each([
    ["/octo-maintainer/classic-cli", "/octo-maintainer/classic-cli"],
    ["/", "/"],
    ["https://evil.example/x", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/a\nb", "/"],
    [undefined, "/"],
  ])("safeCallbackPath(%j) is %j", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  const BASE = "http://localhost:3000";
  it.each([
    [`${BASE}/octo/repo?x=1`, `${BASE}/octo/repo?x=1`],
    ["/octo/repo", `${BASE}/octo/repo`],
    [BASE, `${BASE}/`],
    ["abc", `${BASE}/`],
    ["", `${BASE}/`],
    [`${BASE}.evil.example/`, `${BASE}/`],
    [`${BASE}//evil.example`, `${BASE}/`],
    ["https://evil.example/", `${BASE}/`],
    ["//evil.example", `${BASE}/`],
  ])("sameSiteRedirect(%j) is %j", (url, expected) => {
    expect(sameSiteRedirect(url, BASE)).toBe(expected);
  });

  it.each([
    ["", null],
    ["?callbackUrl=%2Focto%2Frepo&error=OAuthCallback", null],
    ["?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fx", null],
    ["?callbackUrl=https%3A%2F%2Fevil.example%2F", null],
    ["?code=abc123&state=x-y_z", null],
    ["?error=a+b", null],
    ["?error=%00", /control character/],
    ["?error=%E0%A4%A", /control character/],
    ["?error=%C3%BC", /non-ASCII/],
    ["?callbackUrl=%0D%0ALocation:%20x", /control character/],
    ["?callbackUrl=abc", /callbackUrl/],
    ["?callbackUrl=%2F&callbackUrl=abc", /callbackUrl/],
    ["?callbackUrl=javascript%3Aalert(1)", /callbackUrl/],
  ])("authQueryProblem(%j) is %s", (search, expected) => {
    const problem = authQueryProblem(new URL(`http://localhost:3000/api/auth/signin${search}`));
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it.each([
    ["/octo/repo", true],
    ["http://localhost:3000/", true],
    ["https://evil.example/", true],
    ["abc", false],
    ["", false],
    ["javascript:alert(1)", false],
  ])("isCallbackUrl(%j) is %j", (value, expected) => {
    expect(isCallbackUrl(value)).toBe(expected);
  });

  it("signInPath keeps the way back encoded", () => {
    expect(signInPath("/o/r?x=1")).toBe("/signin?callbackUrl=%2Fo%2Fr%3Fx%3D1");
  });
});

describe("addresses that name a repository", () => {
  it("decodes and checks both route segments in one place", () => {
    expect(repositoryFromParams({ owner: "octo-maintainer", repo: "classic%2Dcli" })).toEqual({
      owner: "octo-maintainer",
      repo: "classic-cli",
    });
    expect(() => repositoryFromParams({ owner: "octo", repo: "%E0%A4%A" })).toThrow(AppError);
    expect(() => repositoryFromParams({ owner: "octo", repo: "a%2Fb" })).toThrow(AppError);
  });

  it.each([
    "/api/badge/%2e%2e/rocket",
    "/api/badge/.%2E/rocket",
    "/octo/%2e",
    "/octo/..",
    "/octo/./x?y=1",
  ])("finds the dot segment URL normalisation would resolve in %s", (path) => {
    expect(hasDotSegment(path)).toBe(true);
  });

  it.each(["/api/badge/octo/rocket", "/octo/v1.2.3", "/octo/.github", "/octo/a..b", "/"])(
    "leaves %s alone",
    (path) => {
      expect(hasDotSegment(path)).toBe(false);
    },
  );

  it("keeps tagwatch's own first segments from being read as owners", () => {
    expect(isPageOwner("octo-maintainer")).toBe(true);
    for (const reserved of ["api", "API", "signin", "_next"]) {
      expect(isPageOwner(reserved)).toBe(false);
    }
  });
});
