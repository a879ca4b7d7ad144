import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { signAppJwt } from "../src/state/app-auth";
import { type Json, simulatorClient } from "./test-client";

const SECRET = "tagwatch-demo-webhook-secret";

type Received = { headers: Record<string, string>; body: string; payload: Json };

let sim: { url: string; port: number; close(): Promise<void> };
const { control } = simulatorClient(() => sim.url);
let receiver: Server;
let hookUrl = "";
let received: Received[] = [];
/** What the receiver answers next; `hold`: nothing until release() (a receiver still busy). */
let answer = { status: 200, hold: false };
const held: (() => void)[] = [];
function release(): void {
  answer.hold = false;
  for (const respond of held.splice(0)) respond();
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 60 });
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
      const respond = () => response.writeHead(answer.status).end("ok");
      if (answer.hold) held.push(respond);
      else respond();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
});
afterAll(async () => {
  release();
  await sim.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  await control("POST", "reset");
  await control("POST", "apps/tagwatch/webhook", { url: hookUrl });
  await control("DELETE", "deliveries");
  received = [];
  answer = { status: 200, hold: false };
});

async function push(body: Record<string, unknown>) {
  return control("POST", "push", { owner: "octo-maintainer", repo: "healthy-lib", ...body });
}

async function until<T>(probe: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every delivery GitHub made so far, once those in flight are done (the control API waits). */
async function delivered(): Promise<Json[]> {
  return (await control("GET", "deliveries")).body.deliveries;
}

const events = () =>
  received.map(
    (hook) =>
      `${hook.headers["x-github-event"]}${hook.payload.action ? `.${hook.payload.action}` : ""}${
        hook.payload.ref ? ` ${hook.payload.ref}` : ""
      }`,
  );

describe("webhook deliveries", () => {
  it("a tag push sends push and create, signed with the App's secret", async () => {
    await push({ tags: ["v3.0.0"] });
    await until(() => received.some((hook) => hook.headers["x-github-event"] === "create"));
    const tagPush = received.find((hook) => hook.payload.ref === "refs/tags/v3.0.0");
    if (!tagPush) throw new Error("no tag push");
    const { headers, payload, body } = tagPush;
    expect(headers["x-hub-signature-256"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    );
    expect(headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
    expect(headers["x-github-hook-installation-target-type"]).toBe("integration");
    expect(headers["x-github-hook-installation-target-id"]).toBe("1104");
    expect(headers["x-github-hook-id"]).toMatch(/^\d+$/);
    expect(payload).toMatchObject({
      ref: "refs/tags/v3.0.0",
      before: "0".repeat(40),
      created: true,
      deleted: false,
      base_ref: "refs/heads/main",
      commits: [],
      installation: { id: 51104 },
      repository: { full_name: "octo-maintainer/healthy-lib", owner: { login: "octo-maintainer" } },
      sender: { login: "octo-maintainer", type: "User" },
      pusher: { name: "octo-maintainer" },
    });
    // Annotated tag: `after` is the tag object, head_commit the commit it points at.
    expect(payload.after).not.toBe(payload.head_commit.id);
    const create = received.find((hook) => hook.headers["x-github-event"] === "create");
    expect(create?.payload).toMatchObject({
      ref: "v3.0.0",
      ref_type: "tag",
      master_branch: "main",
      pusher_type: "user",
      installation: { id: 51104 },
    });
  });

  it("a lightweight tag's push names the commit itself", async () => {
    await push({ tags: ["v3.0.1"], annotated: false });
    const hook = await until(() => received.find((h) => h.payload.ref === "refs/tags/v3.0.1"));
    expect(hook.payload.after).toBe(hook.payload.head_commit.id);
  });

  it("a tag pushed with GITHUB_TOKEN is reported (by github-actions[bot]) but starts no run", async () => {
    const pushed = await push({ tags: ["v3.1.0"], withGithubToken: true });
    expect(pushed.body.runs.filter((run: Json) => run.ref === "v3.1.0")).toEqual([]);
    const hook = await until(() => received.find((h) => h.payload.ref === "refs/tags/v3.1.0"));
    expect(hook.payload.pusher).toEqual({
      name: "github-actions[bot]",
      email: "41898282+github-actions[bot]@users.noreply.github.com",
    });
    expect(hook.payload.sender).toMatchObject({ login: "github-actions[bot]", type: "Bot" });
    const sent = (await delivered()).map((delivery) => delivery.event);
    expect(sent).toContain("create");
    expect(sent).not.toContain("workflow_run");
  });

  it("a tag pushed with an App's installation token starts the release run", async () => {
    const pushed = await push({ tags: ["v3.2.0"], by: "tagwatch[bot]" });
    expect(pushed.body.runs.map((run: Json) => run.ref)).toContain("v3.2.0");
    const hook = await until(() => received.find((h) => h.payload.ref === "refs/tags/v3.2.0"));
    expect(hook.payload.sender).toMatchObject({ login: "tagwatch[bot]", type: "Bot" });
    expect(hook.payload.pusher.name).toBe("tagwatch[bot]");
  });

  it("more than three tags in one push: no push or create event for them", async () => {
    await push({ tags: ["v4.0.0", "v4.0.1", "v4.0.2", "v4.0.3"] });
    // The branch push is delivered; for the tags there is nothing to wait for.
    const refs = (await delivered()).map((delivery) => delivery.request.payload.ref);
    expect(refs).toContain("refs/heads/main");
    expect(refs.filter((ref) => String(ref).includes("v4."))).toEqual([]);
    expect(events().filter((event) => event.includes("v4."))).toEqual([]);
    expect(events().filter((event) => event.startsWith("create"))).toEqual([]);
  });

  it("a release run reports requested, in_progress and completed, then the release", async () => {
    await push({ tags: ["v5.0.0"] });
    await until(() =>
      received.some(
        (hook) =>
          hook.headers["x-github-event"] === "release" && hook.payload.action === "released",
      ),
    );
    const runs = received.filter(
      (hook) =>
        hook.headers["x-github-event"] === "workflow_run" &&
        hook.payload.workflow_run.head_branch === "v5.0.0",
    );
    expect(runs.map((hook) => hook.payload.action)).toEqual([
      "requested",
      "in_progress",
      "completed",
    ]);
    const completed = runs[2]?.payload;
    expect(completed.workflow_run).toMatchObject({
      event: "push",
      status: "completed",
      conclusion: "success",
      path: ".github/workflows/release.yml",
      head_branch: "v5.0.0",
    });
    expect(completed.workflow_run.workflow_id).toBe(completed.workflow.id);
    expect(completed.workflow.path).toBe(".github/workflows/release.yml");
    const release = received.filter((hook) => hook.headers["x-github-event"] === "release");
    expect(release.map((hook) => hook.payload.action)).toEqual([
      "created",
      "published",
      "released",
    ]);
    expect(release[0]?.payload.release).toMatchObject({ tag_name: "v5.0.0", draft: false });
    expect(release[0]?.payload.sender.login).toBe("github-actions[bot]");
  });

  it("repositories the App is not installed on send nothing", async () => {
    const pushed = await control("POST", "push", {
      owner: "octo-maintainer",
      repo: "slow-pipeline",
      tags: ["v9.0.0"],
    });
    expect(pushed.body.runs.map((run: Json) => run.ref)).toContain("v9.0.0");
    expect(await delivered()).toEqual([]);
    expect(received).toEqual([]);
  });

  it("never blocks the action: the push answers while the receiver is still busy", async () => {
    answer = { status: 200, hold: true };
    // The receiver answers nothing until the push has answered: a push that waited for its
    // deliveries would only answer once they timed out.
    const pushed = await push({ tags: ["v6.0.0"] });
    expect(pushed.status).toBe(200);
    release();
    const sent = (await delivered()).filter((delivery) =>
      ["refs/tags/v6.0.0", "v6.0.0"].includes(delivery.request.payload.ref),
    );
    expect(sent.map((delivery) => [delivery.event, delivery.status]).sort()).toEqual([
      ["create", "OK"],
      ["push", "OK"],
    ]);
  });

  it("a failed delivery is not retried; redelivery resends the same GUID", async () => {
    answer = { status: 500, hold: false };
    await push({ tags: ["v7.0.0"] });
    const list = (await control("GET", "deliveries?event=create")).body.deliveries;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "Invalid HTTP Response: 500", status_code: 500 });
    expect(received.filter((hook) => hook.headers["x-github-event"] === "create")).toHaveLength(1);
    answer = { status: 202, hold: false };
    const again = await control("POST", `deliveries/${list[0].id}/redeliver`);
    expect(again.body).toMatchObject({
      guid: list[0].guid,
      redelivery: true,
      status: "OK",
      status_code: 202,
    });
    const creates = received.filter((hook) => hook.headers["x-github-event"] === "create");
    expect(creates).toHaveLength(2);
    expect(creates[1]?.headers["x-github-delivery"]).toBe(creates[0]?.headers["x-github-delivery"]);
    expect(creates[1]?.body).toBe(creates[0]?.body);
  });

  it("the App finds failed deliveries through /app/hook/deliveries and asks for another attempt", async () => {
    answer = { status: 503, hold: false };
    await push({ tags: ["v7.1.0"] });
    await control("GET", "deliveries");
    const jwt = signAppJwt(
      1104,
      readFileSync(path.join(__dirname, "../fixtures/tagwatch-app.test-key.pem"), "utf8"),
    );
    const headers = { authorization: `Bearer ${jwt}`, accept: "application/vnd.github+json" };
    const list = (await (
      await fetch(`${sim.url}/api/v3/app/hook/deliveries`, { headers })
    ).json()) as Json[];
    const failed = list.find((delivery) => delivery.event === "create");
    expect(failed).toMatchObject({ status_code: 503, redelivery: false, action: null });
    const detail = (await (
      await fetch(`${sim.url}/api/v3/app/hook/deliveries/${failed.id}`, { headers })
    ).json()) as Json;
    expect(detail.request.payload.ref).toBe("v7.1.0");
    answer = { status: 200, hold: false };
    const attempt = await fetch(`${sim.url}/api/v3/app/hook/deliveries/${failed.id}/attempts`, {
      method: "POST",
      headers,
    });
    expect(attempt.status).toBe(202);
    const after = (await control("GET", "deliveries?event=create")).body.deliveries;
    expect(after.map((delivery: Json) => [delivery.guid, delivery.status_code])).toEqual([
      [failed.guid, 503],
      [failed.guid, 200],
    ]);
  });

  it("an unreachable hook is recorded as failed", async () => {
    await control("POST", "apps/tagwatch/webhook", { url: "http://127.0.0.1:1/hook" });
    await push({ tags: ["v8.0.0"] });
    const list = (await control("GET", "deliveries?event=create")).body.deliveries;
    expect(list[0]).toMatchObject({ status: "failed to connect", status_code: 0 });
  });

  it("installing and changing the selection send installation and installation_repositories", async () => {
    const created = await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["draft-app"],
    });
    expect(created.status).toBe(201);
    await control("POST", "apps/tagwatch/installations", {
      account: "release-lab",
      repositories: ["draft-app", "bulk-tags"],
    });
    await until(() => received.length >= 2);
    expect(received[0]?.payload).toMatchObject({
      action: "created",
      installation: {
        id: created.body.id,
        account: { login: "release-lab" },
        app_slug: "tagwatch",
      },
      repositories: [{ full_name: "release-lab/draft-app" }],
      sender: { login: "octo-maintainer" },
    });
    expect(received[1]?.headers["x-github-event"]).toBe("installation_repositories");
    expect(received[1]?.payload).toMatchObject({
      action: "added",
      repository_selection: "selected",
      repositories_added: [{ full_name: "release-lab/bulk-tags" }],
      repositories_removed: [],
    });
    await control("DELETE", `apps/tagwatch/installations/${created.body.id}`);
    await until(() => received.length >= 3);
    expect(received[2]?.payload).toMatchObject({ action: "deleted" });
  });

  it("the hook URL survives a reset", async () => {
    await control("POST", "reset");
    await push({ tags: ["v9.1.0"] });
    await until(() => received.some((hook) => hook.payload.ref === "refs/tags/v9.1.0"));
  });
});
