import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RepositoryWatchResult } from "@/lib/watch/round";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { type RedisServer, startRedisServer } from "../../scripts/redis-server";
import {
  APP_SETTINGS,
  dispatchIn,
  type Gate,
  INSTALLATION_ID,
  OWNER,
  startGate,
  useGitHub,
  watchRead,
} from "./github";

// The one-tracking-issue guarantee: rounds of watch mode for the same repository take turns
// through a lock in the shared store (Redis here, as with several instances). The gate in front of
// the simulator holds a round as it reads the repository (its tags and its issues, one request),
// or right after, at its first write: the moments two rounds without the lock would both find no
// issue and both open one.

const REPO = "healthy-lib"; // watch: { redispatch: true }: a tag pushed with GITHUB_TOKEN is dispatched
const FULL_NAME = `${OWNER}/${REPO}`;

let sim: RunningSimulator;
let gate: Gate;
let redis: RedisServer;
let admin: ReturnType<typeof createClient>;
let receiver: Server;
let receiverUrl = "";
/** The work each webhook delivery left for after its answer, as the route runs it with after(). */
let deliveries: Promise<RepositoryWatchResult[]>[] = [];
let watch: typeof import("@/lib/watch/round");
let sweeps: typeof import("@/lib/watch/sweep");
let app: typeof import("@/lib/github/app");
let webhooks: typeof import("@/lib/watch/webhooks");
const { control } = simulatorClient(() => sim.url);

beforeAll(async () => {
  // Runs stay queued: what a round sees changes only through what the test does.
  [sim, redis] = await Promise.all([
    startSimulator({ port: 0, runStepMs: 600_000 }),
    startRedisServer(),
  ]);
  gate = await startGate(sim.url);
  useGitHub(gate.url, { ...APP_SETTINGS, REDIS_URL: redis.url });
  admin = createClient({ url: redis.url });
  await admin.connect();
  watch = await import("@/lib/watch/round");
  sweeps = await import("@/lib/watch/sweep");
  app = await import("@/lib/github/app");
  webhooks = await import("@/lib/watch/webhooks");
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      webhooks
        .receiveWebhook({
          id: request.headers["x-github-delivery"] as string,
          name: request.headers["x-github-event"] as string,
          signature: request.headers["x-hub-signature-256"] as string,
          payload: Buffer.concat(chunks).toString("utf8"),
        })
        .then(
          ({ work }) => {
            if (work) deliveries.push(work());
            response.writeHead(202).end();
          },
          () => response.writeHead(500).end(),
        );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
});

afterEach(async () => {
  // A failed expectation leaves nothing running into the next test.
  gate.release();
  await Promise.allSettled(deliveries);
});

afterAll(async () => {
  admin?.destroy();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  await gate?.close();
  await sim?.close();
  await redis?.stop();
});

beforeEach(async () => {
  gate.release();
  await control("POST", "reset");
  await control("POST", "apps/tagwatch/webhook", { url: null });
  await control("DELETE", "deliveries");
  await admin.flushAll();
  deliveries = [];
});

/** A release-bump workflow's push: github-actions[bot] with GITHUB_TOKEN, so no run starts. */
async function pushWithGithubToken(tag: string): Promise<void> {
  const pushed = await control("POST", "push", {
    owner: OWNER,
    repo: REPO,
    withGithubToken: true,
    tags: [tag],
  });
  expect(pushed.body.runs.filter((run: Json) => run.ref === tag)).toEqual([]);
}

async function trackingIssues(): Promise<Json[]> {
  const { body } = await control("GET", `issues?owner=${OWNER}&repo=${REPO}`);
  return body.issues.filter((issue: Json) =>
    issue.labels.some((label: Json) => label.name === "tagwatch"),
  );
}

async function dispatchedTags(): Promise<string[]> {
  const { body } = await control("GET", "dispatches");
  return body.dispatches
    .filter((dispatch: Json) => dispatch.owner === OWNER && dispatch.repo === REPO)
    .map((dispatch: Json) => dispatch.ref)
    .sort();
}

async function installationAccess() {
  return app.getInstallationClient(await app.getInstallation(INSTALLATION_ID));
}

describe("watch rounds of one repository take turns", () => {
  it("two rounds started together open one issue and dispatch once; the second answers busy and the first looks once more", async () => {
    await pushWithGithubToken("v2.0.1");
    const access = await installationAccess();
    gate.hold(watchRead(REPO));
    const first = watch.watchRepository(access, FULL_NAME);
    const second = watch.watchRepository(access, FULL_NAME);
    // With the lock the second answers at once; without it, it reaches the gate too.
    await Promise.race([second, gate.arrivals(2)]);
    gate.release();
    const results = await Promise.all([first, second]);

    const issues = await trackingIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain("`v2.0.1`");
    expect(await dispatchedTags()).toEqual(["v2.0.1"]);
    expect(results.map((result) => result.busy ?? false)).toEqual([false, true]);
    expect(results[0]?.issue?.number).toBe(issues[0]?.number);
    // The busy round asked the running one to look once more: it read the repository twice.
    expect(gate.passed(watchRead(REPO))).toBe(2);
  });

  it("webhooks delivered during a sweep coalesce into one round that answers busy, and the sweep's round looks once more and sees the new tag: one issue, each tag dispatched once", async () => {
    await pushWithGithubToken("v2.0.1");
    await control("POST", "apps/tagwatch/webhook", { url: receiverUrl });
    gate.hold(dispatchIn(REPO));
    const sweep = sweeps.sweepInstallations();
    // The sweep's round has read the repository (v2.0.1 only), holds its lock and dispatches.
    await gate.arrivals(1);
    await pushWithGithubToken("v2.0.2");
    // GitHub's push and create deliveries reached the webhook (this waits for them).
    const sent = await control("GET", "deliveries");
    const forTag = sent.body.deliveries.filter(
      (delivery: Json) => delivery.request.payload.ref?.endsWith("v2.0.2") ?? false,
    );
    expect(forTag.map((delivery: Json) => delivery.event).sort()).toEqual(["create", "push"]);
    expect(deliveries).toHaveLength(2);
    await Promise.race([Promise.all(deliveries), gate.arrivals(2)]);
    gate.release();
    const [summary, fromWebhooks] = await Promise.all([sweep, Promise.all(deliveries)]);

    const issues = await trackingIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain("`v2.0.1`");
    expect(issues[0]?.body).toContain("`v2.0.2`");
    expect(await dispatchedTags()).toEqual(["v2.0.1", "v2.0.2"]);
    // push and create, one burst: the first delivery's round ran (and found the lock taken);
    // the second left the repository to it.
    expect(fromWebhooks.flat()).toEqual([
      expect.objectContaining({ repository: FULL_NAME, busy: true }),
    ]);
    const round = summary.repositories.find((result) => result.repository === FULL_NAME);
    expect(round?.busy).toBeUndefined();
    // Its last look, after the deliveries: the new tag is a problem, dispatched in that round.
    expect(round?.problems).toContain("v2.0.2");
    expect(round?.dispatched).toEqual(["v2.0.2"]);
    expect(round?.issue?.number).toBe(issues[0]?.number);
  });
});
