import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTagwatch, type Tagwatch } from "./tagwatch";

// What tagwatch's production server answers to requests no page sends: hostile route parameters,
// bad bodies, cross-site posts, signed-out callers. Every one gets a 4xx with a message, never a
// 500 or a stack trace. Its headers and public files are checked here too.

const tagwatch = runTagwatch();

const LONG = "a".repeat(4000);
const PAGE_PATHS = [
  "/..%2F..%2Fetc%2Fpasswd",
  "/%00",
  "/a%00b/repo",
  `/${LONG}`,
  `/octo-maintainer/${LONG}`,
  "/%E2%80%AE/x",
  "/%C3%BCn%C3%AFc%C3%B6d%C3%A9/repo",
  "/octo-maintainer/%FF",
  "/octo-maintainer/classic-cli%00",
  "/octo-maintainer/classic-cli/..%2F..%2Fsecret",
  "/-/-",
  "/octo-maintainer/%E0%A4%A",
];
const API_PATHS = [
  "/api/repos/%00/x/health",
  "/api/repos/a/b%2F..%2Fc/health",
  `/api/repos/${LONG}/y/health`,
  "/api/repos/octo-maintainer/%F0%9F%92%A9/health",
  "/api/repos/octo-maintainer/classic-cli/health?after=%00",
  `/api/repos/octo-maintainer/classic-cli/health?after=${"x".repeat(500)}`,
  "/api/repos/octo-maintainer/%E0%A4%A/health",
  "/api/repos/a/b%2F..%2Fc/history",
  `/api/repos/${LONG}/y/history`,
  "/api/repos/a/b%2F..%2Fc/history/sparkline",
  "/api/badge/..%2F/x",
  "/api/badge/octo-maintainer/%00",
  `/api/badge/${LONG}/x`,
  "/api/badge/octo-maintainer/classic-cli?style=%3Cscript%3E",
  `/api/badge/octo-maintainer/classic-cli?label=${"l".repeat(200)}`,
];
const BUILD = path.resolve(__dirname, "../../../.next");
const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|webpack-internal/;

/**
 * The status of a GET sent with its path exactly as written (no dot-segment resolution, which
 * fetch would apply, as browsers do; curl and scripts do not); the answer is checked for leaks.
 */
function rawStatus(app: Tagwatch, path: string): Promise<number> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        app.leaks.inspect(
          `raw GET ${path}`,
          response.headers,
          Buffer.concat(chunks).toString("utf8"),
        );
        resolve(response.statusCode ?? 0);
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

describe("hostile addresses", () => {
  it("hostile route parameters get a 4xx and a message, never a 500", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    for (const path of [...PAGE_PATHS, ...API_PATHS]) {
      const response = await session.get(path);
      expect(response.status, path.slice(0, 120)).toBeGreaterThanOrEqual(400);
      expect(response.status, path.slice(0, 120)).toBeLessThan(500);
      const body = await response.text();
      expect(body.length, path.slice(0, 120)).toBeGreaterThan(0);
      expect(body, path.slice(0, 120)).not.toMatch(STACK_TRACE);
    }
  });

  it("names that URL normalisation would turn into another path answer 4xx, not another page", async () => {
    for (const path of [
      "/api/badge/%2e%2e/rocket",
      "/api/badge/.%2E/rocket",
      "/api/badge/octo-maintainer/%2e%2e",
      "/api/repos/%2e%2e/x/health",
      "/%2e%2e/rocket",
      "/octo-maintainer/%2e%2e",
      "/octo-maintainer/.",
    ]) {
      const status = await rawStatus(tagwatch(), path);
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
    }
    // What they resolve to is not a repository page either.
    const session = await tagwatch().signIn("octo-maintainer");
    expect((await session.get("/api/rocket")).status).toBe(404);
  });
});

describe("sign-in", () => {
  it("the sign-in callback never redirects off-site", async () => {
    for (const target of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      // Where the OAuth callback sends the browser, resolved as a browser resolves a Location
      // (the WHATWG URL parser: a backslash is a slash, "//host" is another site).
      const { landing } = await tagwatch().signIn("octo-maintainer", target);
      expect(landing.origin, target).toBe(tagwatch().url);
    }
  });
});

