import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { signDelivery } from "@/simulator/src/qstash/qstash";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { APP_SETTINGS, useGitHub } from "./github";

// On time without a frequent cron: a tag pushed by a person whose release never starts sends no
// further webhook, so the round that sees it inside its grace period publishes a delayed QStash
// callback for the end of that period (the simulator stands in for QStash). The callback, signed
// by QStash, runs that repository's check; anything not signed with QStash's keys is refused.

const ORG = "scale-org";
const INSTALLATION = 61104;

let sim: RunningSimulator;
let app: Server;
let appUrl = "";
let keys: { currentSigningKey: string; nextSigningKey: string };
let route: typeof import("@/app/api/watch/due/route");
let sweeps: typeof import("@/lib/watch/sweep");
const { control } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: "scale", runStepMs: 600_000 });
  // The deployment QStash calls back: the due route behind a plain HTTP server.
  app = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers.set(name, value);
      void route
        .POST(
          new Request(`${appUrl}${request.url}`, {
            method: "POST",
            headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        )
        .then(async (answer) => response.writeHead(answer.status).end(await answer.text()));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const { body: qstash } = await control("GET", "qstash");
  keys = qstash;
  useGitHub(sim.url, {
    ...APP_SETTINGS,
    NEXTAUTH_URL: appUrl,
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: qstash.token,
    QSTASH_CURRENT_SIGNING_KEY: qstash.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: qstash.nextSigningKey,
  });
  route = await import("@/app/api/watch/due/route");
  sweeps = await import("@/lib/watch/sweep");
  await control("POST", `organizations/${ORG}/repositories`, { count: 5 });
});

afterAll(async () => {
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
  await sim?.close();
});

beforeEach(async () => {
  await control("DELETE", "requests");
});

async function watchReads(): Promise<string[]> {
  const { body } = await control("GET", "requests");
  return body.requests
    .filter((entry: Json) => entry.operationName === "WatchRepository")
    .map((entry: Json) => entry.path);
}

function callDue(body: string, signature: string | null): Promise<Response> {
  return route.POST(
    new Request(`${appUrl}/api/watch/due`, {
      method: "POST",
      headers: signature ? { "upstash-signature": signature } : {},
      body,
    }),
  );
}

describe("delayed watch checks through QStash", () => {
  it("schedules a callback for the end of a silent tag's grace period, and QStash's callback checks that repository", async () => {
    const first = await sweeps.sweepInstallations();
    expect(first).toMatchObject({ readInFull: 5, errors: [] });
    // Nothing inside a grace period yet: nothing scheduled.
    expect((await control("GET", "qstash")).body.messages).toEqual([]);

    // A person pushes a tag the release workflow does not match (it takes v*): no run starts,
    // so no workflow_run will ever follow. It may still be a run on its way until grace ends.
    const pushed = await control("POST", "push", {
      owner: ORG,
      repo: "service-00003",
      tags: ["release-0.2.1"],
    });
    expect(pushed.body.runs.map((run: Json) => run.workflow)).toEqual([".github/workflows/ci.yml"]);
    const noticed = await sweeps.sweepInstallations();
    expect(noticed.repositories).toEqual([
      expect.objectContaining({ repository: `${ORG}/service-00003`, waiting: ["release-0.2.1"] }),
    ]);
    const { body } = await control("GET", "qstash");
    expect(body.messages).toHaveLength(1);
    const message = body.messages[0];
    expect(message).toMatchObject({ url: `${appUrl}/api/watch/due`, state: "CREATED" });
    // Ids only leave the deployment, and the check is due when the 10-minute grace period ends.
    const callback = JSON.parse(message.body);
    expect(callback).toEqual({
      kind: "repository",
      installationId: INSTALLATION,
      nodeId: expect.any(String),
    });
    expect(message.body).not.toContain("service-00003");
    const ahead = Date.parse(message.notBefore) - Date.now();
    expect(ahead).toBeGreaterThan(8 * 60_000);
    expect(ahead).toBeLessThanOrEqual(10 * 60_000);

    // Time passes: QStash calls back, signed; the route checks that one repository.
    await control("DELETE", "requests");
    await control("POST", "qstash/deliver");
    const delivered = (await control("GET", "qstash")).body.messages[0];
    expect(delivered.state).toBe("DELIVERED");
    expect(delivered.responses.map((answer: Json) => answer.status)).toEqual([200]);
    expect(await watchReads()).toHaveLength(1);
  });

  it("without a callback, a page view takes what is due, once however many views", async () => {
    const { runDueChecksAfterPageView } = await import("@/lib/watch/due-rounds");
    // Before the grace period ends, page views check nothing.
    await runDueChecksAfterPageView();
    expect(await watchReads()).toEqual([]);
    const later = new Date(Date.now() + 11 * 60_000);
    await Promise.all([runDueChecksAfterPageView(later), runDueChecksAfterPageView(later)]);
    expect(await watchReads()).toHaveLength(1);
    await runDueChecksAfterPageView(later);
    expect(await watchReads()).toHaveLength(1);
  });

  it("refuses a callback QStash did not sign, or signed for another body, with 401 and nothing asked of GitHub", async () => {
    const body = JSON.stringify({ kind: "sweep" });
    const url = `${appUrl}/api/watch/due`;
    for (const signature of [
      null,
      "not-a-jwt",
      signDelivery("a-key-that-is-not-qstash", url, body),
      signDelivery(keys.currentSigningKey, url, `${body} `),
      signDelivery(keys.currentSigningKey, "http://elsewhere.example/api/watch/due", body),
    ]) {
      const response = await callDue(body, signature);
      expect(response.status, String(signature)).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
    const { body: log } = await control("GET", "requests");
    expect(log.requests).toEqual([]);
  });

  it("answers 400 to a signed callback that is not a watch check, and accepts the next signing key", async () => {
    const url = `${appUrl}/api/watch/due`;
    for (const body of ["{", JSON.stringify({ kind: "repository", installationId: "x" })]) {
      const response = await callDue(body, signDelivery(keys.currentSigningKey, url, body));
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: "invalid-input", message: "The callback's body is not a watch check." },
      });
    }
    // A node id the App never read: nothing to check (the next sweep would read it anyway).
    const unknown = JSON.stringify({
      kind: "repository",
      installationId: INSTALLATION,
      nodeId: "R_x",
    });
    const response = await callDue(unknown, signDelivery(keys.nextSigningKey, url, unknown));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ checked: null });
    expect(await watchReads()).toEqual([]);
  });
});
