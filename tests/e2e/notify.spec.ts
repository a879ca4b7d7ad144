import type { Page } from "@playwright/test";
import { E2E_CRON_SECRET } from "./constants";
import { APP_URL, clickUntilShown, expect, SIM_URL, Simulator, signIn, test } from "./fixtures";

// Notifications through the browser: an administrator adds a Slack channel on /settings/{owner},
// watch mode posts to the simulator's message sink (answering as Slack does), a non-administrator
// is refused, and a hook that answers 410 pauses its channel. The webhook URLs are secrets the
// leak guard watches for: the app must never send them back.

const WATCH_SCENARIO = "tests/e2e/fixtures/watch-scenario.yaml";
const OWNER = "octo-maintainer";

type SinkMessage = { status: number; accepted: boolean; body: { text?: string } };

async function sinkMessages(simulator: Simulator, name: string): Promise<SinkMessage[]> {
  return (await simulator.call<{ messages: SinkMessage[] }>("GET", `sinks/${name}`)).messages;
}

/** The first line of each message Slack took: "octo-maintainer/heal-cli v1.6.0 did not ship". */
async function postedTitles(simulator: Simulator, name: string): Promise<string[]> {
  return (await sinkMessages(simulator, name))
    .filter((message) => message.accepted)
    .map((message) => (message.body.text ?? "").split(":")[0] ?? "");
}

/** Adds a Slack channel on the settings page, as an administrator does. */
async function addSlackChannel(page: Page, url: string, events: string[]): Promise<void> {
  const form = page.getByRole("form", { name: "Add a channel" });
  await form.getByLabel("Kind").selectOption("slack");
  await form.getByLabel("Webhook URL").fill(url);
  for (const checkbox of await form.getByRole("checkbox").all()) await checkbox.uncheck();
  for (const event of events) await form.getByRole("checkbox", { name: event }).check();
  await form.getByRole("button", { name: "Add channel" }).click();
}

/** Removes every channel of the owner through the page's own API (a test's leftovers stay its own). */
async function removeChannels(fetchAs: Page, owner: string): Promise<void> {
  const listed = await fetchAs.request.get(`${APP_URL}/api/owners/${owner}/notifications`);
  if (!listed.ok()) return;
  const { channels } = (await listed.json()) as { channels: { id: string }[] };
  for (const channel of channels) {
    await fetchAs.request.delete(`${APP_URL}/api/owners/${owner}/notifications/${channel.id}`, {
      headers: { origin: APP_URL },
    });
  }
}

async function pointWebhookAtApp(simulator: Simulator) {
  await simulator.call("POST", "apps/tagwatch/webhook", { url: `${APP_URL}/api/github/webhooks` });
}

