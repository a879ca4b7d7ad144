import type { Page } from "@playwright/test";
import { type Child, startTsx, stop, waitForHttp } from "../../scripts/bench/processes";
import { freePort, type RedisServer, startRedisServer } from "../../scripts/redis-server";
import { E2E_AUTH_SECRET } from "./constants";
import { expect, SIM_URL, test } from "./fixtures";

// Two more instances of tagwatch, each its own process (`scripts/serve.ts` against the suite's
// simulator), sharing one redis-server: what a deployment with many instances looks like.
// The suite's own app (no store) is not involved.

type Instance = { url: string; child: Child };

let redis: RedisServer;
let a: Instance;
let b: Instance;

async function startInstance(name: string, redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = startTsx(name, "scripts/serve.ts", [], {
    APP_PORT: String(port),
    SIM_URL,
    AUTH_SECRET: E2E_AUTH_SECRET,
    REDIS_URL: redisUrl,
    // Long enough that only a shared invalidation can explain fresh data within a test.
    TAGWATCH_CACHE_SECONDS: "60",
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

/** Signs in on instance A; the session cookie (same AUTH_SECRET, host localhost) works on B too. */
async function signInOn(page: Page, instance: Instance, login = "octo-maintainer") {
  await page.goto(`${instance.url}/signin`);
  await page.getByRole("button", { name: "Sign in with GitHub" }).first().click();
  await page.waitForURL(/\/login\/oauth\/authorize/);
  await page.getByRole("radio", { name: new RegExp(login) }).check();
  await page.getByRole("button", { name: "Authorize", exact: true }).click();
  await page.waitForURL(
    (url) => url.href.startsWith(instance.url) && !url.pathname.startsWith("/api/auth"),
  );
  await page.waitForLoadState("networkidle");
}

const tagRow = (page: Page, tag: string) =>
  page.getByRole("article", { name: `Tag ${tag}`, exact: true });

test.describe("two instances, one Redis", () => {
  test("a page loaded on instance A is warm on instance B: B asks GitHub nothing", async ({
    page,
    simulator,
  }) => {
    await signInOn(page, a);
    await page.goto(`${a.url}/release-lab/draft-app`);
    await expect(tagRow(page, "v1.1.0")).toHaveAttribute("data-status", "draft-release");
    await page.waitForLoadState("networkidle");
    await simulator.clearRequests();

    await page.goto(`${b.url}/release-lab/draft-app`);
    await expect(tagRow(page, "v1.1.0")).toHaveAttribute("data-status", "draft-release");
    await page.waitForLoadState("networkidle");
    expect(await simulator.requests()).toEqual([]);
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
    // Back to sharing: what A loads now, B reads from Redis.
    await expect(async () => {
      await page.goto(`${a.url}/release-lab/bulk-tags`);
      await page.goto(`${b.url}/release-lab/bulk-tags`);
      expect(b.child.output()).toContain("shared store is back");
    }).toPass({ timeout: 20_000 });
  });
});
