import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { configureTestApp } from "./app-env";

// A correctly signed delivery whose payload lacks what its event always carries: a 400 naming the
// field, before anything is acted on (nothing recorded, no repository marked watched); an event
// tagwatch does not handle is accepted unread.

const SECRET = "unit-webhook-payload-secret";
let receiveWebhook: typeof import("@/lib/watch/webhooks").receiveWebhook;
let getStore: typeof import("@/lib/store").getStore;
let isWatched: typeof import("@/lib/store/cache-policy").isWatched;
let assertPayloadOf: typeof import("@/lib/watch/webhook-payloads").assertPayloadOf;

beforeAll(async () => {
  configureTestApp(SECRET);
  ({ receiveWebhook } = await import("@/lib/watch/webhooks"));
  ({ getStore } = await import("@/lib/store"));
  ({ isWatched } = await import("@/lib/store/cache-policy"));
  ({ assertPayloadOf } = await import("@/lib/watch/webhook-payloads"));
});

/** GitHub's own example payloads (@octokit/openapi-webhooks, extracted for the simulator's checks). */
const EXAMPLES = JSON.parse(
  readFileSync(
    new URL("../../../simulator/openapi/webhook-examples.json", import.meta.url),
    "utf8",
  ),
).examples as Record<string, object[]>;

function signed(name: string, body: unknown, id: string) {
  const payload = JSON.stringify(body);
  const signature = `sha256=${createHmac("sha256", SECRET).update(payload).digest("hex")}`;
  return { id, name, signature, payload };
}

const repository = { full_name: "octo/broken", node_id: "R_broken" };
const installation = { id: 7 };

/** Each handled event with one field its handler reads taken away, and that field's path. */
const MALFORMED: { event: string; payload: Record<string, unknown>; field: string }[] = [
  { event: "push", payload: { deleted: false, repository, installation }, field: "ref" },
  {
    event: "push",
    payload: { ref: "refs/tags/v1.0.0", deleted: false, repository: { node_id: "R_broken" } },
    field: "repository.full_name",
  },
  { event: "create", payload: { ref: "v1.0.0", repository, installation }, field: "ref_type" },
  {
    event: "workflow_run",
    payload: { action: "completed", installation },
    field: "repository",
  },
  {
    event: "release",
    payload: { action: "published", repository: {} },
    field: "repository.full_name",
  },
  {
    event: "release",
    payload: { action: "published", repository, installation: { id: "7" } },
    field: "installation.id",
  },
  {
    event: "installation",
    payload: { action: "suspend", repositories: [repository] },
    field: "installation",
  },
  {
    event: "installation_repositories",
    payload: { action: "added", installation, repositories_removed: [] },
    field: "repositories_added",
  },
  {
    event: "repository",
    payload: {
      action: "renamed",
      repository: { ...repository, name: "broken", owner: { login: "octo" } },
      installation,
    },
    field: "changes",
  },
  {
    event: "repository",
    payload: {
      action: "transferred",
      repository: { ...repository, name: "broken", owner: { login: "octo" } },
      changes: { owner: {} },
    },
    field: "changes.owner.from",
  },
  {
    event: "repository",
    payload: { action: "renamed", repository, changes: { repository: { name: { from: "old" } } } },
    field: "repository.name",
  },
  {
    event: "github_app_authorization",
    payload: { action: "revoked", sender: {} },
    field: "sender.id",
  },
];

describe("webhook payloads checked before acting", () => {
  MALFORMED.forEach(({ event, payload, field }, index) => {
    it(`a signed ${event}${payload.action ? `.${payload.action}` : ""} without ${field}: 400 naming it, nothing acted on`, async () => {
      const id = `malformed-${index}`;
      const answer = receiveWebhook(signed(event, payload, id));
      await expect(answer).rejects.toMatchObject({ code: "invalid-input", status: 400 });
      await expect(answer).rejects.toThrow(new RegExp(` ${field.replace(/\./g, "\\.")}: `));
      expect(await getStore().get(`webhook:delivery:${id}`)).toBeNull();
      expect(await isWatched("octo", "broken")).toBe(false);
    });
  });

  it("every example payload GitHub publishes for the events tagwatch handles passes the checks", () => {
    const checked = Object.entries(EXAMPLES).flatMap(([key, payloads]) =>
      payloads.map((payload) => {
        assertPayloadOf(key.split(".")[0] as string, payload);
        return key;
      }),
    );
    expect(checked).toEqual(
      expect.arrayContaining(["push", "repository.renamed", "installation.suspend"]),
    );
  });

  it("an event tagwatch does not handle is accepted unread, whatever its payload", async () => {
    const result = await receiveWebhook(signed("star", { action: "created" }, "unhandled-1"));
    expect(result).toMatchObject({ event: "star", duplicate: false, watching: [], work: null });
  });

  it("a repository action tagwatch ignores needs no changes", async () => {
    const result = await receiveWebhook(
      signed(
        "repository",
        {
          action: "edited",
          repository: { ...repository, name: "broken", owner: { login: "octo" } },
        },
        "ignored-1",
      ),
    );
    expect(result).toMatchObject({ event: "repository", duplicate: false, watching: [] });
  });
});