test.describe("notifications", () => {
  // Each test starts from the demo scenario (its users and its sink `releases`) unless it says otherwise.
  test.beforeEach(async ({ simulator }) => {
    await simulator.call("POST", "reset", { scenario: "demo" });
  });

  test.afterAll(async ({ leakGuard }) => {
    const simulator = new Simulator(leakGuard.fetch);
    await simulator.call("POST", "apps/tagwatch/webhook", { url: null });
    await simulator.call("POST", "reset", { scenario: "demo" });
  });

  test("an administrator adds a Slack channel; a bot-pushed tag is one tag.unshipped message and, after the self-healing dispatch, one tag.shipped", async ({
    page,
    simulator,
    leakGuard,
  }) => {
    test.slow();
    await simulator.call("POST", "reset", { scenario: WATCH_SCENARIO });
    await simulator.call("PUT", "sinks/e2e-slack", { platform: "slack" });
    await pointWebhookAtApp(simulator);
    const hookUrl = `${SIM_URL}/_simulator/sink/e2e-slack`;
    leakGuard.addSecret(hookUrl, "the Slack channel's webhook URL");

    await signIn(page, OWNER, `/settings/${OWNER}`);
    await expect(page.getByRole("heading", { name: `Notifications for ${OWNER}` })).toBeVisible();
    await removeChannels(page, OWNER);
    await page.reload();
    await addSlackChannel(page, hookUrl, [
      "A tag did not ship (after its grace period)",
      "A tag that did not ship has shipped",
    ]);
    const channel = page.getByRole("article", { name: /^Slack / });
    await expect(channel).toContainText(`${new URL(SIM_URL).host}/…lack`);
    await expect(channel).toContainText("Never delivered yet");

    await channel.getByRole("button", { name: "Send a test message" }).click();
    await expect(channel).toContainText("Delivered");
    expect(await postedTitles(simulator, "e2e-slack")).toEqual([
      "tagwatch can post here for octo-maintainer",
    ]);

    // heal-cli has redispatch: true. Its tag pushed with GITHUB_TOKEN starts no run: tagwatch
    // reports it, dispatches the release workflow, and reports it again once it shipped.
    await simulator.push({
      owner: OWNER,
      repo: "heal-cli",
      by: OWNER,
      withGithubToken: true,
      tags: ["v1.6.0"],
    });
    await expect
      .poll(() => postedTitles(simulator, "e2e-slack"), { timeout: 40_000, intervals: [500] })
      .toContain("octo-maintainer/heal-cli v1.6.0 shipped");
    // Another round, as the cron sweep runs it, finds nothing new to say.
    const swept = await leakGuard.fetch(`${APP_URL}/api/cron/watch`, {
      headers: { authorization: `Bearer ${E2E_CRON_SECRET}` },
    });
    expect(swept.status).toBe(200);
    expect(await postedTitles(simulator, "e2e-slack")).toEqual([
      "tagwatch can post here for octo-maintainer",
      "octo-maintainer/heal-cli v1.6.0 did not ship",
      "octo-maintainer/heal-cli v1.6.0 shipped",
    ]);

    // The page never had the URL back, and says how the last delivery went.
    await page.reload();
    await expect(channel).toContainText("Delivered");
    expect(await page.content()).not.toContain("/_simulator/sink/e2e-slack");
    // Just reloaded: the first click may land before the page hydrated.
    const confirm = page.getByRole("dialog", { name: "Remove this channel?" });
    await clickUntilShown(channel.getByRole("button", { name: "Remove" }), confirm);
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(channel).toHaveCount(0);
  });

  test("a non-administrator is refused, and the page says why", async ({ page }) => {
    await signIn(page, "octo-reader", "/settings/release-lab");
    // The page itself answers 403, as the API does, and says why.
    expect((await page.reload())?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { name: "You cannot change these notifications" }),
    ).toBeVisible();
    await expect(
      page.getByText(
        "You are signed in as octo-reader. Only an organisation's owners on GitHub, or a user for their own account, can set where its notifications go.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("form", { name: "Add a channel" })).toHaveCount(0);
    const refused = await page.request.post(`${APP_URL}/api/owners/release-lab/notifications`, {
      headers: { origin: APP_URL },
      data: { kind: "slack", url: `${SIM_URL}/_simulator/sink/releases`, events: ["tag.shipped"] },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");

    // Another user's account is refused as well.
    expect((await page.goto(`/settings/${OWNER}`))?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { name: "You cannot change these notifications" }),
    ).toBeVisible();
  });

  test("a hook that answers 410 pauses its channel, and the page says so", async ({
    page,
    simulator,
    leakGuard,
  }) => {
    const hookUrl = `${SIM_URL}/_simulator/sink/releases`;
    leakGuard.addSecret(hookUrl, "the Slack channel's webhook URL");
    await signIn(page, OWNER, "/settings/release-lab");
    await removeChannels(page, "release-lab");
    await page.reload();
    await addSlackChannel(page, hookUrl, ["A release run failed"]);
    const channel = page.getByRole("article", { name: /^Slack / });
    await expect(channel).toBeVisible();

    // The channel was archived in Slack: its hook answers 410 channel_is_archived.
    await simulator.call("POST", "sinks/releases/gone", { how: "archived" });
    await channel.getByRole("button", { name: "Send a test message" }).click();
    await expect(channel).toContainText("Paused");
    await expect(channel).toContainText("410 Gone (channel_is_archived)");
    await page.reload();
    await expect(channel).toContainText("Paused");
    await removeChannels(page, "release-lab");
  });
});
