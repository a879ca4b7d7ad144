import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/notify/address";
import { checkRepositoryGlobs } from "@/lib/notify/channels";
import { checkWebhookUrl, maskUrl } from "@/lib/notify/webhook-url";

// Which URLs a channel may post to. The resolver is passed in: a name's addresses decide, not
// the name.

const resolvingTo =
  (...addresses: string[]) =>
  async () =>
    addresses;
/** A public address (Google Cloud). */
const PUBLIC = resolvingTo("34.120.44.9");

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
}

describe("checkWebhookUrl", () => {
  it("accepts each platform's own https hosts", async () => {
    for (const [kind, url] of [
      ["slack", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX"],
      ["discord", "https://discord.com/api/webhooks/123/abcDEF"],
      [
        "teams",
        "https://prod-27.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x",
      ],
      ["webhook", "https://hooks.example.org/tagwatch"],
    ] as const) {
      expect((await checkWebhookUrl(kind, url, { allowLocal: false, resolve: PUBLIC })).href).toBe(
        new URL(url).href,
      );
    }
  });

  it("refuses another host for a platform, http, and credentials in the URL", async () => {
    const options = { allowLocal: false, resolve: PUBLIC };
    expect(
      await refusal(
        checkWebhookUrl("slack", "https://hooks.slack.com.evil.example/services/x", options),
      ),
    ).toBe(
      "url: hooks.slack.com.evil.example is not a Slack webhook host. Slack webhook URLs look like https://hooks.slack.com/services/…",
    );
    expect(
      await refusal(
        checkWebhookUrl("teams", "https://acme.webhook.office.com/webhookb2/x", options),
      ),
    ).toMatch(/not a Microsoft Teams webhook host/);
    expect(await refusal(checkWebhookUrl("webhook", "http://hooks.example.org/x", options))).toBe(
      "url: tagwatch posts to https:// URLs only.",
    );
    expect(await refusal(checkWebhookUrl("webhook", "ftp://hooks.example.org/x", options))).toBe(
      "url: tagwatch posts to https:// URLs only.",
    );
    expect(
      await refusal(checkWebhookUrl("webhook", "https://user:pw@hooks.example.org/x", options)),
    ).toMatch(/no user name or password/);
    expect(await refusal(checkWebhookUrl("webhook", "not a url", options))).toMatch(/not a URL/);
  });

  it("refuses names that resolve to private, loopback or link-local addresses, or some of each", async () => {
    for (const addresses of [
      ["127.0.0.1"],
      ["10.1.2.3"],
      ["192.168.0.10"],
      ["172.16.5.4"],
      ["169.254.169.254"],
      ["100.64.0.1"],
      ["::1"],
      ["fe80::1"],
      ["fd12:3456::1"],
      ["::ffff:127.0.0.1"],
      ["0.0.0.0"],
      ["34.120.44.9", "10.0.0.1"],
    ]) {
      const message = await refusal(
        checkWebhookUrl("webhook", "https://innocent.example.org/hook", {
          allowLocal: false,
          resolve: resolvingTo(...addresses),
        }),
      );
      expect(message, addresses.join(",")).toMatch(
        /resolves to a private, loopback or link-local address/,
      );
    }
    // An IP literal is its own address.
    expect(
      await refusal(checkWebhookUrl("webhook", "https://[::1]/hook", { allowLocal: false })),
    ).toMatch(/private, loopback or link-local/);
  });

  it("with TAGWATCH_ALLOW_LOCAL_WEBHOOKS, takes http and local addresses for every kind, but not other public hosts", async () => {
    const local = { allowLocal: true, resolve: resolvingTo("127.0.0.1") };
    expect(
      (await checkWebhookUrl("slack", "http://127.0.0.1:4010/_simulator/sink/x", local)).host,
    ).toBe("127.0.0.1:4010");
    expect(
      await refusal(
        checkWebhookUrl("slack", "https://chat.example.org/hook", {
          allowLocal: true,
          resolve: PUBLIC,
        }),
      ),
    ).toMatch(/not a Slack webhook host/);
    expect(
      await refusal(
        checkWebhookUrl("webhook", "http://hooks.example.org/x", {
          allowLocal: true,
          resolve: PUBLIC,
        }),
      ),
    ).toMatch(/https:\/\/ URLs only/);
  });

  it("says so when the name does not resolve", async () => {
    const failing = async () => {
      throw new Error("ENOTFOUND");
    };
    expect(
      await refusal(
        checkWebhookUrl("webhook", "https://nowhere.invalid/x", {
          allowLocal: false,
          resolve: failing,
        }),
      ),
    ).toBe("url: tagwatch could not resolve nowhere.invalid. Check the host name.");
  });
});

describe("isPublicAddress", () => {
  it("is true for public unicast only", () => {
    expect(isPublicAddress("34.120.44.9")).toBe(true);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
    expect(isPublicAddress("224.0.0.1")).toBe(false);
    expect(isPublicAddress("64:ff9b::7f00:1")).toBe(false);
    expect(isPublicAddress("not an address")).toBe(false);
  });
});

describe("maskUrl", () => {
  it("shows the host and the last 4 characters, nothing of the path's secret", () => {
    const url = "https://hooks.slack.com/services/T0A1B2C3D/B4E5F6G7H/Zx9SecretTokenQ1w2";
    expect(maskUrl(url)).toBe("hooks.slack.com/…Q1w2");
    expect(maskUrl(url)).not.toContain("Secret");
  });
});

describe("checkRepositoryGlobs", () => {
  it("keeps owner/name globs of the owner, trimmed and without repeats", () => {
    expect(checkRepositoryGlobs("acme", [" acme/* ", "acme/cli-*", "acme/*", ""])).toEqual([
      "acme/*",
      "acme/cli-*",
    ]);
    expect(checkRepositoryGlobs("Acme", ["acme/rocket", "*/rocket"])).toEqual([
      "acme/rocket",
      "*/rocket",
    ]);
  });

  it("refuses other owners and what is not owner/name", () => {
    expect(() => checkRepositoryGlobs("acme", ["other/*"])).toThrow(/names another owner/);
    expect(() => checkRepositoryGlobs("acme", ["rocket"])).toThrow(/not an owner\/name pattern/);
    expect(() => checkRepositoryGlobs("acme", ["acme/a/b"])).toThrow(/not an owner\/name pattern/);
    expect(() => checkRepositoryGlobs("acme", ["acme/<script>"])).toThrow(
      /not an owner\/name pattern/,
    );
  });
});
