import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { signAppJwt } from "../src/state/app-auth";
import { type Json, simulatorClient } from "./test-client";

const MAINTAINER = "sim_token_octo-maintainer";

let sim: { url: string; port: number; close(): Promise<void> };
const { control } = simulatorClient(() => sim.url);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control("POST", "reset");
  await control("DELETE", "deliveries");
});

async function form(pathname: string, fields: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  const response = await fetch(`${sim.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: params.toString(),
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    html: await response.text(),
  };
}

async function api(method: string, pathname: string, token: string | null) {
  const response = await fetch(`${sim.url}/api/v3${pathname}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
}

const MANIFEST = {
  name: "tagwatch for Mona",
  url: "http://localhost:3000",
  hook_attributes: { url: "http://127.0.0.1:1/api/github/webhooks" },
  redirect_url: "http://localhost:3000/setup/callback",
  setup_url: "http://localhost:3000/setup/installed",
  public: false,
  default_permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
  default_events: ["push", "create", "workflow_run", "release"],
};

async function createFromManifest(): Promise<{ code: string; state: string | null }> {
  const page = await form("/settings/apps/new?state=s-123", { manifest: JSON.stringify(MANIFEST) });
  expect(page.status).toBe(200);
  expect(page.html).toContain("Create GitHub App for you");
  expect(page.html).toContain("octo-maintainer");
  const confirmed = await form("/settings/apps/new/confirm", {
    manifest: JSON.stringify(MANIFEST),
    state: "s-123",
    name: MANIFEST.name,
    login: "octo-maintainer",
  });
  expect(confirmed.status).toBe(302);
  const location = new URL(confirmed.location ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(MANIFEST.redirect_url);
  return {
    code: location.searchParams.get("code") ?? "",
    state: location.searchParams.get("state"),
  };
}

describe("App Manifest flow", () => {
  it("creates the App, then converts the code once into its credentials", async () => {
    const { code, state } = await createFromManifest();
    expect(state).toBe("s-123");
    const converted = await api("POST", `/app-manifests/${code}/conversions`, null);
    expect(converted.status).toBe(201);
    expect(converted.body).toMatchObject({
      slug: "tagwatch-for-mona",
      name: "tagwatch for Mona",
      owner: { login: "octo-maintainer" },
      permissions: { contents: "read", actions: "write", issues: "write", metadata: "read" },
      events: ["push", "create", "workflow_run", "release"],
    });
    expect(converted.body.pem).toContain("BEGIN RSA PRIVATE KEY");
    for (const field of ["client_id", "client_secret", "webhook_secret", "node_id", "html_url"])
      expect(typeof converted.body[field]).toBe("string");
    expect((await api("POST", `/app-manifests/${code}/conversions`, null)).status).toBe(404);
    const app = await api("GET", "/app", signAppJwt(converted.body.id, converted.body.pem));
    expect(app.body).toMatchObject({ slug: "tagwatch-for-mona", installations_count: 0 });
    // A reset starts the scenario over: the App is gone.
    await control("POST", "reset");
    expect(
      (await api("GET", "/app", signAppJwt(converted.body.id, converted.body.pem))).status,
    ).toBe(401);
  });

  it("an unknown code is a 404, and a second App with the same name is refused", async () => {
    expect((await api("POST", "/app-manifests/nope/conversions", null)).status).toBe(404);
    await createFromManifest();
    const again = await form("/settings/apps/new/confirm", {
      manifest: JSON.stringify(MANIFEST),
      name: MANIFEST.name,
      login: "octo-maintainer",
    });
    expect(again.status).toBe(422);
  });

  it("an organisation's App is created by one of its admins", async () => {
    const page = await form("/organizations/release-lab/settings/apps/new", {
      manifest: JSON.stringify({ ...MANIFEST, name: "lab watch" }),
    });
    expect(page.html).toContain("Create GitHub App for release-lab");
    const refused = await form("/settings/apps/new/confirm", {
      manifest: JSON.stringify({ ...MANIFEST, name: "lab watch" }),
      org: "release-lab",
      login: "octo-reader",
    });
    expect(refused.status).toBe(403);
  });

  it("a bad manifest is refused", async () => {
    expect((await form("/settings/apps/new", { manifest: "{" })).status).toBe(400);
    expect((await form("/settings/apps/new", { manifest: "{}" })).status).toBe(400);
  });

  it("installing from the App's page creates an installation and tells the App", async () => {
    const { code } = await createFromManifest();
    const app = (await api("POST", `/app-manifests/${code}/conversions`, null)).body;
    const accounts = await fetch(`${sim.url}/apps/${app.slug}/installations/new`);
    expect(await accounts.text()).toContain("octo-maintainer");
    const mona = (await api("GET", "/users/octo-maintainer", MAINTAINER)).body;
    const healthy = (await api("GET", "/repos/octo-maintainer/healthy-lib", MAINTAINER)).body;
    const pagePath = `/apps/${app.slug}/installations/new/permissions?target_id=${mona.id}`;
    const page = await fetch(`${sim.url}${pagePath}`);
    expect(await page.text()).toContain("healthy-lib");
    const installed = await form(pagePath, {
      repository_selection: "selected",
      "repository_ids[]": [String(healthy.id)],
      login: "octo-maintainer",
    });
    expect(installed.status).toBe(302);
    const setup = new URL(installed.location ?? "");
    expect(`${setup.origin}${setup.pathname}`).toBe(MANIFEST.setup_url);
    expect(setup.searchParams.get("setup_action")).toBe("install");
    const installationId = Number(setup.searchParams.get("installation_id"));
    const jwt = signAppJwt(app.id, app.pem);
    expect((await api("GET", "/repos/octo-maintainer/healthy-lib/installation", jwt)).body.id).toBe(
      installationId,
    );
    const pings = (await control("GET", "deliveries?event=ping")).body.deliveries;
    expect(pings).toHaveLength(1);
    expect(pings[0].request.payload).toMatchObject({ hook: { type: "App", app_id: app.id } });
    const deliveries = (await control("GET", "deliveries?event=installation")).body.deliveries;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      app: app.slug,
      action: "created",
      status: "failed to connect",
    });
    expect(deliveries[0].request.payload.repositories).toEqual([
      expect.objectContaining({ full_name: "octo-maintainer/healthy-lib" }),
    ]);
  });
});

describe("repository page controls", () => {
  it("shows who watches the repository and pushes the next tag as github-actions[bot]", async () => {
    const page = await (await fetch(`${sim.url}/octo-maintainer/classic-cli`)).text();
    expect(page).toContain("Watched by");
    expect(page).toContain("Push v0.1.3 as github-actions[bot]");
    const pushed = await fetch(
      `${sim.url}/_simulator/push-next-tag?owner=octo-maintainer&repo=classic-cli&return=page`,
      { method: "POST", redirect: "manual" },
    );
    expect(pushed.status).toBe(303);
    expect(pushed.headers.get("location")).toBe("/octo-maintainer/classic-cli");
    const tags = (await api("GET", "/repos/octo-maintainer/classic-cli/tags", MAINTAINER)).body;
    expect(tags.map((tag: Json) => tag.name)).toContain("v0.1.3");
    const json = await control("POST", "push-next-tag", {
      owner: "octo-maintainer",
      repo: "classic-cli",
    });
    expect(json.body).toMatchObject({
      tags: ["v0.1.4"],
      runs: [],
      started: false,
      skipped: expect.arrayContaining([{ ref: "v0.1.4", reason: "github-token" }]),
    });
  });
});
