import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { serveWarmBadge } from "@/lib/badges/fast-path";
import { badgeDataKey, badgeRepositories, clearBadgeCache } from "@/lib/badges/render-cache";
import { TAG_STATUSES } from "@/lib/health/types";
import { invalidateRepository } from "@/lib/store/cache-policy";
import { parseXml } from "../../unit/badges/xml";

// A Node server that answers what the fast path answers and 599 for "hand it to Next".
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    void serveWarmBadge(request, response).then((served) => {
      if (served) return;
      response.writeHead(599);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => clearBadgeCache());

const counts = Object.fromEntries(TAG_STATUSES.map((status) => [status, 0])) as Record<
  (typeof TAG_STATUSES)[number],
  number
>;

async function warm(owner: string, repo: string) {
  await badgeRepositories.set(
    await badgeDataKey(owner, repo),
    {
      state: "ok",
      pendingTag: null,
      summary: {
        total: 3,
        counts: { ...counts, "not-triggered": 2, healthy: 1 },
        flagged: 2,
        worst: "not-triggered",
        latestTag: "v0.1.2",
        latestRelease: "v0.1.0",
      },
    },
    60_000,
  );
}

describe("warm-badge fast path", () => {
  it("hands a badge whose data is not cached to Next", async () => {
    expect((await fetch(`${base}/api/badge/octo/cold`)).status).toBe(599);
  });

  it("leaves every other path to Next", async () => {
    await warm("octo", "repo");
    expect((await fetch(`${base}/octo/repo`)).status).toBe(599);
    expect((await fetch(`${base}/api/badge/octo/repo/extra`)).status).toBe(599);
    expect((await fetch(`${base}/api/badge/octo/repo`, { method: "POST" })).status).toBe(599);
  });

  it("hands every badge link (a request with ?token=) to Next, even when the public badge is warm", async () => {
    await warm("octo", "repo");
    expect((await fetch(`${base}/api/badge/octo/repo`)).status).toBe(200);
    for (const query of ["?token=twb_x", "?token=", "?format=shields&token=twb_x"]) {
      expect((await fetch(`${base}/api/badge/octo/repo${query}`)).status, query).toBe(599);
    }
  });

  it("serves a warm badge exactly as the route would, then 304 for its ETag", async () => {
    await warm("Octo", "Repo");
    const response = await fetch(`${base}/api/badge/octo/repo`);
    expect(response.status).toBe(200);
    const body = await response.text();
    // What the route answers for this data (tests/integration/badges/route.test.ts), stated here.
    const svg = parseXml(body);
    expect(svg.root).toBe("svg");
    expect(svg.text).toContain("release");
    expect(svg.text).toContain("2 tags unreleased");
    expect(body).toContain('aria-label="release: 2 tags unreleased"');
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "max-age=0, s-maxage=300, stale-while-revalidate=600",
      etag,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "cross-origin-resource-policy": "cross-origin",
    });
    expect(response.headers.has("access-control-allow-origin")).toBe(false);
    const again = await fetch(`${base}/api/badge/octo/repo`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("serves the shields JSON variant and answers HEAD without a body", async () => {
    await warm("octo", "repo");
    const shields = await fetch(`${base}/api/badge/octo/repo?format=shields`);
    expect(shields.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(shields.headers.get("access-control-allow-origin")).toBe("*");
    expect(await shields.json()).toEqual({
      schemaVersion: 1,
      label: "release",
      message: "2 tags unreleased",
      color: "red",
      cacheSeconds: 300,
    });
    const head = await fetch(`${base}/api/badge/octo/repo`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("hands a warm badge to Next again once its repository was invalidated (a dispatch anywhere)", async () => {
    await warm("octo", "repo");
    expect((await fetch(`${base}/api/badge/octo/repo`)).status).toBe(200);
    await invalidateRepository("octo", "repo");
    expect((await fetch(`${base}/api/badge/octo/repo`)).status).toBe(599);
  });

  it("answers bad input with the same 400 badge as the route, without GitHub", async () => {
    const response = await fetch(`${base}/api/badge/-bad-/repo`);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(parseXml(body).text).toContain("invalid repository");
    expect(body).not.toContain("-bad-");
  });
});