describe("sign-in's own routes", () => {
  it("answer bad parameters with a 4xx or a way back to sign-in, never a 500", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const form = { "content-type": "application/x-www-form-urlencoded", origin: tagwatch().url };
    for (const [method, path, body] of [
      ["GET", "/api/auth/callback/github?callbackUrl=abc", undefined],
      ["GET", "/api/auth/callback/github?callbackUrl=abc&code=x&state=y", undefined],
      ["GET", "/api/auth/callback/github?callbackUrl=%2F&callbackUrl=abc", undefined],
      ["POST", "/api/auth/signout?callbackUrl=abc", undefined],
      ["GET", "/api/auth/error?error=%00", undefined],
      ["GET", "/api/auth/error?error=%E0%A4%A", undefined],
      ["GET", "/api/auth/signin/github?callbackUrl=%0D%0ASet-Cookie:%20x=1", undefined],
      // The sign-in form's own field, not the query: next-auth's choice of where to go threw on it.
      ["POST", "/api/auth/signin/github", "callbackUrl=abc"],
      ["POST", "/api/auth/signin/github", "callbackUrl=https%3A%2F%2Fevil.example%2F"],
    ] as const) {
      const what = `${method} ${path} ${body ?? ""}`;
      const response = await session.get(path, {
        method,
        ...(body ? { body, headers: form } : {}),
      });
      expect(response.status, what).toBeGreaterThanOrEqual(300);
      expect(response.status, what).toBeLessThan(500);
      const location = response.headers.get("location");
      if (location) expect(new URL(location, tagwatch().url).origin, what).toBe(tagwatch().url);
    }
  });
});

describe("sign-in's cookie of where to return", () => {
  it("holding no address, it is cleared with a 400 instead of every sign-in route failing", async () => {
    const stale = await tagwatch().fetch("/api/auth/csrf", {
      headers: { cookie: "next-auth.callback-url=abc" },
    });
    expect(stale.status).toBe(400);
    expect((await stale.json()).error.message).toMatch(/cleared/);
    expect(stale.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(/^next-auth\.callback-url=; Path=\/; Max-Age=0/),
    );
    // An address, as next-auth writes it, is left alone.
    const fine = await tagwatch().fetch("/api/auth/csrf", {
      headers: { cookie: `next-auth.callback-url=${encodeURIComponent(`${tagwatch().url}/`)}` },
    });
    expect(fine.status).toBe(200);
  });
});

describe("action endpoints", () => {
  it("bad POST bodies are 400s that say what is wrong", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const cases: { data: string; contentType: string; says: RegExp }[] = [
      { data: "{not json", contentType: "application/json", says: /not valid JSON/ },
      { data: "tag=v1", contentType: "application/x-www-form-urlencoded", says: /JSON/ },
      {
        data: JSON.stringify({ tag: "v1", extra: true }),
        contentType: "application/json",
        says: /extra|Unrecognized/i,
      },
      {
        data: JSON.stringify({ tag: "x".repeat(300) }),
        contentType: "application/json",
        says: /tag/,
      },
      {
        data: JSON.stringify({ tag: "v1", workflow: "../../x" }),
        contentType: "application/json",
        says: /workflow/,
      },
    ];
    for (const { data, contentType, says } of cases) {
      const response = await session.post("/api/repos/octo-maintainer/classic-cli/dispatch", data, {
        headers: { "content-type": contentType },
      });
      expect(response.status, data).toBe(400);
      expect((await response.json()).error.message, data).toMatch(says);
    }
  });

  it("the App's set-up takes a form: any other body is a 400 that says so, not GitHub's fault", async () => {
    const start = (body: string, contentType?: string) =>
      tagwatch().fetch("/setup/start", {
        method: "POST",
        body,
        headers: {
          origin: tagwatch().url,
          ...(contentType ? { "content-type": contentType } : {}),
        },
      });
    for (const [body, contentType] of [
      ['{"name":"tagwatch"}', "application/json"],
      ["name=tagwatch", "text/plain"],
      ["", undefined],
    ] as const) {
      const response = await start(body, contentType);
      expect(response.status, `${contentType}`).toBe(400);
      expect((await response.json()).error.message, `${contentType}`).toMatch(/form/);
    }
    // The form the /setup page posts is still taken.
    const taken = await start("name=tagwatch", "application/x-www-form-urlencoded");
    expect(taken.status).toBe(200);
    expect(await taken.text()).toContain('name="manifest"');
  });

  it("refuse cross-site requests, bad bodies and signed-out callers", async () => {
    const signedOut = await tagwatch().fetch("/api/repos/octo-maintainer/classic-cli/dispatch", {
      method: "POST",
      body: JSON.stringify({ tag: "v0.1.2" }),
      headers: { "content-type": "application/json", origin: tagwatch().url },
    });
    expect(signedOut.status).toBe(401);

    const session = await tagwatch().signIn("octo-maintainer");
    const crossSite = await session.post(
      "/api/repos/octo-maintainer/classic-cli/dispatch",
      { tag: "v0.1.2" },
      { headers: { origin: "https://evil.example" } },
    );
    expect(crossSite.status).toBe(403);
    const badTag = await session.post("/api/repos/octo-maintainer/classic-cli/dispatch", {
      tag: "../../etc",
    });
    expect(badTag.status).toBe(400);
    const badRun = await session.post("/api/repos/octo-maintainer/failed-build/rerun", {
      runId: "1; rm -rf",
    });
    expect(badRun.status).toBe(400);
    // Refused before anything was written on GitHub.
    expect(await tagwatch().simulator.requests()).not.toContainEqual(
      expect.objectContaining({ method: "POST", kind: "rest" }),
    );
  });

  it("a tag whose cause is not in the files gets a 404 with the reason from Fix the pipeline", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const response = await session.get(
      "/api/repos/octo-maintainer/failed-build/pipeline-fix?tag=v2.1.0",
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(/not one tagwatch can cure/);
  });
});

