import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { UNUSED_APP_KEY } from "./app-env";

// POST /api/github/webhooks on a deployment that has no GITHUB_APP_WEBHOOK_SECRET: it cannot
// tell GitHub's deliveries from forged ones, so it refuses every delivery, signed or not, and
// records nothing (a later delivery with the same id still counts once the secret is set).

const payload = JSON.stringify({
  ref: "refs/tags/v1.2.0",
  deleted: false,
  repository: { full_name: "octo-maintainer/classic-cli", node_id: "R_classic" },
  installation: { id: 51104 },
});

function delivery(secret: string | null): Request {
  return new Request("http://localhost/api/github/webhooks", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": "delivery-without-secret",
      ...(secret
        ? {
            "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`,
          }
        : {}),
    },
    body: payload,
  });
}

/** The route and the store as a fresh server process with these settings has them. */
async function deployment(settings: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const { POST } = await import("@/app/api/github/webhooks/route");
  const { getStore } = await import("@/lib/store");
  const state = await import("@/lib/watch/state");
  return { POST, getStore, state };
}

describe("the webhook without a webhook secret", () => {
  it.each([
    ["the App configured without its secret", "1104"],
    ["no App at all", undefined],
  ])(
    "%s: every delivery is refused with 404 and a message naming the setting, nothing recorded",
    async (_, appId) => {
      const { POST, getStore, state } = await deployment({
        GITHUB_APP_ID: appId,
        GITHUB_APP_PRIVATE_KEY: appId ? UNUSED_APP_KEY : undefined,
        GITHUB_APP_WEBHOOK_SECRET: undefined,
      });
      for (const secret of ["any-secret", "", null]) {
        const response = await POST(delivery(secret));
        expect(response.status).toBe(404);
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(await response.json()).toEqual({
          error: {
            code: "not-found",
            message:
              "Watch mode's webhook is not configured (GITHUB_APP_WEBHOOK_SECRET is not set).",
          },
        });
      }
      expect(await getStore().get("webhook:delivery:delivery-without-secret")).toBeNull();
      expect(await state.getTagsSeen("R_classic")).toEqual({});
    },
  );
});
