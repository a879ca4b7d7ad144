import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { APP_SETTINGS, OWNER, useGitHub } from "./github";

// GET /api/cron/watch sweeps every installed repository with the App's credentials: only the
// caller that sends Vercel Cron's `Authorization: Bearer $CRON_SECRET` may start one. A refused
// call must not reach GitHub at all.

const CRON_SECRET = "cron-integration-secret-7f3a";

let sim: RunningSimulator;
const { control } = simulatorClient(() => sim.url);

type Route = typeof import("@/app/api/cron/watch/route");

/** The route as a fresh server process with these settings would run it. */
async function routeWith(settings: Record<string, string | undefined>): Promise<Route["GET"]> {
  vi.resetModules();
  for (const [name, value] of Object.entries({ ...APP_SETTINGS, ...settings })) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return (await import("@/app/api/cron/watch/route")).GET;
}

function call(GET: Route["GET"], authorization?: string, query = ""): Promise<Response> {
  return GET(
    new Request(`http://localhost/api/cron/watch${query}`, {
      headers: authorization === undefined ? {} : { authorization },
    }),
  );
}

async function gitHubRequests(): Promise<Json[]> {
  return (await control("GET", "requests")).body.requests;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 600_000 });
  useGitHub(sim.url, APP_SETTINGS);
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  await control("DELETE", "requests");
});

describe("GET /api/cron/watch", () => {
  it("refuses a call without Authorization or with a wrong one, 401 and nothing asked of GitHub", async () => {
    const GET = await routeWith({ CRON_SECRET });
    for (const authorization of [
      undefined,
      "",
      CRON_SECRET,
      `Basic ${CRON_SECRET}`,
      `Bearer ${CRON_SECRET.slice(0, -1)}`,
      `Bearer ${CRON_SECRET}x`,
      `bearer ${CRON_SECRET.toUpperCase()}`,
    ]) {
      const response = await call(GET, authorization);
      expect(response.status, String(authorization)).toBe(401);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({
        error: { code: "unauthenticated", message: "Send Authorization: Bearer <CRON_SECRET>." },
      });
      expect(body).not.toContain(CRON_SECRET);
    }
    expect(await gitHubRequests()).toEqual([]);
  });

  it("with CRON_SECRET unset, refuses every caller, whatever it sends", async () => {
    const GET = await routeWith({ CRON_SECRET: undefined });
    for (const authorization of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "Bearer undefined",
      "Bearer null",
    ]) {
      expect((await call(GET, authorization)).status, String(authorization)).toBe(401);
    }
    expect(await gitHubRequests()).toEqual([]);
  });

  it("sweeps every installed repository for the right secret", async () => {
    const GET = await routeWith({ CRON_SECRET });
    const response = await call(GET, `Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const summary = await response.json();
    expect(summary).toMatchObject({ configured: true, installations: 1, errors: [] });
    expect(summary.repositories.map((result: Json) => result.repository)).toEqual([
      `${OWNER}/classic-cli`,
      `${OWNER}/failed-build`,
      `${OWNER}/healthy-lib`,
      `${OWNER}/private-service`,
    ]);
    expect((await gitHubRequests()).length).toBeGreaterThan(0);
  });

  it("refuses a budget that is not a whole number of seconds within the function's limit, 400 and nothing asked of GitHub", async () => {
    const GET = await routeWith({ CRON_SECRET });
    for (const budget of ["", "0", "-5", "1.5", "abc", "261", "99999", "1e3"]) {
      const response = await call(GET, `Bearer ${CRON_SECRET}`, `?budget=${budget}`);
      expect(response.status, budget).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: "invalid-input",
          message: "budget must be a whole number of seconds from 1 to 260.",
        },
      });
    }
    expect(await gitHubRequests()).toEqual([]);
  });

  it("sweeps within ?budget= and says what it read, skipped and left", async () => {
    const GET = await routeWith({ CRON_SECRET });
    const sweep = async () => {
      const response = await call(GET, `Bearer ${CRON_SECRET}`, "?budget=30");
      expect(response.status).toBe(200);
      return response.json();
    };
    const first = await sweep();
    expect(first).toMatchObject({
      configured: true,
      resumedFrom: null,
      remaining: 0,
      stopped: null,
    });
    const installed = first.readInFull + first.skippedUnchanged;
    expect(installed).toBeGreaterThan(0);
    // Nothing moved since: none is read in full again.
    expect(await sweep()).toMatchObject({
      resumedFrom: null,
      readInFull: 0,
      skippedUnchanged: installed,
      remaining: 0,
      stopped: null,
      repositories: [],
    });
  });

  it("answers that watch mode is off when the App is not configured, without asking GitHub", async () => {
    const GET = await routeWith({
      CRON_SECRET,
      GITHUB_APP_ID: undefined,
      GITHUB_APP_PRIVATE_KEY: undefined,
    });
    const response = await call(GET, `Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      configured: false,
      message: "Watch mode is off: GITHUB_APP_ID is not set.",
    });
    expect(await gitHubRequests()).toEqual([]);
  });
});
