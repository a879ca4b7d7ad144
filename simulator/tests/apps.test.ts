import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { configureWatchDemo } from "../src/control/demo-app";
import { signAppJwt } from "../src/state/app-auth";
import { type Json, simulatorClient } from "./test-client";

const APP_ID = 1104;
const INSTALLATION = 51104;
const KEY = readFileSync(path.join(__dirname, "../fixtures/tagwatch-app.test-key.pem"), "utf8");
const MAINTAINER = "sim_token_octo-maintainer";

let sim: { url: string; port: number; close(): Promise<void> };
const { control, rest } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control("POST", "reset");
});

async function gql(query: string, token: string) {
  const response = await fetch(`${sim.url}/api/graphql`, {
    method: "POST",
    headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Json;
}

const jwt = (options: { iat?: number; exp?: number } = {}) => signAppJwt(APP_ID, KEY, options);

async function installationToken(body?: unknown): Promise<string> {
  const answer = await rest(
    "POST",
    `/app/installations/${INSTALLATION}/access_tokens`,
    jwt(),
    body,
  );
  expect(answer.status).toBe(201);
  return answer.body.token as string;
}

describe("App JWT", () => {
  it("authenticates as the App with a JWT signed by its key", async () => {
    const app = await rest("GET", "/app", jwt());
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({
      id: APP_ID,
      slug: "tagwatch",
      client_id: "Iv23litagwatchdemo",
      owner: { login: "octo-maintainer" },
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
      events: ["push", "create", "workflow_run", "release"],
      installations_count: 1,
    });
  });

  it("accepts the client id as issuer", async () => {
    const token = signAppJwt("Iv23litagwatchdemo", KEY);
    expect((await rest("GET", "/app", token)).status).toBe(200);
  });

  it("refuses what GitHub refuses, with GitHub's messages", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string | null, string][] = [
      [null, "Requires authentication"],
      [MAINTAINER, "A JSON web token could not be decoded"],
      ["a.b.c", "A JSON web token could not be decoded"],
      [signAppJwt(999, KEY), "A JSON web token could not be decoded"],
      [
        jwt({ iat: now - 30, exp: now + 3600 }),
        "'Expiration time' claim ('exp') is too far in the future.",
      ],
      [
        jwt({ iat: now - 1200, exp: now - 600 }),
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
      ],
      [
        jwt({ iat: now + 300, exp: now + 600 }),
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
      ],
    ];
    for (const [token, message] of cases) {
      const answer = await rest("GET", "/app", token);
      expect(answer.status, message).toBe(401);
      expect(answer.body.message).toBe(message);
    }
  });

  it("tolerates a minute of clock skew", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await rest("GET", "/app", jwt({ iat: now + 30, exp: now + 600 }))).status).toBe(200);
  });

  it("a key of another App does not sign for this one", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    const answer = await rest("GET", "/app", signAppJwt(APP_ID, other));
    expect(answer.status).toBe(401);
  });
});

describe("installations", () => {
  it("lists the App's installations and finds one per repository", async () => {
    const list = await rest("GET", "/app/installations", jwt());
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({
      id: INSTALLATION,
      app_id: APP_ID,
      app_slug: "tagwatch",
      account: { login: "octo-maintainer" },
      repository_selection: "selected",
      target_type: "User",
    });
    const found = await rest("GET", "/repos/octo-maintainer/classic-cli/installation", jwt());
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(INSTALLATION);
    const missing = await rest("GET", "/repos/octo-maintainer/slow-pipeline/installation", jwt());
    expect(missing.status).toBe(404);
    expect((await rest("GET", "/users/octo-maintainer/installation", jwt())).body.id).toBe(
      INSTALLATION,
    );
  });

  it("issues hour-long ghs_ tokens that list the installed repositories", async () => {
    const answer = await rest("POST", `/app/installations/${INSTALLATION}/access_tokens`, jwt());
    expect(answer.status).toBe(201);
    expect(answer.body.token).toMatch(/^ghs_[A-Za-z0-9_-]{40,}$/);
    const expires = Date.parse(answer.body.expires_at) - Date.now();
    expect(expires).toBeGreaterThan(59 * 60_000);
    expect(expires).toBeLessThanOrEqual(60 * 60_000);
    expect(answer.body).toMatchObject({
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
      repository_selection: "selected",
    });
    const repos = await rest("GET", "/installation/repositories", answer.body.token);
    expect(repos.status).toBe(200);
    expect(repos.body.total_count).toBe(4);
    expect(repos.body.repositories.map((repo: Json) => repo.full_name).sort()).toEqual([
      "octo-maintainer/classic-cli",
      "octo-maintainer/failed-build",
      "octo-maintainer/healthy-lib",
      "octo-maintainer/private-service",
    ]);
  });

  it("404s tokens for an installation of another App or none", async () => {
    expect((await rest("POST", "/app/installations/999/access_tokens", jwt())).status).toBe(404);
  });

  it("narrows a token to repositories and permissions it asks for, and no further", async () => {
    const narrowed = await rest("POST", `/app/installations/${INSTALLATION}/access_tokens`, jwt(), {
      repositories: ["classic-cli"],
      permissions: { contents: "read" },
    });
    expect(narrowed.status).toBe(201);
    expect(narrowed.body.repositories.map((repo: Json) => repo.name)).toEqual(["classic-cli"]);
    const token = narrowed.body.token;
    expect((await rest("GET", "/repos/octo-maintainer/classic-cli/tags", token)).status).toBe(200);
    expect(
      (await rest("GET", "/repos/octo-maintainer/classic-cli/actions/workflows", token)).status,
    ).toBe(403);
    const wider = await rest("POST", `/app/installations/${INSTALLATION}/access_tokens`, jwt(), {
      permissions: { administration: "write" },
    });
    expect(wider.status).toBe(422);
    const elsewhere = await rest(
      "POST",
      `/app/installations/${INSTALLATION}/access_tokens`,
      jwt(),
      {
        repositories: ["slow-pipeline"],
      },
    );
    expect(elsewhere.status).toBe(422);
  });
});

