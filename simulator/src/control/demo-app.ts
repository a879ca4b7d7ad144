// For scripts and tests (a client of the control API), never for the app: the settings that make
// tagwatch run as the simulator's demo GitHub App, and the App's webhook pointed at tagwatch.

export type WatchDemoSettings = {
  GITHUB_APP_ID: string;
  GITHUB_APP_PRIVATE_KEY: string;
  GITHUB_APP_WEBHOOK_SECRET: string;
  GITHUB_APP_SLUG: string;
};

/** Reads the App's credentials from the control API and points its webhook at `webhookUrl`. */
export async function configureWatchDemo(
  simulatorUrl: string,
  webhookUrl: string,
  slug = "tagwatch",
): Promise<WatchDemoSettings> {
  const response = await fetch(`${simulatorUrl}/_simulator/apps/${slug}/credentials`);
  if (!response.ok) throw new Error(`The simulator has no App ${slug} (HTTP ${response.status})`);
  const credentials = (await response.json()) as {
    appId: number;
    privateKey: string;
    webhookSecret: string | null;
    slug: string;
  };
  const hook = await fetch(`${simulatorUrl}/_simulator/apps/${slug}/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: webhookUrl }),
  });
  if (!hook.ok) throw new Error(`Could not set the ${slug} webhook (HTTP ${hook.status})`);
  return {
    GITHUB_APP_ID: String(credentials.appId),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKey,
    GITHUB_APP_WEBHOOK_SECRET: credentials.webhookSecret ?? "",
    GITHUB_APP_SLUG: credentials.slug,
  };
}
