import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { emitterEventNames } from "@octokit/webhooks";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import {
  APP_SETTINGS,
  AUTH_SECRET,
  INSTALLATION_ID,
  MAINTAINER_TOKEN,
  OWNER,
  useGitHub,
  WEBHOOK_SECRET,
} from "./github";
import { nextHeadersOf, type RequestScope } from "./session";

// An installation's lifecycle as GitHub tells the App about it, through the real webhook route:
// repositories removed from and added to the installation, a rename, a suspension and its end,
// new permissions accepted, the App uninstalled and installed again, a revoked authorization
// (the simulator's control API makes each happen; it sends the deliveries, signed with the App's
// secret). A transfer is still built here in GitHub's payload shape (the simulator sends it only
// to an installation on the new owner, which the demo has not). Each test checks the answer
// GitHub would see and what tagwatch keeps, or stops doing, afterwards.

const scope = vi.hoisted((): RequestScope => ({ request: null }));
vi.mock("next/headers", () => nextHeadersOf(scope));
// Next's after() needs its request scope: here the work is kept and run when the test says so.
const later = vi.hoisted(() => ({ work: [] as (() => Promise<unknown>)[] }));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => {
    later.work.push(task);
  },
}));

const HEALTHY = `${OWNER}/healthy-lib`;
const FOUR = ["classic-cli", "failed-build", "healthy-lib", "private-service"];

let sim: RunningSimulator;
let receiver: Server;
let route: typeof import("@/app/api/github/webhooks/route");
let app: typeof import("@/lib/github/app");
let state: typeof import("@/lib/watch/state");
let sweepState: typeof import("@/lib/watch/sweep-state");
let sweep: typeof import("@/lib/watch/sweep");
let getViewer: typeof import("@/auth").getViewer;
const { control, rest } = simulatorClient(() => sim.url);
let healthyId = "";
let maintainerId = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 600_000 });
  useGitHub(sim.url, { ...APP_SETTINGS, TAGWATCH_CACHE_SECONDS: "0" });
  route = await import("@/app/api/github/webhooks/route");
  app = await import("@/lib/github/app");
  state = await import("@/lib/watch/state");
  sweepState = await import("@/lib/watch/sweep-state");
  sweep = await import("@/lib/watch/sweep");
  ({ getViewer } = await import("@/auth"));
  // The deployment GitHub delivers to: the webhook route behind a plain HTTP server.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers.set(name, value);
      const body = Buffer.concat(chunks).toString("utf8");
      void route
        .POST(
          new Request("http://127.0.0.1/api/github/webhooks", { method: "POST", headers, body }),
        )
        .then(async (answer) => response.writeHead(answer.status).end(await answer.text()));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
  await control("POST", "apps/tagwatch/webhook", { url });
  healthyId = (await rest("GET", `/repos/${HEALTHY}`, MAINTAINER_TOKEN)).body.node_id;
  maintainerId = (await rest("GET", "/user", MAINTAINER_TOKEN)).body.id;
});

afterAll(async () => {
  await control("POST", "apps/tagwatch/webhook", { url: null });
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await sim?.close();
});

/** Runs what the route left for after its answers (the rounds). */
async function runLater(): Promise<void> {
  await Promise.all(later.work.splice(0).map((task) => task()));
}

/** What the repository page would show of watch mode's last round there. */
async function statusOf(repository: string) {
  const id = await state.getRepositoryId(repository);
  return id ? state.getWatchStatus(id) : null;
}

/** The simulator's deliveries of one event since the last call, once delivered. */
async function deliveries(event: string): Promise<Json[]> {
  const { body } = await control("GET", `deliveries?event=${event}`);
  await control("DELETE", "deliveries");
  return body.deliveries;
}

/** A delivery GitHub would send, signed with the App's webhook secret, posted to the route. */
async function deliver(event: string, payload: unknown, body = JSON.stringify(payload)) {
  const response = await route.POST(
    new Request("http://127.0.0.1/api/github/webhooks", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
      },
      body,
    }),
  );
  return { status: response.status, body: (await response.json()) as Json };
}

const sender = () => ({ login: OWNER, id: maintainerId, type: "User" });

/** Runs one round on the repository with the App, as a webhook or the sweep would. */
async function watch(repository: string) {
  return sweep.watchRepositories(await app.getInstallation(INSTALLATION_ID), [repository]);
}

async function requests(): Promise<{ method: string; path: string }[]> {
  return (await control("GET", "requests")).body.requests;
}