/** The demo installation without private-service (installed in the demo for its badge link). */
async function uninstallPrivateService() {
  const changed = await control("POST", "apps/tagwatch/installations", {
    account: "octo-maintainer",
    repositories: ["classic-cli", "failed-build", "healthy-lib"],
  });
  expect(changed.status).toBeLessThan(300);
}

describe("installation tokens", () => {
  it("act as <slug>[bot] on installed repositories within the App's permissions", async () => {
    const token = await installationToken();
    const repo = await rest("GET", "/repos/octo-maintainer/classic-cli", token);
    expect(repo.status).toBe(200);
    const runs = await rest("GET", "/repos/octo-maintainer/classic-cli/actions/runs", token);
    expect(runs.status).toBe(200);
    // Installed, private: readable. Taken out of the installation: invisible at once.
    expect((await rest("GET", "/repos/octo-maintainer/private-service", token)).status).toBe(200);
    await uninstallPrivateService();
    expect((await rest("GET", "/repos/octo-maintainer/private-service", token)).status).toBe(404);
    // Not installed, public: readable, not writable.
    expect((await rest("GET", "/repos/octo-maintainer/slow-pipeline/tags", token)).status).toBe(
      200,
    );
    const write = await rest(
      "POST",
      "/repos/octo-maintainer/slow-pipeline/actions/workflows/release.yml/dispatches",
      token,
      { ref: "v3.0.0" },
    );
    expect(write.status).toBe(403);
    expect(write.body.message).toBe("Resource not accessible by integration");
    const user = await rest("GET", "/user", token);
    expect(user.status).toBe(403);
    expect(user.body.message).toBe("Resource not accessible by integration");
  });

  it("dispatches a release run as tagwatch[bot], and the run starts", async () => {
    const token = await installationToken();
    const dispatched = await rest(
      "POST",
      "/repos/octo-maintainer/classic-cli/actions/workflows/release.yml/dispatches",
      token,
      { ref: "v0.1.2", return_run_details: true },
    );
    expect(dispatched.status).toBe(200);
    const run = await rest(
      "GET",
      `/repos/octo-maintainer/classic-cli/actions/runs/${dispatched.body.workflow_run_id}`,
      MAINTAINER,
    );
    expect(run.body).toMatchObject({
      event: "workflow_dispatch",
      head_branch: "v0.1.2",
      actor: { login: "tagwatch[bot]", type: "Bot" },
    });
  });

  it("reads GraphQL only where installed", async () => {
    const token = await installationToken();
    await uninstallPrivateService();
    const answer = await gql(
      `{ a: repository(owner: "octo-maintainer", name: "classic-cli") { viewerPermission }
         b: repository(owner: "octo-maintainer", name: "private-service") { name } }`,
      token,
    );
    expect(answer.data.a.viewerPermission).toBe("WRITE");
    expect(answer.data.b).toBeNull();
  });

  it("viewer is the App's bot user", async () => {
    const token = await installationToken();
    const answer = await gql("{ viewer { login databaseId } }", token);
    expect(answer.data.viewer.login).toBe("tagwatch[bot]");
  });

  it("stop working when revoked or when the App is uninstalled", async () => {
    const token = await installationToken();
    expect((await rest("DELETE", "/installation/token", token)).status).toBe(204);
    expect((await rest("GET", "/installation/repositories", token)).status).toBe(401);
    const second = await installationToken();
    expect((await rest("DELETE", `/app/installations/${INSTALLATION}`, jwt())).status).toBe(204);
    expect((await rest("GET", "/repos/octo-maintainer/classic-cli", second)).status).toBe(401);
    expect(
      (await rest("GET", "/repos/octo-maintainer/classic-cli/installation", jwt())).status,
    ).toBe(404);
  });

  it("credentials for the demo are served by the control API", async () => {
    const answer = await control("GET", "apps/tagwatch/credentials");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      appId: APP_ID,
      slug: "tagwatch",
      clientId: "Iv23litagwatchdemo",
      webhookSecret: "tagwatch-demo-webhook-secret",
    });
    expect(answer.body.privateKey).toContain("BEGIN RSA PRIVATE KEY");
    const signed = signAppJwt(APP_ID, answer.body.privateKey);
    expect((await rest("GET", "/app", signed)).status).toBe(200);
  });

  it("configureWatchDemo gives tagwatch's App settings and points the hook at it", async () => {
    const settings = await configureWatchDemo(sim.url, "http://localhost:3999/api/github/webhooks");
    expect(settings).toMatchObject({
      GITHUB_APP_ID: "1104",
      GITHUB_APP_SLUG: "tagwatch",
      GITHUB_APP_WEBHOOK_SECRET: "tagwatch-demo-webhook-secret",
    });
    expect(settings.GITHUB_APP_PRIVATE_KEY).toContain("BEGIN RSA PRIVATE KEY");
    const credentials = await control("GET", "apps/tagwatch/credentials");
    expect(credentials.body.webhookUrl).toBe("http://localhost:3999/api/github/webhooks");
    await control("POST", "apps/tagwatch/webhook", { url: null });
  });
});
