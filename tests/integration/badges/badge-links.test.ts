import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { BADGE_TOKEN_PATTERN } from "@/lib/badges/token";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { parseXml } from "../../unit/badges/xml";
import {
  APP_SETTINGS,
  BADGE_TOKEN,
  type Gate,
  MAINTAINER_TOKEN,
  OWNER,
  READER_TOKEN,
  startGate,
  useGitHub,
} from "../github";
import { type Caller, nextHeadersOf, pagePost, type RequestScope } from "../session";

// Badge links (issue 22) through their routes, against the simulator's demo, where the tagwatch
// App is installed on the private repository private-service (v1.0.1 not triggered). The page's
// calls run as the signed-in user; the badge requests carry no session at all, as GitHub's image
// proxy sends them. Next's after() is stood in for by a list of tasks the test runs itself.

const scope = vi.hoisted((): RequestScope & { after: (() => Promise<unknown>)[] } => ({
  request: null,
  after: [],
}));
vi.mock("next/headers", () => nextHeadersOf(scope));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => {
    scope.after.push(task);
  },
}));

const MAINTAINER: Caller = { login: OWNER, token: MAINTAINER_TOKEN };
const READER: Caller = { login: "octo-reader", token: READER_TOKEN };
const PRIVATE = "private-service";
const ORIGIN = "http://localhost:3000";

type Handler = (
  request: Request,
  context: { params: Promise<{ owner: string; repo: string }> },
) => Promise<Response>;
type Routes = { GET: Handler; POST: Handler; DELETE: Handler };

let sim: RunningSimulator;
let gate: Gate;
let links: Routes;
let badgeRoute: Handler;
let lib: {
  getTokenBadge: typeof import("@/lib/badges/token-badge").getTokenBadge;
  dropAppView: typeof import("@/lib/badges/app-view").dropAppView;
  revokeBadgeToken: typeof import("@/lib/badges/token-store").revokeBadgeToken;
  invalidateRepository: typeof import("@/lib/store/cache-policy").invalidateRepository;
};
const { control } = simulatorClient(() => sim.url);
/** Every badge token the routes handed out: none may appear in a log line. */
const issued: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 600_000 });
  // GitHub behind a gate that lets everything through until a test holds something.
  gate = await startGate(sim.url);
  useGitHub(gate.url, { ...APP_SETTINGS, GITHUB_APP_SLUG: "tagwatch", GITHUB_TOKEN: BADGE_TOKEN });
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(" "));
    });
  }
  links = (await import("@/app/api/repos/[owner]/[repo]/badge-token/route")) as Routes;
  ({ GET: badgeRoute } = await import("@/app/api/badge/[owner]/[repo]/route"));
  lib = {
    getTokenBadge: (await import("@/lib/badges/token-badge")).getTokenBadge,
    dropAppView: (await import("@/lib/badges/app-view")).dropAppView,
    revokeBadgeToken: (await import("@/lib/badges/token-store")).revokeBadgeToken,
    invalidateRepository: (await import("@/lib/store/cache-policy")).invalidateRepository,
  };
});

afterAll(async () => {
  // Tokens never reach a log, whatever happened above.
  const leaked = logged.filter((line) => issued.some((token) => line.includes(token)));
  expect(leaked).toEqual([]);
  expect(logged.join("\n")).not.toMatch(BADGE_TOKEN_PATTERN);
  vi.restoreAllMocks();
  await gate?.close();
  await sim?.close();
});

const LINKED = [PRIVATE, "classic-cli", "healthy-lib"];

// GitHub is reset, and so is what tagwatch keeps (the store outlives a test).
beforeEach(async () => {
  await control("POST", "reset");
  for (const repo of LINKED) {
    await lib.revokeBadgeToken(OWNER, repo);
    await lib.dropAppView(OWNER, repo);
  }
  scope.after = [];
});
afterEach(() => gate.release());

/** Runs what the routes left for after() (the view's warm-up or refresh). */
async function runAfter(): Promise<void> {
  const tasks = scope.after;
  scope.after = [];
  await Promise.all(tasks.map((task) => task()));
}

