// The demo's notification channel: octo-maintainer adds the simulator's Slack-like hook
// (scenario sink `releases`) on the notifications page's API, as a person would on
// /settings/octo-maintainer, so a bot-pushed tag in a watched repository is announced there.
import { signIn } from "./bench/github";
import { fetchWithJar } from "./bench/http";

const OWNER = "octo-maintainer";
const SINK = "releases";

/** Adds the demo channel; a sentence saying where its messages show, or null when the scenario has no sink. */
export async function addDemoChannel(appUrl: string, simulatorUrl: string): Promise<string | null> {
  const sink = await fetch(`${simulatorUrl}/_simulator/sinks/${SINK}`).catch(() => null);
  if (!sink?.ok) return null;
  const jar = await signIn(appUrl, OWNER);
  const response = await fetchWithJar(`${appUrl}/api/owners/${OWNER}/notifications`, jar, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({
      kind: "slack",
      url: `${simulatorUrl}/_simulator/sink/${SINK}`,
      events: ["tag.unshipped", "tag.dispatched", "tag.shipped", "run.failed"],
    }),
  });
  // 409: a shared store kept the channel from an earlier start (one channel per address).
  if (response.status !== 201 && response.status !== 409) {
    throw new Error(
      `Adding the demo's notification channel: HTTP ${response.status} ${await response.text()}`,
    );
  }
  return `Notifications: ${OWNER}'s Slack-like channel is the simulator's message sink, ${simulatorUrl}/_simulator/sink (settings: ${appUrl}/settings/${OWNER}).`;
}
