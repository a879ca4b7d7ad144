import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

// The webhook receiver on its own: signature, once per delivery, which events lead to watching.
// (The watching itself runs against the simulator in tests/e2e/watch.spec.ts.)

const SECRET = "unit-webhook-secret";
let receiveWebhook: typeof import("@/lib/github/webhooks").receiveWebhook;
let getStore: typeof import("@/lib/store").getStore;
let hashedKey: typeof import("@/lib/store/shared-cache").hashedKey;

beforeAll(async () => {
  Object.assign(process.env, {
    GITHUB_APP_ID: "1104",
    GITHUB_APP_PRIVATE_KEY:
      "-----BEGIN RSA PRIVATE KEY-----\\nnot-used-here\\n-----END RSA PRIVATE KEY-----",
    GITHUB_APP_WEBHOOK_SECRET: SECRET,
  });
  ({ receiveWebhook } = await import("@/lib/github/webhooks"));
  ({ getStore } = await import("@/lib/store"));
  ({ hashedKey } = await import("@/lib/store/shared-cache"));
});

function delivery(name: string, body: unknown, id: string, secret = SECRET) {
  const payload = JSON.stringify(body);
  const signature = `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;
  return { id, name, signature, payload };
}

const tagPush = {
  ref: "refs/tags/v1.2.0",
  deleted: false,
  repository: { full_name: "octo/cli" },
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
    const seen = JSON.parse((await getStore().get(`watch:seen:${hashedKey("octo/cli")}`)) ?? "{}");
    expect(Object.keys(seen)).toContain("v1.2.0");
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
          repositories_added: [{ full_name: "octo/lib" }],
          repositories_removed: [],
        },
        "d-4",
      ),
    );
    expect(result.watching).toEqual(["octo/lib"]);
    expect(await getStore().get(`watch:since:${hashedKey("octo/lib")}`)).not.toBeNull();
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
});
