import { createHmac } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { type Json, simulatorClient } from "@/simulator/tests/test-client";
import { type RedisServer, startRedisServer } from "../../scripts/redis-server";
import {
  APP_SETTINGS,
  BADGE_TOKEN,
  INSTALLATION_ID,
  MAINTAINER_TOKEN,
  OWNER,
  useGitHub,
  WEBHOOK_SECRET,
} from "./github";

// What a shared Redis holds after the real loads of a private repository: its page (health and
// the watch panel), the overview, its badge, the App's installation token, a watch
// round and a webhook delivery. Everything is read back from Redis itself: no token of any kind
// and no private repository's name may be in a key or a value in clear.

const PRIVATE = "private-service";

let sim: RunningSimulator;
let redis: RedisServer;
let admin: ReturnType<typeof createClient>;
const { control, rest } = simulatorClient(() => sim.url);

beforeAll(async () => {
  [sim, redis] = await Promise.all([startSimulator({ port: 0 }), startRedisServer()]);
  useGitHub(sim.url, { ...APP_SETTINGS, REDIS_URL: redis.url, GITHUB_TOKEN: BADGE_TOKEN });
  admin = createClient({ url: redis.url });
  await admin.connect();
  // The App watches the private repository too.
  const installed = await control("POST", "apps/tagwatch/installations", {
    account: OWNER,
    repositories: ["classic-cli", "failed-build", "healthy-lib", PRIVATE],
  });
  expect(installed.status).toBeLessThan(300);

  const { createGitHubClient } = await import("@/lib/github/client");
  const { loadRepositoryHealth } = await import("@/lib/repository/load");
  const { loadOverview } = await import("@/lib/overview/load");
  const { getBadge } = await import("@/lib/badges/load");
  const app = await import("@/lib/github/app");
  const { watchRepository } = await import("@/lib/watch/round");
  const { getRepositoryWatch } = await import("@/lib/watch/status");
  const { receiveWebhook } = await import("@/lib/watch/webhooks");

  // The repository page and the overview, as the maintainer.
  const maintainer = createGitHubClient(MAINTAINER_TOKEN);
  const health = await loadRepositoryHealth(maintainer, OWNER, PRIVATE);
  expect(health.isPrivate).toBe(true);
  expect((await getRepositoryWatch(OWNER, PRIVATE)).kind).toBe("watched");
  const overview = await loadOverview(maintainer, { kind: "viewer" });
  expect(overview.items.map((item) => item.repository)).toContain(`${OWNER}/${PRIVATE}`);
  // Its README badge, read with the server's token (which can see it).
  expect((await getBadge(OWNER, PRIVATE, new URLSearchParams())).status).toBe(404);
  // Watch mode: the App's token, a round (its tag pushed with GITHUB_TOKEN opens an issue) and a
  // tag push delivered by webhook.
  const access = await app.getInstallationClient(await app.getInstallation(INSTALLATION_ID));
  const round = await watchRepository(access, `${OWNER}/${PRIVATE}`);
  expect(round.issue?.change).toBe("open");
  const { id, node_id } = (await rest("GET", `/repos/${OWNER}/${PRIVATE}`, MAINTAINER_TOKEN)).body;
  const payload = JSON.stringify({
    ref: "refs/tags/v1.0.2",
    deleted: false,
    repository: { id, node_id, full_name: `${OWNER}/${PRIVATE}` },
    installation: { id: INSTALLATION_ID },
  });
  const received = await receiveWebhook({
    id: "delivery-private-1",
    name: "push",
    signature: `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(payload).digest("hex")}`,
    payload,
  });
  expect(received.watching).toEqual([`${OWNER}/${PRIVATE}`]);
});

afterAll(async () => {
  admin?.destroy();
  await sim?.close();
  await redis?.stop();
});

async function dump(): Promise<{ key: string; value: string }[]> {
  const keys = (await admin.keys("*")).sort();
  return Promise.all(keys.map(async (key) => ({ key, value: (await admin.get(key)) ?? "" })));
}

describe("the shared store after real loads of a private repository", () => {
  it("holds the caches and state of every load (the scan below looks at something)", async () => {
    const namespaces = new Set(
      (await dump()).map(({ key }) => key.replace(/^tagwatch:v1:/, "").split(":")[0]),
    );
    for (const namespace of [
      "snapshot",
      "last-good",
      "listing",
      "overview-card",
      "badge",
      "app-token",
      "app-installation",
      // Watch state follows the repository's node id; `watch-id` maps its name to that id.
      "watch-status-id",
      "watch-seen-id",
      "watch-id",
    ]) {
      expect(namespaces, namespace).toContain(namespace);
    }
    expect((await dump()).length).toBeGreaterThan(20);
  });

  it("holds no token in clear: not the user's, not the badge bot's, not the App's installation token", async () => {
    const { body } = await control("GET", "tokens");
    const tokens: string[] = body.tokens.map((entry: Json) => entry.token);
    expect(tokens.filter((token) => token.startsWith("ghs_")).length).toBeGreaterThan(0);
    for (const { key, value } of await dump()) {
      const entry = `${key} = ${value}`;
      expect(entry).not.toMatch(/gho_|ghs_|ghp_|sim_/);
      for (const token of tokens) expect(entry).not.toContain(token);
    }
  });

  it("names no private repository in a key or a value", async () => {
    for (const { key, value } of await dump()) {
      expect(`${key} = ${value}`).not.toMatch(/private-service/i);
    }
  });

  it("seals what describes the repository: caches and watch state are encrypted", async () => {
    const sealedNamespaces = [
      "snapshot",
      "last-good",
      "listing",
      "overview-card",
      "app-token",
      "watch-status-id",
      "watch-seen-id",
      "watch-id",
    ];
    const entries = (await dump()).filter(({ key }) =>
      sealedNamespaces.some((namespace) => key.startsWith(`tagwatch:v1:${namespace}:`)),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const { key, value } of entries) expect(value, key).toMatch(/^s1:/);
  });
});
