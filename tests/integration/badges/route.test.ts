import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "@/simulator/server";
import { DEMO_BADGES as DEMO } from "../../e2e/demo-expectations";
import { parseXml } from "../../unit/badges/xml";

// The badge route against the real GitHub simulator (demo scenario), read with the badge bot's
// token: a machine user that can read octo-maintainer/private-service but nothing else private.

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let GET: typeof import("@/app/api/badge/[owner]/[repo]/route").GET;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  Object.assign(process.env, {
    GITHUB_SERVER_URL: simulator.url,
    GITHUB_API_URL: `${simulator.url}/api/v3`,
    GITHUB_GRAPHQL_URL: `${simulator.url}/api/graphql`,
    GITHUB_TOKEN: "sim_token_tagwatch-bot",
  });
  ({ GET } = await import("@/app/api/badge/[owner]/[repo]/route"));
});

afterAll(async () => {
  await simulator?.close();
});

function badge(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = new URL(`http://localhost/api/badge/${path}`);
  const [owner = "", repo = ""] = url.pathname.split("/").slice(3);
  return GET(new Request(url, { headers }), { params: Promise.resolve({ owner, repo }) });
}

async function simulatorControl(method: string, path: string, body?: unknown) {
  const response = await fetch(`${simulator.url}/_simulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

describe("GET /api/badge/{owner}/{repo} on the demo scenario", () => {
  // First, while nothing is cached: README traffic must not turn into GitHub traffic.
  it("asks GitHub once per repository, however many badges are requested", async () => {
    await simulatorControl("DELETE", "requests");
    const variants = ["", "?style=flat-square", "?format=shields", "?label=x", "", ""];
    await Promise.all(variants.map((query) => badge(`release-lab/bulk-tags${query}`)));
    await Promise.all(variants.map((query) => badge(`release-lab/bulk-tags${query}`)));
    const log = (await (await fetch(`${simulator.url}/_simulator/requests`)).json()) as {
      requests: { kind: string }[];
    };
    expect(log.requests.filter((request) => request.kind === "graphql")).toHaveLength(1);
  });

  it.each(DEMO)("%s says %s", async (repository, message, color) => {
    const svgResponse = await badge(repository);
    expect(svgResponse.status).toBe(200);
    expect(svgResponse.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = parseXml(await svgResponse.text());
    expect(svg.root).toBe("svg");
    expect(svg.text).toContain("release");
    expect(svg.text).toContain(message);

    const jsonResponse = await badge(`${repository}?format=shields`);
    const json = await jsonResponse.json();
    expect(Object.keys(json).sort()).toEqual([
      "cacheSeconds",
      "color",
      "label",
      "message",
      "schemaVersion",
    ]);
    expect(json).toMatchObject({ schemaVersion: 1, label: "release", message, color });
    expect(json.cacheSeconds).toBeGreaterThanOrEqual(300);
  });

  it("the private repository answers byte for byte like one that does not exist", async () => {
    for (const query of ["", "?format=shields", "?style=for-the-badge&label=ship"]) {
      const hidden = await badge(`octo-maintainer/private-service${query}`);
      const missing = await badge(`octo-maintainer/does-not-exist${query}`);
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(Object.fromEntries(hidden.headers)).toEqual(Object.fromEntries(missing.headers));
      const body = await hidden.text();
      expect(body).toBe(await missing.text());
      expect(body).not.toMatch(/private|v1\.0\.1|unreleased/);
    }
  });

  it("answers 304 to a matching If-None-Match, with the same validators and cache headers", async () => {
    const first = await badge("octo-maintainer/healthy-lib?style=flat-square");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe(
      "max-age=0, s-maxage=300, stale-while-revalidate=600",
    );
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    const again = await badge("octo-maintainer/healthy-lib?style=flat-square", {
      "if-none-match": etag ?? "",
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
    expect(await again.text()).toBe("");
    const otherStyle = await badge("octo-maintainer/healthy-lib?style=flat", {
      "if-none-match": etag ?? "",
    });
    expect(otherStyle.status).toBe(200);
  });

  it("refuses invalid names, styles and labels with 400 badges that echo nothing", async () => {
    const badName = await badge("bad..owner/repo");
    expect(badName.status).toBe(400);
    expect(parseXml(await badName.text()).text).toContain("invalid repository");
    const badStyle = await badge("octo-maintainer/healthy-lib?style=%3Cscript%3E");
    expect(badStyle.status).toBe(400);
    const body = await badStyle.text();
    expect(body).not.toContain("script");
    expect(parseXml(body).text).toContain("invalid style");
    const longLabel = await badge(`octo-maintainer/healthy-lib?label=${"x".repeat(41)}`);
    expect(longLabel.status).toBe(400);
    const label = await badge("octo-maintainer/healthy-lib?label=ship%20%3Cit%3E");
    expect(parseXml(await label.text()).text).toContain("ship <it>");
  });

  it("says 'unavailable' with a short cache when GitHub is down, never a 500", async () => {
    await simulatorControl("POST", "faults", {
      failures: [{ pathPrefix: "/api/", status: 503, count: 100 }],
    });
    try {
      const response = await badge("octo-maintainer/healthy-lib-never-loaded?format=shields");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe(
        "max-age=0, s-maxage=30, stale-while-revalidate=60",
      );
      expect(await response.json()).toEqual({
        schemaVersion: 1,
        label: "release",
        message: "unavailable",
        color: "orange",
        cacheSeconds: 300,
        isError: true,
      });
    } finally {
      await simulatorControl("DELETE", "faults");
    }
  });
});
