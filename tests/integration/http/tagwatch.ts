import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type Child, startTsx, stop, waitForHttp } from "@/scripts/bench/processes";
import { buildIsStale } from "@/scripts/build-freshness";
import { appUnderTestEnv } from "../../app-under-test";
import { pickFreePorts } from "../../e2e/ports";
import { LeakCheck } from "../../leaks";
import { signInOverHttp } from "../../sign-in";
import { SimulatorControl } from "../../simulator-control";

// tagwatch's production build on its own GitHub simulator, started exactly as the e2e suite starts
// it (tests/app-under-test.ts), for what needs Next's real server but no browser: routing and
// proxy, headers, route handlers' answers over HTTP. Every answer goes through a LeakCheck, and
// every test ends by checking that none carried a token or a secret.

const ROOT = path.resolve(__dirname, "../../..");

/** A signed-in user's requests to tagwatch: their session cookie, sent like a page sends it. */
export type Session = {
  login: string;
  /** Where tagwatch sent the browser once signed in (the sign-in's callbackUrl, checked). */
  landing: URL;
  get(pathname: string, init?: RequestInit): Promise<Response>;
  /** A JSON POST from a tagwatch page (its Origin header) unless `init` says otherwise. */
  post(pathname: string, body: string | object, init?: RequestInit): Promise<Response>;
};

export type Tagwatch = {
  url: string;
  simulator: SimulatorControl;
  leaks: LeakCheck;
  /** An anonymous request to tagwatch (or anywhere), inspected for leaks. */
  fetch: LeakCheck["fetch"];
  /** Signs in over HTTP; `callbackUrl` as a sign-in link carries it (default: the overview). */
  signIn(login?: string, callbackUrl?: string, scope?: string): Promise<Session>;
};

/** Fails, naming the command, when .next is missing or older than the sources. */
export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || buildIsStale(ROOT)) {
    throw new Error(
      "tests/integration/http test the production build, which is missing or older than the sources: run `npx next build` first (`npm test` does).",
    );
  }
}

async function start(): Promise<{ tagwatch: Tagwatch; child: Child }> {
  requireBuild();
  const [appPort = 0, simPort = 0] = pickFreePorts([0, 0]);
  const child = startTsx("tagwatch on the simulator", "scripts/with-simulator.ts", [], {
    ...appUnderTestEnv(appPort, simPort),
  });
  const url = `http://localhost:${appPort}`;
  await waitForHttp(`${url}/signin`, child, 90_000);
  const leaks = new LeakCheck(`http://127.0.0.1:${simPort}`);
  const simulator = new SimulatorControl(leaks.fetch, `http://127.0.0.1:${simPort}`);

  async function signIn(
    login = "octo-maintainer",
    callbackUrl = "/",
    scope?: string,
  ): Promise<Session> {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const send = (target: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (new URL(target, url).origin === url && jar.size > 0) headers.set("cookie", cookie());
      return leaks.fetch(new URL(target, url), { redirect: "manual", ...init, headers });
    };
    const landing = await signInOverHttp(
      async ({ method, url: target, form }) => {
        const response = await send(target, {
          method,
          ...(form
            ? {
                body: new URLSearchParams(form),
                headers: { "content-type": "application/x-www-form-urlencoded" },
              }
            : {}),
        });
        if (new URL(target).origin === url) {
          for (const header of response.headers.getSetCookie()) {
            const pair = header.split(";")[0] ?? "";
            const equals = pair.indexOf("=");
            jar.set(pair.slice(0, equals), pair.slice(equals + 1));
          }
        }
        return {
          status: response.status,
          location: response.headers.get("location"),
          text: await response.text(),
        };
      },
      url,
      login,
      callbackUrl,
      scope,
    );
    return {
      login,
      landing: new URL(landing),
      get: (pathname, init) => send(pathname, init),
      post: (pathname, body, init = {}) =>
        send(pathname, {
          method: "POST",
          body: typeof body === "string" ? body : JSON.stringify(body),
          ...init,
          headers: { "content-type": "application/json", origin: url, ...init.headers },
        }),
    };
  }

  return {
    child,
    tagwatch: {
      url,
      simulator,
      leaks,
      fetch: (input, init) => leaks.fetch(new URL(input, url), init),
      signIn,
    },
  };
}

/**
 * Starts tagwatch and its simulator for the calling test file; each test starts from the scenario
 * as loaded (no faults, no logged requests) and ends with a leak check of what it received.
 * `scenario`: a simulator scenario other than the demo, loaded before each test.
 */
export function runTagwatch(options: { scenario?: string } = {}): () => Tagwatch {
  let running: { tagwatch: Tagwatch; child: Child } | undefined;
  beforeAll(async () => {
    running = await start();
  }, 120_000);
  beforeEach(async () => {
    const simulator = running?.tagwatch.simulator;
    await simulator?.reset(options.scenario);
    await simulator?.clearRequests();
  });
  afterEach(async () => {
    if (!running) return;
    await running.tagwatch.simulator.clearFaults();
    expect(await running.tagwatch.leaks.check(), "the servers sent back a token or secret").toEqual(
      [],
    );
  });
  afterAll(async () => {
    if (running) await stop(running.child);
  });
  return () => {
    if (!running) throw new Error("tagwatch did not start");
    return running.tagwatch;
  };
}
