import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";

// The App's installation tokens are shared through the store: a second instance uses the token
// the first one minted (sealed at rest) instead of asking GitHub for another.

let sim: RunningSimulator;
let app: typeof import("@/lib/github/app");
let getStore: typeof import("@/lib/store").getStore;

const REGISTRY = Symbol.for("tagwatch.process-wide");

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, {
    AUTH_SECRET: "app-token-test-secret-0123456789abcdef",
    GITHUB_SERVER_URL: sim.url,
    GITHUB_API_URL: `${sim.url}/api/v3`,
    GITHUB_GRAPHQL_URL: `${sim.url}/api/graphql`,
    GITHUB_APP_ID: "1104",
    GITHUB_APP_PRIVATE_KEY: readFileSync("simulator/fixtures/tagwatch-app.test-key.pem", "utf8"),
  });
  app = await import("@/lib/github/app");
  ({ getStore } = await import("@/lib/store"));
});

afterAll(async () => {
  await sim?.close();
});

async function tokenRequests(): Promise<number> {
  const response = await fetch(`${sim.url}/_simulator/requests`);
  const body = (await response.json()) as { requests: { method: string; path: string }[] };
  return body.requests.filter(
    (request) => request.method === "POST" && request.path.endsWith("/access_tokens"),
  ).length;
}

/** What a fresh serverless instance has: nothing in process, only the shared store. */
function forgetInProcessAuth(): void {
  const registry = (globalThis as Record<symbol, Map<string, unknown>>)[REGISTRY];
  for (const key of [...(registry?.keys() ?? [])]) {
    if (key.startsWith("github-app")) registry?.delete(key);
  }
}

describe("the App's installation tokens", () => {
  it("are minted once and reused by another instance through the store, sealed", async () => {
    const installation = await app.getInstallation(51104);
    const before = await tokenRequests();
    const first = await app.getInstallationClient(installation);
    const { data } = await first.client.rest<{ total_count: number }>(
      "GET",
      "/installation/repositories",
    );
    expect(data.total_count).toBeGreaterThan(0);
    expect(await tokenRequests()).toBe(before + 1);

    forgetInProcessAuth();
    const second = await app.getInstallationClient(installation);
    await second.client.rest("GET", "/installation/repositories");
    expect(await tokenRequests()).toBe(before + 1);
    expect(second.client.tokenKey).toBe(first.client.tokenKey);

    const tokens = (await (await fetch(`${sim.url}/_simulator/tokens`)).json()) as {
      tokens: { token: string }[];
    };
    const minted = tokens.tokens
      .map((entry) => entry.token)
      .filter((token) => token.startsWith("ghs_"));
    expect(minted.length).toBeGreaterThan(0);
    // Nothing in the store holds the token in clear text.
    const store = getStore() as unknown as { entries?: Map<string, { value: string }> };
    const values = [...(store.entries?.values() ?? [])].map((entry) => entry.value).join("\n");
    expect(values).toContain("s1:");
    for (const token of minted) expect(values).not.toContain(token);
  });
});
