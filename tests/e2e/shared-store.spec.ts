import type { Page } from "@playwright/test";
import { createClient } from "redis";
import { type Child, startTsx, stop, waitForHttp } from "../../scripts/bench/processes";
import { freePort, type RedisServer, startRedisServer } from "../../scripts/redis-server";
import { readScenario } from "../../simulator/src/state/scenario";
import { signInOverHttp } from "../sign-in";
import { E2E_AUTH_SECRET } from "./constants";
import { expect, httpOf, SIM_URL, type Simulator, test } from "./fixtures";

// Two more instances of tagwatch, each its own process (`scripts/with-simulator.ts` against the suite's
// simulator), sharing one redis-server: what a deployment with many instances looks like.
// The suite's own app (no store) is not involved.

type Instance = { url: string; child: Child };

let redis: RedisServer;
let a: Instance;
let b: Instance;

async function startInstance(name: string, redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = startTsx(name, "scripts/with-simulator.ts", [], {
    APP_PORT: String(port),
    SIM_URL,
    AUTH_SECRET: E2E_AUTH_SECRET,
    REDIS_URL: redisUrl,
    // Long enough that only a shared invalidation can explain fresh data within a test.
    TAGWATCH_CACHE_SECONDS: "60",
    // A store call slower than its deadline counts as Redis down for a moment and the page reads
    // GitHub itself: 500 ms by default, which a fully loaded test machine can overrun (B once read
    // from GitHub what A had stored). These tests are about sharing; a stopped Redis refuses at
    // once (no offline queue); the deadline is tested in tests/integration/store/stores.test.ts.
    TAGWATCH_STORE_TIMEOUT_MS: "5000",
    // The simulator's App keeps delivering to the suite's settings, not to these instances.
    TAGWATCH_DEMO_HOOK: "0",
  });
  const url = `http://localhost:${port}`;
  await waitForHttp(`${url}/signin`, child, 120_000);
  return { url, child };
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  redis = await startRedisServer();
  [a, b] = await Promise.all([
    startInstance("instance A", redis.url),
    startInstance("instance B", redis.url),
  ]);
});

test.afterAll(async () => {
  await Promise.all([a && stop(a.child), b && stop(b.child)]);
  await redis?.stop();
});

/**
 * Signs in on `instance` over HTTP (tests/sign-in.ts; the sign-in pages are auth.spec's journey);
 * the session cookie (same AUTH_SECRET, host localhost) works on the other instance too.
 */
async function signInOn(page: Page, instance: Instance, login = VIEWER) {
  await signInOverHttp(httpOf(page), instance.url, login, "/");
}

const tagRow = (page: Page, tag: string) =>
  page.getByRole("article", { name: `Tag ${tag}`, exact: true });

/** The browser reads the page's release history after the page: until it has, nothing is busy. */
const historyRead = (page: Page) => expect(page.locator('[aria-busy="true"]')).toHaveCount(0);

/** A request to GitHub, as the simulator logged it, without its time. */
const asked = (request: { method: string; path: string; operationName?: string }) =>
  `${request.method} ${request.path} ${request.operationName ?? ""}`;

/** Who these tests sign in as: the repository page reads GitHub with this person's token only. */
const VIEWER = "octo-maintainer";

/**
 * Loads a repository's page on A, then on B: B, whose own caches have never seen it, must serve
 * it from what A left in Redis without asking GitHub anything.
 * `afterRestart`: Redis came back empty, and A may still hold parts of the page in its own memory
 * from before (the overview's sparklines read the release history): those never reach the new
 * Redis until they expire, so B reads them itself. What A read from GitHub now, B must not.
 */
async function loadOnAThenB(
  page: Page,
  simulator: Simulator,
  repository: string,
  tag: string,
  { afterRestart = false } = {},
) {
  await simulator.clearRequests();
  await page.goto(`${a.url}/${repository}`);
  await expect(tagRow(page, tag)).toBeVisible();
  await historyRead(page);
  await page.waitForLoadState("networkidle");
  const readByA = (await simulator.requests()).map(asked);
  await simulator.clearRequests();
  await page.goto(`${b.url}/${repository}`);
  await expect(tagRow(page, tag)).toBeVisible();
  await historyRead(page);
  await page.waitForLoadState("networkidle");
  // Watch mode's own reads (a page view runs its due checks after the answer) go with the App's
  // credentials, which the repository page never uses: only the viewer's requests count.
  const readByB = (await simulator.requests()).filter((request) => request.user === VIEWER);
  if (!afterRestart) {
    expect(readByB, `B read ${repository} from GitHub`).toEqual([]);
    return;
  }
  // A read the tags at least (the page's own GraphQL query), so there is something to share.
  expect(readByA.filter((request) => request.includes("RepositoryHealth"))).toHaveLength(1);
  expect(
    readByB.filter((request) => readByA.includes(asked(request))),
    `B read from GitHub what A had just read and stored in Redis (${repository})`,
  ).toEqual([]);
}

/** Every key in Redis with its value(s), whatever the type. */
async function readRedis(url: string): Promise<{ key: string; value: string }[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    const entries: { key: string; value: string }[] = [];
    for await (const batch of client.scanIterator({ COUNT: 200 })) {
      for (const key of [batch].flat()) {
        const type = await client.type(key);
        const value =
          type === "string"
            ? await client.get(key)
            : type === "hash"
              ? await client.hGetAll(key)
              : type === "list"
                ? await client.lRange(key, 0, -1)
                : type === "set"
                  ? await client.sMembers(key)
                  : type === "zset"
                    ? await client.zRange(key, 0, -1)
                    : `(a ${type})`;
        entries.push({ key, value: typeof value === "string" ? value : JSON.stringify(value) });
      }
    }
    return entries;
  } finally {
    client.destroy();
  }
}