describe("an installation's lifecycle, through the webhook route", () => {
  it("a watched repository keeps its state under its node id, reached from its name", async () => {
    const [result] = await watch(HEALTHY);
    expect(result?.error).toBeUndefined();
    expect(await state.getRepositoryId(HEALTHY)).toBe(healthyId);
    expect(await state.getWatchStatus(healthyId)).toMatchObject({ problems: [] });
  });

  it("a repository removed from the installation: answered 2xx, its watch state and the list cache dropped", async () => {
    await sweepState.setInstalledRepositories(INSTALLATION_ID, []);
    await control("DELETE", "deliveries");
    await control("POST", "apps/tagwatch/installations", {
      account: OWNER,
      repositories: FOUR.filter((name) => name !== "healthy-lib"),
    });
    const [removed] = await deliveries("installation_repositories");
    expect(removed).toMatchObject({ action: "removed", status_code: 202 });
    expect(await state.getWatchStatus(healthyId)).toBeNull();
    expect(await state.getRepositoryId(HEALTHY)).toBeNull();
    expect(await sweepState.getWatermarks([healthyId])).toEqual([null]);
    expect(await sweepState.getInstalledRepositories(INSTALLATION_ID)).toBeNull();
    expect(later.work).toEqual([]);
  });

  it("added back: watched from now on, and given a round after the answer", async () => {
    await control("POST", "apps/tagwatch/installations", { account: OWNER, repositories: FOUR });
    const [added] = await deliveries("installation_repositories");
    expect(added).toMatchObject({ action: "added", status_code: 202 });
    expect(JSON.parse(added.response.body)).toMatchObject({ watching: [HEALTHY] });
    expect(await state.getWatchStartedAt(healthyId)).toBeInstanceOf(Date);
    expect(await state.getWatchStatus(healthyId)).toBeNull();
    await runLater();
    expect(await state.getWatchStatus(healthyId)).toMatchObject({ problems: [] });
  });

  it("renamed: the watch state follows the repository to its new name", async () => {
    // The demo App does not ask for `repository` events: its owner asks, the account accepts.
    await control("POST", "apps/tagwatch/permissions", {
      events: ["push", "create", "workflow_run", "release", "repository"],
    });
    await control("POST", `apps/tagwatch/installations/${INSTALLATION_ID}/accept-permissions`, {});
    await deliveries("installation");
    const before = await state.getWatchStatus(healthyId);
    await control("POST", `repos/${HEALTHY}/rename`, { name: "healthy-library" });
    const [renamed] = await deliveries("repository");
    expect(renamed).toMatchObject({ action: "renamed", status_code: 202 });
    expect(await state.getRepositoryId(HEALTHY)).toBeNull();
    expect(await state.getRepositoryId(`${OWNER}/healthy-library`)).toBe(healthyId);
    expect(await state.getWatchStatus(healthyId)).toEqual(before);
    const [watermark] = await sweepState.getWatermarks([healthyId]);
    expect(watermark?.repository).toBe(`${OWNER}/healthy-library`);
    expect(JSON.parse(renamed.response.body).watching).toEqual([`${OWNER}/healthy-library`]);
    // Its round reads the repository under its new name, as GitHub has it now.
    await runLater();
    expect(await state.getWatchStatus(healthyId)).toMatchObject({ problems: [] });
  });

  it("transferred: the state follows it to the new owner", async () => {
    const answer = await deliver("repository", {
      action: "transferred",
      changes: { owner: { from: { user: { login: OWNER, id: maintainerId } } } },
      repository: {
        id: 1,
        node_id: healthyId,
        name: "healthy-library",
        full_name: "release-lab/healthy-library",
        owner: { login: "release-lab" },
      },
      sender: sender(),
    });
    expect(answer.status).toBe(202);
    expect(await state.getRepositoryId(`${OWNER}/healthy-library`)).toBeNull();
    expect(await state.getRepositoryId("release-lab/healthy-library")).toBe(healthyId);
    // Back under its old name (the simulator never moved it), so the rest of the suite reads
    // the repository the simulator has.
    await control("POST", `repos/${OWNER}/healthy-library/rename`, { name: "healthy-lib" });
    const [renamed] = await deliveries("repository");
    expect(renamed).toMatchObject({ action: "renamed", status_code: 202 });
    expect(await state.getRepositoryId(HEALTHY)).toBe(healthyId);
    later.work.splice(0);
  });

  it("suspended: no round, no token and no write until unsuspended", async () => {
    await control("POST", `apps/tagwatch/installations/${INSTALLATION_ID}/suspend`, {});
    const [suspend] = await deliveries("installation");
    expect(suspend).toMatchObject({ action: "suspend", status_code: 202 });
    await control("DELETE", "requests");
    await expect(watch(HEALTHY)).rejects.toMatchObject({
      code: "forbidden",
      message: `The tagwatch App's installation ${INSTALLATION_ID} is suspended: nothing is read or written there until it is unsuspended.`,
    });
    const summary = await sweep.sweepInstallations();
    expect(summary.errors.join("\n")).toContain("is suspended");
    const sent = await requests();
    expect(sent.filter((entry) => entry.path.endsWith("/access_tokens"))).toEqual([]);
    expect(sent.filter((entry) => entry.path.endsWith("/graphql"))).toEqual([]);
    expect(sent.filter((entry) => entry.method !== "GET")).toEqual([]);

    await control("POST", `apps/tagwatch/installations/${INSTALLATION_ID}/unsuspend`, {});
    const [unsuspend] = await deliveries("installation");
    expect(unsuspend).toMatchObject({ action: "unsuspend", status_code: 202 });
    const [result] = await watch(HEALTHY);
    expect(result?.error).toBeUndefined();
  });

  it("new permissions accepted: the cached token is dropped and the next one minted afresh", async () => {
    const installation = await app.getInstallation(INSTALLATION_ID);
    await app.getInstallationClient(installation);
    await control("DELETE", "requests");
    await app.getInstallationClient(installation);
    const mints = async () =>
      (await requests()).filter((entry) => entry.path.endsWith("/access_tokens")).length;
    expect(await mints()).toBe(0);
    await control("POST", "apps/tagwatch/permissions", {
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
    });
    await control("POST", `apps/tagwatch/installations/${INSTALLATION_ID}/accept-permissions`, {});
    const [accepted] = await deliveries("installation");
    expect(accepted).toMatchObject({ action: "new_permissions_accepted", status_code: 202 });
    await app.getInstallationClient(installation);
    expect(await mints()).toBe(1);
  });

  it("uninstalled: watch state dropped, nothing read or written there again", async () => {
    const installation = await app.getInstallation(INSTALLATION_ID);
    await control("DELETE", "deliveries");
    expect((await control("DELETE", `apps/tagwatch/installations/${INSTALLATION_ID}`)).status).toBe(
      200,
    );
    const [deleted] = await deliveries("installation");
    expect(deleted).toMatchObject({ action: "deleted", status_code: 202 });
    expect(await state.getWatchStatus(healthyId)).toBeNull();
    expect(await state.getWatchStartedAt(healthyId)).toBeNull();
    expect(await app.getInstallationHalted(INSTALLATION_ID)).toBe("deleted");
    await control("DELETE", "requests");
    await expect(app.getInstallationClient(installation)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await requests()).toEqual([]);
  });

  it("installed again: the new installation's repositories are watched and given a round", async () => {
    await control("POST", "apps/tagwatch/installations", { account: OWNER, repositories: FOUR });
    const [created] = await deliveries("installation");
    expect(created).toMatchObject({ action: "created", status_code: 202 });
    expect(JSON.parse(created.response.body).watching.sort()).toEqual(
      FOUR.map((name) => `${OWNER}/${name}`),
    );
    await runLater();
    for (const name of FOUR) expect(await statusOf(`${OWNER}/${name}`)).not.toBeNull();
  });
});

