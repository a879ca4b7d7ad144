import { describe, expect, it } from "vitest";
import { DEMO_BADGES } from "../../e2e/demo-expectations";
import { parseXml } from "../../unit/badges/xml";
import { runTagwatch } from "./tagwatch";

// README badges through tagwatch's production server (its warm-badge fast path included), read
// with the badge bot's token (scripts/with-simulator.ts). Nobody signs in: badges are public.

const tagwatch = runTagwatch();

/** The SVG's text nodes; throws when it is not well-formed XML with an <svg> root. */
function svgText(svg: string): string[] {
  const parsed = parseXml(svg);
  if (parsed.root !== "svg") throw new Error(`not an SVG: ${svg.slice(0, 200)}`);
  return parsed.text;
}

describe("the release-health badge", () => {
  it("every demo repository's badge says what its tags did, as SVG and as shields JSON", async () => {
    for (const [repository, message, color] of DEMO_BADGES) {
      const response = await tagwatch().fetch(`/api/badge/${repository}`);
      expect(response.status, repository).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
      expect(svgText(await response.text()), repository).toContain(message);

      const json = await (await tagwatch().fetch(`/api/badge/${repository}?format=shields`)).json();
      expect(json, repository).toEqual({
        schemaVersion: 1,
        label: "release",
        message,
        color,
        cacheSeconds: 300,
      });
    }
  });

  it("the headers suit camo and a CDN, and a matching ETag gets 304", async () => {
    const path = "/api/badge/octo-maintainer/healthy-lib?style=for-the-badge";
    const first = await tagwatch().fetch(path);
    await first.arrayBuffer();
    expect(first.headers.get("cache-control")).toBe(
      "max-age=0, s-maxage=300, stale-while-revalidate=600",
    );
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await tagwatch().fetch(path, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
  });

  it("a private repository is indistinguishable from one that does not exist", async () => {
    for (const query of ["", "?format=shields", "?style=flat-square&label=ship"]) {
      const hidden = await tagwatch().fetch(`/api/badge/octo-maintainer/private-service${query}`);
      const missing = await tagwatch().fetch(`/api/badge/octo-maintainer/does-not-exist${query}`);
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      const { date: _hiddenDate, ...hiddenHeaders } = Object.fromEntries(hidden.headers);
      const { date: _missingDate, ...missingHeaders } = Object.fromEntries(missing.headers);
      expect(hiddenHeaders).toEqual(missingHeaders);
      const text = await hidden.text();
      expect(text).toBe(await missing.text());
      expect(text).toContain("not found");
    }
  });

  it("needs no sign-in, and refuses bad input with a 400 badge", async () => {
    const invalid = await tagwatch().fetch("/api/badge/-nope-/repo");
    expect(invalid.status).toBe(400);
    expect(svgText(await invalid.text())).toContain("invalid repository");
    const plastic = await tagwatch().fetch("/api/badge/octo-maintainer/healthy-lib?style=plastic");
    expect(plastic.status).toBe(400);
    const longLabel = await tagwatch().fetch(
      `/api/badge/octo-maintainer/healthy-lib?label=${"x".repeat(41)}`,
    );
    expect(longLabel.status).toBe(400);
  });

  it("GitHub being down gives an 'unavailable' badge, never a 500", async () => {
    await tagwatch().simulator.faults({
      failures: [{ pathPrefix: "/api/", status: 503, count: 100 }],
    });
    const response = await tagwatch().fetch("/api/badge/release-lab/not-loaded-yet?format=shields");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ message: "unavailable", isError: true });
  });
});