describe("signed out", () => {
  it("API routes answer 401 JSON without a session", async () => {
    for (const path of ["/api/repos/octo-maintainer/classic-cli/health", "/api/repos"]) {
      const response = await tagwatch().fetch(path);
      expect(response.status, path).toBe(401);
      expect((await response.json()).error.code, path).toBe("unauthenticated");
    }
  });
});

describe("headers and public files", () => {
  it("security headers and a Content-Security-Policy are sent", async () => {
    const response = await tagwatch().fetch("/signin");
    const headers = response.headers;
    expect(headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("icons and a social preview are served", async () => {
    const icon = await tagwatch().fetch("/icon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");

    for (const path of ["/apple-icon", "/opengraph-image"]) {
      const image = await tagwatch().fetch(path);
      expect(image.status, path).toBe(200);
      expect(image.headers.get("content-type"), path).toBe("image/png");
      const bytes = Buffer.from(await image.arrayBuffer());
      expect(bytes.subarray(1, 4).toString("latin1"), path).toBe("PNG");
    }
  });

  it("the build's scripts and stylesheet are served compressed, cached for good, and nothing else", async () => {
    const html = await (await tagwatch().fetch("/signin")).text();
    const assets = [...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"?]+\.(?:css|js))"/g)].map(
      (match) => match[1] ?? "",
    );
    expect(assets.filter((asset) => asset.endsWith(".css")).length).toBeGreaterThan(0);
    expect(assets.filter((asset) => asset.endsWith(".js")).length).toBeGreaterThan(2);
    for (const asset of assets) {
      const file = readFileSync(path.join(BUILD, asset.slice("/_next/".length)));
      const type = asset.endsWith(".css") ? /^text\/css/ : /^application\/javascript/;
      const zipped = await tagwatch().fetch(asset, { headers: { "accept-encoding": "br, gzip" } });
      expect(zipped.status, asset).toBe(200);
      expect(zipped.headers.get("content-encoding"), asset).toBe("gzip");
      expect(zipped.headers.get("content-type"), asset).toMatch(type);
      expect(zipped.headers.get("cache-control"), asset).toBe(
        "public, max-age=31536000, immutable",
      );
      expect(zipped.headers.get("x-content-type-options"), asset).toBe("nosniff");
      // fetch undoes the gzip: what arrives is the build's file.
      expect(Buffer.from(await zipped.arrayBuffer()).equals(file), asset).toBe(true);

      const plain = await tagwatch().fetch(asset, { headers: { "accept-encoding": "gzip;q=0" } });
      expect(plain.headers.get("content-encoding"), asset).toBeNull();
      expect(Buffer.from(await plain.arrayBuffer()).equals(file), asset).toBe(true);
    }

    const head = await tagwatch().fetch(assets[0] ?? "", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");

    expect((await tagwatch().fetch("/_next/static/chunks/no-such-chunk.js")).status).toBe(404);
    // Outside the build's public files (here the server's code for /setup), whatever the encoding.
    const server = readFileSync(path.join(BUILD, "server/app/setup/page.js"), "utf8");
    for (const outside of [
      "/_next/static/..%2Fserver%2Fapp%2Fsetup%2Fpage.js",
      "/_next/static/chunks%2F..%2F..%2Fserver%2Fapp%2Fsetup%2Fpage.js",
    ]) {
      const response = await tagwatch().fetch(outside);
      expect([400, 404], outside).toContain(response.status);
      expect((await response.text()).includes(server.slice(0, 200)), outside).toBe(false);
    }
    // As sent, unresolved (fetch would resolve the dots first).
    expect(
      await rawStatus(tagwatch(), "/_next/static/chunks/%2e%2e/%2e%2e/server/app/setup/page.js"),
    ).toBe(400);
  });
});
