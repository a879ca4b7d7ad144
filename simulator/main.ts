import { startSimulator } from "./server";

// CLI: npx tsx simulator/main.ts [--port 4010] [--scenario demo] [--latency 0] [--run-step 1500]
// (also SIM_PORT, SIM_SCENARIO, SIM_LATENCY_MS, SIM_RUN_STEP_MS).

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index !== -1) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new Error(`Not a number: ${value}`);
  return number;
}

async function main() {
  const simulator = await startSimulator({
    port: numberOf(flag("port") ?? process.env.SIM_PORT) ?? 4010,
    host: flag("host") ?? process.env.SIM_HOST,
    scenario: flag("scenario") ?? process.env.SIM_SCENARIO ?? "demo",
    latencyMs: numberOf(flag("latency") ?? process.env.SIM_LATENCY_MS),
    runStepMs: numberOf(flag("run-step") ?? process.env.SIM_RUN_STEP_MS),
  });
  console.log(`GitHub simulator listening on ${simulator.url}`);
  const stop = () => {
    simulator.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
