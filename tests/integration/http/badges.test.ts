import { describe, expect, it } from "vitest";
import { DEMO_BADGES } from "../../e2e/demo-expectations";
import { parseXml } from "../../unit/badges/xml";
import { runTagwatch, type Session } from "./tagwatch";

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

// Badge links for private repositories (docs/badges.md): made and removed by a signed-in admin with
// the page's own requests, read by anyone holding the link (as GitHub's image proxy does), through
// the simulator's demo App installed on octo-maintainer/private-service (v1.0.1 not triggered).
// The dialog that makes them is tests/e2e/badge-links.spec.ts's journey.

const PRIVATE = "octo-maintainer/private-service";

/** The page's own POST or DELETE of a repository's badge link, with its Origin. */
function manage(session: Session, method: "POST" | "DELETE", repository: string) {
  return session.get(`/api/repos/${repository}/badge-token`, {
    method,
    headers: { origin: tagwatch().url },
  });
}

async function makeLink(session: Session, repository: string): Promise<string> {
  const answer = await manage(session, "POST", repository);
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { url: string }).url;
}

/** The badge's message; the App's first read runs right after a link is made: poll for it. */
async function message(url: string): Promise<string> {
  const response = await tagwatch().fetch(`${url}&format=shields`);
  return response.ok
    ? ((await response.json()) as { message: string }).message
    : `HTTP ${response.status}`;
}

const READ = { timeout: 15_000, interval: 250 };

/** Status, headers but the date, and body: what must be identical between neutral answers. */
async function answerOf(url: string) {
  const response = await tagwatch().fetch(url);
  const { date: _date, ...headers } = Object.fromEntries(response.headers);
  return { status: response.status, headers, body: await response.text() };
}

describe("badge links for private repositories", () => {
  it("an anonymous request with the link gets the private repository's status; after Rotate, the neutral badge", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const url = await makeLink(session, PRIVATE);
    expect(url).toMatch(
      new RegExp(`^${tagwatch().url}/api/badge/${PRIVATE}\\?token=twb_[A-Za-z0-9_-]{43}$`),
    );
    await expect.poll(() => message(url), READ).toBe("1 tag unreleased");
    const svg = await tagwatch().fetch(url);
    await svg.arrayBuffer();
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.headers.get("cache-control")).toBe("no-cache");
    const etag = svg.headers.get("etag") ?? "";
    const again = await tagwatch().fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);

    const rotated = await makeLink(session, PRIVATE);
    const neutral = await answerOf(`${tagwatch().url}/api/badge/octo-maintainer/nope?token=x`);
    expect(neutral.status).toBe(404);
    expect(await answerOf(url)).toEqual(neutral);
    await expect.poll(() => message(rotated), READ).toBe("1 tag unreleased");
  });

  it("the neutral answers are identical: wrong, rotated, removed, another repository's token, no such repository", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const token = async (repository: string) =>
      new URL(await makeLink(session, repository)).searchParams.get("token");
    const rotatedAway = await token(PRIVATE);
    const current = await token(PRIVATE);
    const removed = await token("octo-maintainer/classic-cli");
    expect((await manage(session, "DELETE", "octo-maintainer/classic-cli")).status).toBe(204);
    const other = await token("octo-maintainer/healthy-lib");
    const base = `${tagwatch().url}/api/badge`;
    for (const variant of ["", "&format=shields", "&style=flat-square&label=ship"]) {
      const urls = [
        `${base}/${PRIVATE}?token=twb_${"A".repeat(43)}${variant}`,
        `${base}/${PRIVATE}?token=${rotatedAway}${variant}`,
        `${base}/octo-maintainer/classic-cli?token=${removed}${variant}`,
        `${base}/${PRIVATE}?token=${other}${variant}`,
        `${base}/octo-maintainer/does-not-exist?token=${current}${variant}`,
      ];
      const answers = await Promise.all(urls.map((url) => answerOf(url)));
      expect(answers[0]?.status).toBe(404);
      for (const [index, answer] of answers.entries()) {
        expect(answer, urls[index]).toEqual(answers[0]);
      }
      expect(answers[0]?.body).not.toMatch(/private|unreleased|v1\.0/);
    }
    await expect
      .poll(() => message(`${base}/${PRIVATE}?token=${current}`), READ)
      .toBe("1 tag unreleased");
  });

  it("a read-only user gets 403 on create", async () => {
    const reader = await tagwatch().signIn("octo-reader");
    const refused = await manage(reader, "POST", "octo-maintainer/classic-cli");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "You have read access to octo-maintainer/classic-cli; badge links are made by its admins and maintainers.",
    );
    expect((await manage(reader, "DELETE", "octo-maintainer/classic-cli")).status).toBe(403);
    // A repository the user cannot see is not found, as everywhere else.
    expect((await manage(reader, "POST", PRIVATE)).status).toBe(404);
    // Without a session.
    const anonymous = await tagwatch().fetch(`/api/repos/${PRIVATE}/badge-token`, {
      method: "POST",
      headers: { origin: tagwatch().url },
    });
    expect(anonymous.status).toBe(401);
  });

  it("the leak check knows a badge token once it is handed out, and any badge token it never saw", async () => {
    const session = await tagwatch().signIn("octo-maintainer");
    const token = new URL(await makeLink(session, PRIVATE)).searchParams.get("token") ?? "";
    const probe = (text: string) => tagwatch().leaks.leaksIn([{ where: "probe", text }]);
    expect(await probe(`{"x":"${token}"}`)).toEqual([
      { where: "probe", secret: expect.stringContaining("a badge token") },
    ]);
    expect(await probe(`twb_${"b".repeat(43)}`)).toEqual([
      { where: "probe", secret: expect.stringContaining("a badge token") },
    ]);
  });
});