test.describe("two instances, one Redis", () => {
  test("a page loaded on instance A is warm on instance B, from Redis, where it is sealed under hashed keys", async ({
    page,
    simulator,
    leakGuard,
  }) => {
    const hidden = readScenario("demo")
      .repositories.filter((repository) => repository.private)
      .map((repository) => `${repository.owner}/${repository.name}`);
    expect(hidden).toEqual(["octo-maintainer/private-service"]);
    // The overview on A stores every repository's card, the private one's too; the private
    // repository's page is in Redis once B, which never loaded it, serves it without GitHub.
    await signInOn(page, a);
    await page.goto(`${a.url}/`);
    await expect(page.locator(`[data-repository="${hidden[0]}"]`)).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await loadOnAThenB(page, simulator, hidden[0] as string, "v1.0.1");
    await expect(tagRow(page, "v1.0.1")).toHaveAttribute("data-status", "not-triggered");

    // Nothing in Redis names it (keys hashed, values sealed), nor holds a token or secret.
    const entries = await readRedis(redis.url);
    expect(entries.length).toBeGreaterThan(10);
    const named = entries.filter(({ key, value }) =>
      hidden.some((repository) => {
        const name = repository.split("/")[1] as string;
        return `${key}\n${value}`.toLowerCase().includes(name.toLowerCase());
      }),
    );
    expect(named.map(({ key }) => key)).toEqual([]);
    const leaks = await leakGuard.leaksIn(
      entries.map(({ key, value }) => ({ where: `redis ${key}`, text: `${key}\n${value}` })),
    );
    expect(leaks).toEqual([]);
  });

  test("a dispatch on A shows pending on B at its next read", async ({ page }) => {
    await signInOn(page, a);
    await page.goto(`${b.url}/octo-maintainer/classic-cli`);
    await expect(tagRow(page, "v0.1.2")).toHaveAttribute("data-status", "not-triggered");

    const dispatched = await page.request.post(
      `${a.url}/api/repos/octo-maintainer/classic-cli/dispatch`,
      { data: { tag: "v0.1.2", workflow: "release.yml" }, headers: { origin: a.url } },
    );
    expect(dispatched.status()).toBeLessThan(300);

    // B cached the old state for 60 s; only the shared invalidation makes this read fresh.
    const health = await page.request.get(`${b.url}/api/repos/octo-maintainer/classic-cli/health`);
    const tag = (await health.json()).tags.find(
      (entry: { name: string }) => entry.name === "v0.1.2",
    );
    expect(["run-pending", "healthy"]).toContain(tag.status);
    await page.reload();
    await expect(tagRow(page, "v0.1.2")).toHaveAttribute("data-status", /run-pending|healthy/);
  });

  test("a burst of 20 concurrent cold requests across both instances costs one GraphQL query", async ({
    page,
    simulator,
  }) => {
    await signInOn(page, a);
    await simulator.clearRequests();
    const path = "/api/repos/release-lab/partial-assets/health";
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => page.request.get(`${(i % 2 ? a : b).url}${path}`)),
    );
    expect(responses.map((response) => response.status())).toEqual(Array(20).fill(200));
    const bodies = new Set(await Promise.all(responses.map((response) => response.text())));
    expect(bodies.size).toBe(1);
    const requests = await simulator.requests();
    expect(requests.filter((request) => request.kind === "graphql")).toHaveLength(1);
    expect(
      requests.filter((request) => request.path.endsWith("/actions/workflows?per_page=100")),
    ).toHaveLength(1);
  });

  test("Redis stopped mid-run: both instances keep serving pages, say so once, and share again when it is back", async ({
    page,
    simulator,
  }) => {
    await signInOn(page, a);
    await redis.stop();
    try {
      for (const instance of [a, b]) {
        await page.goto(`${instance.url}/octo-maintainer/healthy-lib`);
        await expect(tagRow(page, "v1.1.0")).toHaveAttribute("data-status", "healthy");
        const api = await page.request.get(
          `${instance.url}/api/repos/release-lab/token-release/health`,
        );
        expect(api.status()).toBe(200);
        const badge = await page.request.get(
          `${instance.url}/api/badge/octo-maintainer/healthy-lib`,
        );
        expect(badge.status()).toBe(200);
      }
      // One line per outage (node-redis may see the shutdown as a short flap: then one per flap).
      for (const instance of [a, b]) {
        const output = instance.child.output();
        const down = output.split("shared store unavailable").length - 1;
        const back = output.split("shared store is back").length - 1;
        expect(down, output).toBeGreaterThanOrEqual(1);
        expect(down, output).toBe(back + 1);
      }
    } finally {
      await redis.start();
    }
    // Each instance finds Redis again at its next use of it (a page reads the watch status)...
    await expect(async () => {
      for (const instance of [a, b]) {
        await page.goto(`${instance.url}/octo-maintainer/healthy-lib`);
        expect(instance.child.output()).toContain("shared store is back");
      }
    }).toPass({ timeout: 30_000 });
    // ...and shares again: what A loads now, B (which never loaded it) reads from Redis.
    await loadOnAThenB(page, simulator, "release-lab/bulk-tags", "v1.0.0", { afterRestart: true });
  });
});
