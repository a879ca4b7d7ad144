import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_DELIVERIES } from "../../scripts/openapi/selection";
import { startSimulator } from "../server";
import { deliveryName, readExtract, webhookDescription } from "./openapi/validator";
import { demoClient, type Json, MAINTAINER, READER, simulatorClient, until } from "./test-client";

// Every delivery the simulator sends an App, as the App's server receives it (raw headers and
// body), checked against GitHub's webhook description (simulator/openapi/webhooks.json): the
// headers GitHub marks required, both signatures, the payload's schema, and the fields GitHub's
// own example payloads always carry.

const SECRET = "tagwatch-demo-webhook-secret";
const APP_ID = 1104;
const description = webhookDescription();
const examples = readExtract("webhook-examples.json").examples as Record<string, Json[]>;

type Received = { headers: Record<string, string | undefined>; body: string; payload: Json };

let sim: { url: string; port: number; close(): Promise<void> };
let receiver: Server;
let hookUrl = "";
const received: Received[] = [];
const { control } = simulatorClient(() => sim.url);
const { gql } = demoClient(() => sim.url);
/** Delivery names checked, for the last test. */
const checked = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({
        headers: request.headers as Record<string, string>,
        body,
        payload: JSON.parse(body),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
  await control("POST", "apps/tagwatch/webhook", { url: hookUrl, secret: SECRET });
});
afterAll(async () => {
  await sim.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Keys GitHub's examples of a delivery all have (account-dependent ones aside). */
function exampleKeys(name: string): string[] {
  const optional = new Set(["organization", "enterprise", "installation", "requester"]);
  const all = (examples[name] ?? []).map((example) => Object.keys(example));
  if (all.length === 0) return [];
  return (all[0] ?? []).filter(
    (key) => !optional.has(key) && all.every((keys) => keys.includes(key)),
  );
}

/** Where one delivery disagrees with GitHub: headers, signatures, schema, examples. */
function problems(delivery: Received, appId: number, secret: string): string[] {
  const name = deliveryName(delivery.headers["x-github-event"] ?? "", delivery.payload);
  const found = description.check(delivery);
  const header = (key: string) => delivery.headers[key] ?? "";
  const hmac = (algorithm: string) =>
    `${algorithm}=${createHmac(algorithm, secret).update(delivery.body).digest("hex")}`;
  if (header("x-hub-signature-256") !== hmac("sha256")) found.push(`${name}: X-Hub-Signature-256`);
  if (header("x-hub-signature") !== hmac("sha1")) found.push(`${name}: X-Hub-Signature`);
  if (
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      header("x-github-delivery"),
    )
  )
    found.push(`${name}: X-GitHub-Delivery is not a GUID`);
  if (!/^\d+$/.test(header("x-github-hook-id"))) found.push(`${name}: X-GitHub-Hook-ID`);
  if (header("x-github-hook-installation-target-type") !== "integration")
    found.push(`${name}: X-GitHub-Hook-Installation-Target-Type`);
  if (header("x-github-hook-installation-target-id") !== String(appId))
    found.push(`${name}: X-GitHub-Hook-Installation-Target-ID`);
  if (!header("user-agent").startsWith("GitHub-Hookshot/")) found.push(`${name}: User-Agent`);
  if (header("content-type") !== "application/json") found.push(`${name}: Content-Type`);
  for (const key of exampleKeys(name))
    if (!(key in delivery.payload)) found.push(`${name}: no ${key}, which GitHub's examples have`);
  return found;
}

/** Waits for deliveries named `names` (in any order) after `since`, checks them all. */
async function expectDeliveries(since: number, names: string[], appId = APP_ID, secret = SECRET) {
  await control("GET", "deliveries"); // waits for those in flight
  const arrived = await until(async () => {
    const batch = received.slice(since);
    const got = batch.map((delivery) =>
      deliveryName(delivery.headers["x-github-event"] ?? "", delivery.payload),
    );
    return names.every((name) => got.includes(name)) ? batch : null;
  });
  expect(arrived.flatMap((delivery) => problems(delivery, appId, secret))).toEqual([]);
  for (const delivery of arrived)
    checked.add(deliveryName(delivery.headers["x-github-event"] ?? "", delivery.payload));
  // The first of each name (runs of earlier tests may still report in between).
  const first = (name: string) =>
    arrived.find(
      (delivery) =>
        deliveryName(delivery.headers["x-github-event"] ?? "", delivery.payload) === name,
    );
  return names.map(first);
}

describe("webhook deliveries agree with GitHub's description", () => {
  it("a tag push: push, create, the release run's workflow_run and the release", async () => {
    const since = received.length;
    await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      tags: ["v9.0.0"],
    });
    await expectDeliveries(since, [
      "push",
      "create",
      "workflow_run.requested",
      "workflow_run.in_progress",
      "workflow_run.completed",
      "release.created",
      "release.published",
      "release.released",
    ]);
  });

  it("a prerelease tag: release.prereleased", async () => {
    const since = received.length;
    await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      tags: ["v9.1.0-rc.1"],
    });
    await expectDeliveries(since, ["release.prereleased", "workflow_run.completed"]);
  });

  it("an installation's life: created, repositories added and removed, new permissions, suspended, deleted", async () => {
    let since = received.length;
    const installed = await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["draft-app"],
    });
    expect(installed.status).toBe(201);
    const id = installed.body.id;
    await expectDeliveries(since, ["installation.created"]);

    since = received.length;
    await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["draft-app", "bulk-tags"],
    });
    await expectDeliveries(since, ["installation_repositories.added"]);
    since = received.length;
    await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["bulk-tags"],
    });
    await expectDeliveries(since, ["installation_repositories.removed"]);

    since = received.length;
    const asked = await control("POST", "apps/tagwatch/permissions", {
      permissions: { contents: "read", actions: "write", issues: "write", checks: "write" },
      events: ["push", "create", "workflow_run", "release", "repository"],
    });
    expect(asked.status).toBe(200);
    const accepted = await control(
      "POST",
      `apps/tagwatch/installations/${id}/accept-permissions`,
      {},
    );
    expect(accepted.body.permissions).toMatchObject({ checks: "write" });
    const [permissions] = await expectDeliveries(since, ["installation.new_permissions_accepted"]);
    expect(permissions?.payload.installation.permissions).toMatchObject({ checks: "write" });

    since = received.length;
    await control("POST", `apps/tagwatch/installations/${id}/suspend`, {});
    const [suspended] = await expectDeliveries(since, ["installation.suspend"]);
    expect(suspended?.payload.installation.suspended_by.login).toBe("octo-maintainer");
    since = received.length;
    await control("POST", `apps/tagwatch/installations/${id}/unsuspend`, {});
    await expectDeliveries(since, ["installation.unsuspend"]);

    since = received.length;
    expect((await control("DELETE", `apps/tagwatch/installations/${id}`)).status).toBe(200);
    await expectDeliveries(since, ["installation.deleted"]);
  });

  it("a repository renamed, then transferred to an account where the App is installed", async () => {
    // The demo installation accepts `repository` events first, as a real one must.
    await control("POST", "apps/tagwatch/permissions", {
      events: ["push", "create", "workflow_run", "release", "repository"],
    });
    await control("POST", "apps/tagwatch/installations/51104/accept-permissions", {});
    await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: "all",
    });
    let since = received.length;
    const renamed = await control("POST", "repos/octo-maintainer/healthy-lib/rename", {
      name: "healthy-library",
    });
    expect(renamed.body).toMatchObject({ owner: "octo-maintainer", name: "healthy-library" });
    const [rename] = await expectDeliveries(since, ["repository.renamed"]);
    expect(rename?.payload.changes).toEqual({ repository: { name: { from: "healthy-lib" } } });
    expect(rename?.payload.repository.full_name).toBe("octo-maintainer/healthy-library");

    since = received.length;
    await control("POST", "repos/octo-maintainer/healthy-library/transfer", {
      owner: "release-lab",
    });
    const [transfer] = await expectDeliveries(since, ["repository.transferred"]);
    expect(transfer?.payload.changes.owner.from.user.login).toBe("octo-maintainer");
    expect(transfer?.payload.repository.full_name).toBe("release-lab/healthy-library");
    expect(transfer?.payload.organization.login).toBe("release-lab");
  });

  it("a person revokes their authorization of the App", async () => {
    const since = received.length;
    await control("POST", "apps/tagwatch/authorizations/revoke", { login: "octo-reader" });
    const [revoked] = await expectDeliveries(since, ["github_app_authorization.revoked"]);
    expect(revoked?.payload.sender.login).toBe("octo-reader");
  });

  it("a new App's ping", async () => {
    const manifest = JSON.stringify({
      name: "tagwatch webhooks check",
      url: "http://localhost:3000",
      hook_attributes: { url: hookUrl },
      redirect_url: "http://localhost:3000/setup/callback",
      default_permissions: { contents: "read" },
      default_events: ["push"],
    });
    const since = received.length;
    const created = await fetch(`${sim.url}/settings/apps/new/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ manifest, state: "s", login: "octo-maintainer" }).toString(),
      redirect: "manual",
    });
    const code = new URL(created.headers.get("location") ?? "").searchParams.get("code");
    const conversion = await fetch(`${sim.url}/app-manifests/${code}/conversions`, {
      method: "POST",
    });
    const app = (await conversion.json()) as Json;
    await expectDeliveries(since, ["ping"], app.id, app.webhook_secret);
  });

  it("every delivery the simulator sends was checked", () => {
    expect([...checked].sort()).toEqual([...WEBHOOK_DELIVERIES].sort());
  });
});

describe("what the lifecycle does besides the webhook", () => {
  it("a suspended installation gets no token, its tokens are refused, its repositories send nothing", async () => {
    await control("POST", "reset");
    const { signAppJwt } = await import("../src/state/app-auth");
    const { readFileSync } = await import("node:fs");
    const key = readFileSync(
      new URL("../fixtures/tagwatch-app.test-key.pem", import.meta.url),
      "utf8",
    );
    const jwt = signAppJwt(APP_ID, key);
    const api = (path: string, token: string, method = "GET") =>
      fetch(`${sim.url}/api/v3${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    const token = (
      (await (await api("/app/installations/51104/access_tokens", jwt, "POST")).json()) as Json
    ).token;
    await control("POST", "apps/tagwatch/installations/51104/suspend", {});
    const refused = await api("/app/installations/51104/access_tokens", jwt, "POST");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).message).toBe("This installation has been suspended");
    expect((await api("/repos/octo-maintainer/classic-cli", token)).status).toBe(403);
    const graphql = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${token}` },
      body: JSON.stringify({ query: "{ viewer { login } }" }),
    });
    expect(graphql.status).toBe(403);
    const listed = (await (await api("/app/installations/51104", jwt)).json()) as Json;
    expect(listed.suspended_by.login).toBe("octo-maintainer");
    const since = received.length;
    await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "healthy-lib",
      tags: ["v9.2.0"],
    });
    await control("GET", "deliveries"); // waits for deliveries in flight: there are none
    expect(received.length).toBe(since);
    await control("POST", "apps/tagwatch/installations/51104/unsuspend", {});
    await expectDeliveries(since, ["installation.unsuspend"]);
    expect((await api("/repos/octo-maintainer/classic-cli", token)).status).toBe(200);
  });

  it("an old repository name redirects to the repository's id, which answers as the repository", async () => {
    await control("POST", "reset");
    await control("POST", "repos/octo-maintainer/healthy-lib/rename", { name: "healthy-library" });
    const old = await fetch(
      `${sim.url}/api/v3/repos/octo-maintainer/healthy-lib/releases?per_page=1`,
      {
        headers: { authorization: `Bearer ${MAINTAINER}` },
        redirect: "manual",
      },
    );
    expect(old.status).toBe(301);
    const location = old.headers.get("location") ?? "";
    expect(location).toMatch(/\/api\/v3\/repositories\/\d+\/releases\?per_page=1$/);
    const followed = await fetch(location, { headers: { authorization: `Bearer ${MAINTAINER}` } });
    expect(followed.status).toBe(200);
    expect(((await followed.json()) as Json[]).length).toBe(1);
    const write = await fetch(`${sim.url}/api/v3/repos/octo-maintainer/healthy-lib/issues`, {
      method: "POST",
      headers: { authorization: `Bearer ${MAINTAINER}` },
      body: JSON.stringify({ title: "x" }),
      redirect: "manual",
    });
    expect(write.status).toBe(307);
    const refused = await control("POST", "repos/octo-maintainer/classic-cli/rename", {
      name: "failed-build",
    });
    expect(refused.status).toBe(422);
  });

  it("GraphQL follows a renamed repository's old name unless followRenames is false", async () => {
    await control("POST", "reset");
    await control("POST", "repos/octo-maintainer/healthy-lib/rename", { name: "healthy-library" });
    const query =
      'query ($f: Boolean) { repository(owner: "octo-maintainer", name: "healthy-lib", followRenames: $f) { name } }';
    const followed = await gql(query, {});
    expect(followed.body.data.repository.name).toBe("healthy-library");
    const strict = await gql(query, { f: false });
    expect(strict.body.errors[0].type).toBe("NOT_FOUND");
  });

  it("a transferred private repository redirects only for who can see it", async () => {
    await control("POST", "reset");
    await control("POST", "repos/octo-maintainer/private-service/transfer", {
      owner: "release-lab",
    });
    const old = (token: string) =>
      fetch(`${sim.url}/api/v3/repos/octo-maintainer/private-service`, {
        headers: { authorization: `Bearer ${token}` },
        redirect: "manual",
      });
    expect((await old(MAINTAINER)).status).toBe(301);
    // A collaborator stays one; someone without access learns nothing.
    expect((await old("sim_token_tagwatch-bot")).status).toBe(301);
    expect((await old(READER)).status).toBe(404);
  });

  it("a repository transferred away leaves the old account's installation, also when it comes back", async () => {
    await control("POST", "reset");
    await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["draft-app", "bulk-tags"],
    });
    const listed = async () => {
      const apps = (await control("GET", "apps")).body.apps as Json[];
      return apps
        .find((app) => app.slug === "tagwatch")
        .installations.find((installation: Json) => installation.account === "release-lab")
        .repositories;
    };
    expect(await listed()).toEqual(["release-lab/draft-app", "release-lab/bulk-tags"]);
    await control("POST", "repos/release-lab/draft-app/transfer", { owner: "octo-maintainer" });
    const back = await control("POST", "repos/octo-maintainer/draft-app/transfer", {
      owner: "release-lab",
    });
    expect(back.body).toMatchObject({ owner: "release-lab", name: "draft-app" });
    expect(await listed()).toEqual(["release-lab/bulk-tags"]);
  });
});
