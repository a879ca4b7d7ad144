import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { configureTestApp } from "./app-env";

// The webhook receiver on its own: signature, once per delivery, which events lead to watching.
// (The watching itself runs against the simulator in tests/e2e/watch.spec.ts.)

const SECRET = "unit-webhook-secret";
let receiveWebhook: typeof import("@/lib/watch/webhooks").receiveWebhook;
let getStore: typeof import("@/lib/store").getStore;
let state: typeof import("@/lib/watch/state");

beforeAll(async () => {
  configureTestApp(SECRET);
  ({ receiveWebhook } = await import("@/lib/watch/webhooks"));
  ({ getStore } = await import("@/lib/store"));
  state = await import("@/lib/watch/state");
});

function delivery(name: string, body: unknown, id: string, secret = SECRET) {
  const payload = JSON.stringify(body);
  const signature = `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;
  return { id, name, signature, payload };
}

const tagPush = {
  ref: "refs/tags/v1.2.0",
  deleted: false,
  repository: { full_name: "octo/cli", node_id: "R_cli" },
  installation: { id: 7 },
};

describe("webhook deliveries", () => {
  it("refuses a delivery without a signature or with a wrong one, recording nothing", async () => {
    await expect(
      receiveWebhook({ ...delivery("push", tagPush, "d-1"), signature: null }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(
      receiveWebhook(delivery("push", tagPush, "d-1", "another-secret")),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await getStore().get("webhook:delivery:d-1")).toBeNull();
  });

  it("watches the repository of a tag push, and does nothing for the same delivery again", async () => {
    const first = await receiveWebhook(delivery("push", tagPush, "d-2"));
    expect(first).toMatchObject({ duplicate: false, watching: ["octo/cli"] });
    expect(first.work).not.toBeNull();
    const again = await receiveWebhook(delivery("push", tagPush, "d-2"));
    expect(again).toMatchObject({ duplicate: true, watching: [], work: null });
  });

  it("remembers when the tag's push arrived (its grace period starts then)", async () => {
    // A repository of its own: the test does not lean on another one's delivery.
    const push = {
      ...tagPush,
      ref: "refs/tags/v2.0.0",
      repository: { full_name: "octo/app", node_id: "R_app" },
    };
    const before = Date.now();
    await receiveWebhook(delivery("push", push, "d-seen"));
    const after = Date.now();
    const seen = await state.getTagsSeen("R_app");
    expect(Object.keys(seen)).toEqual(["v2.0.0"]);
    // The delivery's arrival: between the test's two readings of the clock.
    const at = Date.parse(seen["v2.0.0"] ?? "");
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it("a branch push only refreshes the cached view", async () => {
    const result = await receiveWebhook(
      delivery("push", { ...tagPush, ref: "refs/heads/main" }, "d-3"),
    );
    expect(result).toMatchObject({ duplicate: false, watching: [], work: null });
  });

  it("repositories added to the installation are watched from now on", async () => {
    const result = await receiveWebhook(
      delivery(
        "installation_repositories",
        {
          action: "added",
          installation: { id: 7 },
          repositories_added: [{ full_name: "octo/lib", node_id: "R_lib" }],
          repositories_removed: [],
        },
        "d-4",
      ),
    );
    expect(result.watching).toEqual(["octo/lib"]);
    expect(await state.getWatchStartedAt("R_lib")).toBeInstanceOf(Date);
  });

  it("a finished release run is watched; a requested one is not", async () => {
    const run = (action: string, id: string) =>
      receiveWebhook(
        delivery(
          "workflow_run",
          { action, workflow_run: {}, repository: tagPush.repository, installation: { id: 7 } },
          id,
        ),
      );
    expect((await run("requested", "d-5")).watching).toEqual([]);
    expect((await run("completed", "d-6")).watching).toEqual(["octo/cli"]);
  });

  it("a tag created (create event) is watched and its arrival remembered; a branch is not", async () => {
    const create = (refType: string, ref: string, id: string) =>
      receiveWebhook(
        delivery(
          "create",
          {
            ref,
            ref_type: refType,
            repository: { full_name: "octo/tool", node_id: "R_tool" },
            installation: { id: 7 },
          },
          id,
        ),
      );
    expect((await create("branch", "feature", "d-7")).watching).toEqual([]);
    expect((await create("tag", "v3.0.0", "d-8")).watching).toEqual(["octo/tool"]);
    expect(Object.keys(await state.getTagsSeen("R_tool"))).toEqual(["v3.0.0"]);
  });

  it("a release is watched", async () => {
    const result = await receiveWebhook(
      delivery(
        "release",
        {
          action: "published",
          release: {},
          repository: tagPush.repository,
          installation: { id: 7 },
        },
        "d-9",
      ),
    );
    expect(result.watching).toEqual(["octo/cli"]);
  });

  it("a new installation is watched ten repositories at a time; the sweep does the rest", async () => {
    const repositories = Array.from({ length: 12 }, (_, index) => ({
      full_name: `octo/r${index}`,
      node_id: `R_r${index}`,
    }));
    const result = await receiveWebhook(
      delivery(
        "installation",
        { action: "created", installation: { id: 8 }, repositories },
        "d-10",
      ),
    );
    expect(result.watching).toEqual(repositories.slice(0, 10).map((entry) => entry.full_name));
    expect(await state.getWatchStartedAt("R_r11")).toBeInstanceOf(Date);
  });

  it("a signed body that is not JSON is a 400, and the delivery is not recorded", async () => {
    const signed = delivery("push", tagPush, "d-11");
    const payload = "not json";
    const signature = `sha256=${createHmac("sha256", SECRET).update(payload).digest("hex")}`;
    await expect(receiveWebhook({ ...signed, payload, signature })).rejects.toMatchObject({
      code: "invalid-input",
    });
    expect(await getStore().get("webhook:delivery:d-11")).toBeNull();
  });

  it("a signed payload its event cannot be read from is a 400, and a redelivery is handled afresh", async () => {
    await expect(
      receiveWebhook(delivery("push", { ref: "refs/tags/v1" }, "d-12")),
    ).rejects.toMatchObject({
      code: "invalid-input",
    });
    expect(await getStore().get("webhook:delivery:d-12")).toBeNull();
  });
});
