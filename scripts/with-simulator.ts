// Starts the GitHub simulator and the production build of tagwatch in one process, wired together
// through the GITHUB_* URLs exactly as a deployment would be. Used by `npm run demo` and the e2e
// suite. With SIM_URL set, it uses that simulator instead of starting one (the benchmark does).
import { randomBytes } from "node:crypto";
import { addDemoChannel } from "./demo-channel";
import { startAppServer } from "./start";

export type ServeOptions = {
  appPort: number;
  simPort: number;
  simUrl?: string;
  latencyMs?: number;
  runStepMs?: number;
  /** Point the simulator's tagwatch App webhook at the app (the demo); tests do it themselves. */
  hook?: boolean;
};

type AppCredentials = { appId: number; slug: string; privateKey: string; webhookSecret: string };

/** Watch mode with the simulator's demo App, when the scenario has one. */
async function configureWatch(simulatorUrl: string, appUrl: string, hook: boolean) {
  const response = await fetch(`${simulatorUrl}/_simulator/apps/tagwatch/credentials`).catch(
    () => null,
  );
  if (!response?.ok) return false;
  const credentials = (await response.json()) as AppCredentials;
  Object.assign(process.env, {
    GITHUB_APP_ID: String(credentials.appId),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKey,
    GITHUB_APP_WEBHOOK_SECRET: credentials.webhookSecret,
    GITHUB_APP_SLUG: credentials.slug,
  });
  if (hook) {
    await fetch(`${simulatorUrl}/_simulator/apps/tagwatch/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: `${appUrl}/api/github/webhooks` }),
    });
  }
  return true;
}

export async function serve(options: ServeOptions) {
  let simulatorUrl = options.simUrl;
  let closeSimulator = async () => {};
  if (!simulatorUrl) {
    const { startSimulator } = await import("../simulator/server");
    const simulator = await startSimulator({
      port: options.simPort,
      latencyMs: options.latencyMs,
      runStepMs: options.runStepMs,
    });
    simulatorUrl = simulator.url;
    closeSimulator = simulator.close;
  }
  const appUrl = `http://localhost:${options.appPort}`;
  Object.assign(process.env, {
    NODE_ENV: "production",
    NEXTAUTH_URL: appUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("hex"),
    AUTH_GITHUB_ID: "tagwatch-demo",
    AUTH_GITHUB_SECRET: "tagwatch-demo-secret",
    GITHUB_SERVER_URL: simulatorUrl,
    // The GitHub Enterprise Server layout, so that path is exercised too.
    GITHUB_API_URL: `${simulatorUrl}/api/v3`,
    GITHUB_GRAPHQL_URL: `${simulatorUrl}/api/graphql`,
    GITHUB_TOKEN: process.env.TAGWATCH_BADGE_TOKEN ?? "sim_token_tagwatch-bot",
    // Notification channels may post to the simulator's message sink on this machine.
    TAGWATCH_ALLOW_LOCAL_WEBHOOKS: "1",
  });
  // TAGWATCH_WITHOUT_APP=1: tagwatch as deployed without watch mode (the scale bench compares).
  const watching =
    process.env.TAGWATCH_WITHOUT_APP !== "1" &&
    (await configureWatch(simulatorUrl, appUrl, options.hook ?? false));
  const app = await startAppServer({ port: options.appPort, hostname: "localhost" });
  return {
    appUrl,
    simulatorUrl,
    watching,
    async close() {
      await app.close();
      await closeSimulator();
    },
  };
}

export async function main() {
  const running = await serve({
    appPort: Number(process.env.APP_PORT ?? 3000),
    simPort: Number(process.env.SIM_PORT ?? 4010),
    simUrl: process.env.SIM_URL,
    latencyMs: process.env.SIM_LATENCY_MS ? Number(process.env.SIM_LATENCY_MS) : undefined,
    runStepMs: process.env.SIM_RUN_STEP_MS ? Number(process.env.SIM_RUN_STEP_MS) : undefined,
    hook: process.env.TAGWATCH_DEMO_HOOK !== "0",
  });
  console.log(`GitHub simulator: ${running.simulatorUrl}`);
  const hooked = process.env.TAGWATCH_DEMO_HOOK !== "0";
  if (running.watching) {
    console.log(
      `Watch mode is on with the simulator's tagwatch App${hooked ? "; its webhooks reach the app" : ""}.`,
    );
    if (hooked) {
      const channel = await addDemoChannel(running.appUrl, running.simulatorUrl);
      if (channel) console.log(channel);
    }
  }
  console.log(
    `tagwatch is running at ${running.appUrl}  (sign in as octo-maintainer on the simulator's Authorize page)`,
  );
  const stop = () => {
    running.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