describe("a person who revoked tagwatch's authorization on GitHub", () => {
  async function signedIn(signedInAt: number): Promise<void> {
    const token = await encode({
      token: {
        sub: String(maintainerId),
        login: OWNER,
        name: OWNER,
        accessToken: MAINTAINER_TOKEN,
        signedInAt,
      },
      secret: AUTH_SECRET,
    });
    scope.request = new Request("http://localhost/", {
      headers: { cookie: `next-auth.session-token=${token}` },
    });
  }

  it("is signed out of every session from before; a new sign-in works", async () => {
    const before = Date.now() - 1_000;
    await signedIn(before);
    expect(await getViewer()).toMatchObject({ login: OWNER });
    await control("POST", "apps/tagwatch/authorizations/revoke", { login: OWNER });
    const [revoked] = await deliveries("github_app_authorization");
    expect(revoked).toMatchObject({ action: "revoked", status_code: 202 });
    expect(await getViewer()).toBeNull();
    await signedIn(Date.now() + 1_000);
    expect(await getViewer()).toMatchObject({ login: OWNER });
  });
});

describe("every event GitHub can send the App", () => {
  it("is answered with a 2xx, what tagwatch does not use ignored", async () => {
    const handled = new Set([
      "push",
      "create",
      "workflow_run",
      "release",
      "installation",
      "installation_repositories",
      "repository",
      "github_app_authorization",
    ]);
    const names = emitterEventNames.filter((name) => !name.includes(".") && !handled.has(name));
    expect(names.length).toBeGreaterThan(40);
    const refused: string[] = [];
    for (const name of names) {
      const answer = await deliver(name, {
        action: "created",
        installation: { id: INSTALLATION_ID },
        sender: sender(),
      });
      if (answer.status < 200 || answer.status > 299) refused.push(`${name}: ${answer.status}`);
    }
    expect(refused).toEqual([]);
    expect(later.work).toEqual([]);
  });

  it("a signed JSON body without what its event carries is a 400, not a 5xx", async () => {
    const missing = {
      push: "ref",
      installation: "installation",
      repository: "repository",
      installation_repositories: "installation",
    };
    for (const [name, field] of Object.entries(missing)) {
      const answer = await deliver(name, { action: "renamed" });
      expect(answer).toEqual({
        status: 400,
        body: {
          error: {
            code: "invalid-input",
            message: expect.stringMatching(
              `^The ${name}(\\.renamed)? delivery's payload is not as GitHub sends it: ${field}: `,
            ),
          },
        },
      });
    }
  });

  it("a correctly signed body that is not JSON is a 400 with a message", async () => {
    const answer = await deliver("push", null, "this is not JSON");
    expect(answer).toEqual({
      status: 400,
      body: {
        error: { code: "invalid-input", message: "The delivery's body is not a webhook payload." },
      },
    });
  });
});