async function manage(
  method: "GET" | "POST" | "DELETE",
  repo: string,
  caller: Caller,
  options: { origin?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const where = { owner: OWNER, repo };
  const url = `${ORIGIN}/api/repos/${OWNER}/${repo}/badge-token`;
  const request = await pagePost(url, "", caller, options);
  scope.request = new Request(url, { method, headers: request.headers });
  const response = await links[method](scope.request, { params: Promise.resolve(where) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

/** Makes (or rotates) a repository's badge link as the maintainer; returns its token. */
async function makeLink(repo: string): Promise<{ url: string; markdown: string; token: string }> {
  const answer = await manage("POST", repo, MAINTAINER);
  expect(answer.status).toBe(201);
  const token = new URL(answer.body.url).searchParams.get("token") ?? "";
  issued.push(token);
  await runAfter();
  return { ...answer.body, token };
}

/** A badge request as GitHub's image proxy sends it: no cookie, no origin. */
async function badge(
  repo: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(`${ORIGIN}/api/badge/${OWNER}/${repo}${query}`);
  scope.request = new Request(url, { headers });
  return badgeRoute(scope.request, { params: Promise.resolve({ owner: OWNER, repo }) });
}

async function githubRequests(): Promise<string[]> {
  const { body } = await control("GET", "requests");
  return body.requests.map((request: Json) => `${request.method} ${request.path}`);
}

/** The SVG's text nodes. */
function svgText(body: string): string[] {
  return parseXml(body).text;
}

describe("a maintainer makes a badge link for a private repository", () => {
  it("gets the token once, inside ready-to-paste Markdown; an anonymous request with it gets the status", async () => {
    const answer = await manage("POST", PRIVATE, MAINTAINER);
    expect(answer.status).toBe(201);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const { url, markdown } = answer.body;
    expect(Object.keys(answer.body).sort()).toEqual(["markdown", "url"]);
    expect(url).toMatch(
      /^http:\/\/localhost:3000\/api\/badge\/octo-maintainer\/private-service\?token=twb_[A-Za-z0-9_-]{43}$/,
    );
    expect(markdown).toBe(`[![release health](${url})](${ORIGIN}/${OWNER}/${PRIVATE})`);
    const token = new URL(url).searchParams.get("token") ?? "";
    issued.push(token);
    await runAfter();

    const svg = await badge(PRIVATE, `?token=${token}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.headers.get("cache-control")).toBe("no-cache");
    expect(svgText(await svg.text())).toContain("1 tag unreleased");
    const json = await badge(PRIVATE, `?token=${token}&format=shields`);
    expect(await json.json()).toEqual({
      schemaVersion: 1,
      label: "release",
      message: "1 tag unreleased",
      color: "red",
      cacheSeconds: 300,
    });

    // The dialog's view of it afterwards: the link's date, never its token.
    const status = await manage("GET", PRIVATE, MAINTAINER);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      repository: `${OWNER}/${PRIVATE}`,
      isPrivate: true,
      mayManage: true,
      link: { createdAt: expect.any(String) },
      app: { kind: "installed" },
    });
    expect(JSON.stringify(status.body)).not.toMatch(BADGE_TOKEN_PATTERN);
  });

  it("is answered from the stored view, without GitHub, and 304 while nothing changed", async () => {
    const { token } = await makeLink(PRIVATE);
    await control("DELETE", "requests");
    const first = await badge(PRIVATE, `?token=${token}`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (let i = 0; i < 5; i++) {
      const again = await badge(PRIVATE, `?token=${token}`, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(again.headers.get("cache-control")).toBe("no-cache");
      expect(await again.text()).toBe("");
    }
    expect(scope.after).toEqual([]);
    expect(await githubRequests()).toEqual([]);
  });

  it("a stale view is answered at once and read again after the answer", async () => {
    const { token } = await makeLink(PRIVATE);
    await control("POST", "push", {
      owner: OWNER,
      repo: PRIVATE,
      by: "github-actions[bot]",
      withGithubToken: true,
      tags: ["v1.0.2"],
    });
    // What a webhook or a dispatch does: the repository's cached views are stale everywhere.
    await lib.invalidateRepository(OWNER, PRIVATE);
    await control("DELETE", "requests");
    const stale = await badge(PRIVATE, `?token=${token}&format=shields`);
    expect((await stale.json()).message).toBe("1 tag unreleased");
    expect(await githubRequests()).toEqual([]);
    expect(scope.after).toHaveLength(1);
    await runAfter();
    expect((await githubRequests()).length).toBeGreaterThan(0);
    const fresh = await badge(PRIVATE, `?token=${token}&format=shields`);
    expect((await fresh.json()).message).toBe("2 tags unreleased");
    expect(scope.after).toEqual([]);
  });

  it("without a stored view, waits briefly for the App's read; past that, says unavailable and reads after", async () => {
    const { token } = await makeLink(PRIVATE);
    await lib.dropAppView(OWNER, PRIVATE);
    const params = (query: string) => new URLSearchParams(`token=${token}${query}`);
    // A wait long enough for any machine here; the route's is COLD_WAIT_MS.
    const cold = await lib.getTokenBadge(OWNER, PRIVATE, params("&format=shields"), {
      coldWaitMs: 60_000,
    });
    expect(JSON.parse(cold.badge.body).message).toBe("1 tag unreleased");
    expect(cold.refresh).toBeNull();

    await lib.dropAppView(OWNER, PRIVATE);
    gate.hold((request) => request.path.endsWith("/graphql"));
    const slow = await lib.getTokenBadge(OWNER, PRIVATE, params(""), { coldWaitMs: 100 });
    expect(slow.badge.status).toBe(200);
    expect(svgText(slow.badge.body)).toContain("unavailable");
    expect(slow.refresh).not.toBeNull();
    gate.release();
    await slow.refresh?.();
    const after = await badge(PRIVATE, `?token=${token}&format=shields`);
    expect((await after.json()).message).toBe("1 tag unreleased");
  });
});

describe("Rotate and Remove", () => {
  it("Rotate: the old link gets the neutral badge at once, the new one the status", async () => {
    const old = await makeLink(PRIVATE);
    const rotated = await makeLink(PRIVATE);
    expect(rotated.token).not.toBe(old.token);
    const before = await badge("does-not-exist", `?token=${old.token}`);
    const stopped = await badge(PRIVATE, `?token=${old.token}`);
    expect(stopped.status).toBe(404);
    expect(await stopped.text()).toBe(await before.text());
    const working = await badge(PRIVATE, `?token=${rotated.token}`);
    expect(working.status).toBe(200);
    expect(svgText(await working.text())).toContain("1 tag unreleased");
  });

  it("Remove: 204, the link stops, and the dialog shows none", async () => {
    const { token } = await makeLink(PRIVATE);
    const removed = await manage("DELETE", PRIVATE, MAINTAINER);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    expect((await badge(PRIVATE, `?token=${token}`)).status).toBe(404);
    expect((await manage("GET", PRIVATE, MAINTAINER)).body.link).toBeNull();
  });
});

describe("no oracle", () => {
  it("wrong, rotated, removed, another repository's token and a missing repository: one neutral answer", async () => {
    const rotatedAway = (await makeLink(PRIVATE)).token;
    const current = (await makeLink(PRIVATE)).token;
    const removed = (await makeLink("classic-cli")).token;
    expect((await manage("DELETE", "classic-cli", MAINTAINER)).status).toBe(204);
    const otherRepository = (await makeLink("healthy-lib")).token;
    const wrong = `twb_${"A".repeat(43)}`;
    const cases: [string, string][] = [
      ["a wrong token", `${PRIVATE}?token=${wrong}`],
      ["a rotated token", `${PRIVATE}?token=${rotatedAway}`],
      ["a removed token", `classic-cli?token=${removed}`],
      ["another repository's token", `${PRIVATE}?token=${otherRepository}`],
      ["an empty token", `${PRIVATE}?token=`],
      ["not a token at all", `${PRIVATE}?token=%00%ff<svg>`],
      ["a repository that does not exist", `does-not-exist?token=${current}`],
      ["a repository without a link", `failed-build?token=${current}`],
    ];
    for (const query of ["", "&format=shields", "&style=for-the-badge&label=ship"]) {
      const answers = [];
      for (const [what, path] of cases) {
        const [repo = "", search = ""] = path.split("?");
        const response = await badge(repo, `?${search}${query}`);
        answers.push({
          what,
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: await response.text(),
        });
      }
      const [first] = answers;
      expect(first?.status).toBe(404);
      for (const answer of answers) {
        expect({ ...answer, what: "" }, `${answer.what} ${query}`).toEqual({ ...first, what: "" });
      }
      expect(first?.body).not.toMatch(/private|unreleased|v1\.0/);
    }
    // The same body as a repository that does not exist, asked without a token.
    const plain = await badge("does-not-exist", "");
    const neutral = await badge("does-not-exist", `?token=${wrong}`);
    expect([plain.status, await plain.text()]).toEqual([neutral.status, await neutral.text()]);
    // And the current link still works.
    expect((await badge(PRIVATE, `?token=${current}`)).status).toBe(200);
  });
});

describe("who may make a badge link", () => {
  it("a read-only user gets 403 on create and on remove, and nothing changes", async () => {
    const { token } = await makeLink("classic-cli");
    const refused = await manage("POST", "classic-cli", READER);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "forbidden",
      message:
        "You have read access to octo-maintainer/classic-cli; badge links are made by its admins and maintainers.",
    });
    expect((await manage("DELETE", "classic-cli", READER)).status).toBe(403);
    expect((await badge("classic-cli", `?token=${token}`)).status).toBe(200);
    const status = await manage("GET", "classic-cli", READER);
    expect(status.body).toMatchObject({
      mayManage: false,
      link: { createdAt: expect.any(String) },
    });
  });

  it("a repository the user cannot see is not found; no session is 401; another origin is 403", async () => {
    expect((await manage("POST", PRIVATE, READER)).status).toBe(404);
    expect((await manage("GET", PRIVATE, READER)).status).toBe(404);
    expect((await manage("POST", PRIVATE, null)).status).toBe(401);
    const crossSite = await manage("POST", PRIVATE, MAINTAINER, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await manage("DELETE", PRIVATE, MAINTAINER, { origin: null })).status).toBe(403);
    expect((await manage("GET", PRIVATE, MAINTAINER)).body.link).toBeNull();
  });

  it("where the App is not installed, the dialog offers the install link and POST says why it refuses", async () => {
    const status = await manage("GET", "slow-pipeline", MAINTAINER);
    expect(status.body.app).toEqual({
      kind: "not-installed",
      installUrl: `${gate.url}/apps/tagwatch/installations/new`,
    });
    const refused = await manage("POST", "slow-pipeline", MAINTAINER);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe(
      "The tagwatch App is not installed on octo-maintainer/slow-pipeline: install it there, then make the badge link.",
    );
    expect((await manage("GET", "slow-pipeline", MAINTAINER)).body.link).toBeNull();
  });
});
