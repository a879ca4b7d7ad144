import { randomBytes } from "node:crypto";
import { type RedisServer, startRedisServer } from "../redis-server";
import { type SimulatorControl, signIn } from "./github";
import { timedGet } from "./http";
import { type Child, freePort, startTsx, stop, waitForHttp } from "./processes";
import type { TwoInstanceRound, TwoInstances } from "./types";

// Two instances of tagwatch behind one load balancer, as on Vercel: first without a shared store
// (each instance has only its own caches), then with one Redis. The same requests in both modes:
// a page on A, the same page on B (a cold instance), again on B, and a burst of 20 concurrent cold
// health requests spread over both.

export const BURST = 20;

type Context = {
  simulatorUrl: string;
  control: SimulatorControl;
  owner: string;
  pageRepo: string;
  burstRepo: string;
  primerRepo: string;
  rounds: number;
  log: (message: string) => void;
  timeLeft: () => number;
};

type Instance = { url: string; child: Child };

async function startInstance(
  name: string,
  simulatorUrl: string,
  authSecret: string,
  redisUrl: string | null,
): Promise<Instance> {
  const port = await freePort(3400 + Math.floor(Math.random() * 500));
  const child = startTsx(name, "scripts/with-simulator.ts", [], {
    APP_PORT: String(port),
    SIM_URL: simulatorUrl,
    AUTH_SECRET: authSecret,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  const url = `http://localhost:${port}`;
  await waitForHttp(`${url}/signin`, child, 120_000);
  return { url, child };
}

async function round(context: Context, redisUrl: string | null): Promise<TwoInstanceRound> {
  const { control, owner } = context;
  const authSecret = randomBytes(32).toString("hex");
  const [a, b] = await Promise.all([
    startInstance("instance A", context.simulatorUrl, authSecret, redisUrl),
    startInstance("instance B", context.simulatorUrl, authSecret, redisUrl),
  ]);
  try {
    // Same AUTH_SECRET on both: the session made on A is valid on B, as behind a load balancer.
    const cookie = (await signIn(a.url, "octo-maintainer")).header();
    for (const instance of [a, b]) {
      await timedGet(`${instance.url}/`, null);
      await timedGet(`${instance.url}/${owner}/${context.primerRepo}`, cookie);
      await timedGet(`${instance.url}/api/repos/${owner}/${context.primerRepo}/health`, cookie);
    }
    const page = async (instance: Instance) => {
      const { result, cost } = await control.measure(() =>
        timedGet(`${instance.url}/${owner}/${context.pageRepo}`, cookie),
      );
      return {
        status: result.status,
        ttfbMs: result.ttfbMs,
        totalMs: result.totalMs,
        bytes: result.bytes,
        cost,
      };
    };
    const pageA = await page(a);
    const pageB = await page(b);
    const pageBWarm = await page(b);
    const { result, cost } = await control.measure(async () => {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: BURST }, (_, index) =>
          timedGet(
            `${(index % 2 ? a : b).url}/api/repos/${owner}/${context.burstRepo}/health`,
            cookie,
          ),
        ),
      );
      return { ms: performance.now() - started, statuses: answers.map((answer) => answer.status) };
    });
    return { pageA, pageB, pageBWarm, burst: { ...result, cost } };
  } finally {
    await Promise.all([stop(a.child), stop(b.child)]);
  }
}

/** Both modes, `rounds` times each, every round on fresh instances (and a fresh Redis). */
export async function measureTwoInstances(context: Context): Promise<TwoInstances> {
  const results: TwoInstances = { inProcess: [], redis: [], redisServer: null };
  for (let index = 0; index < context.rounds && context.timeLeft() > 120_000; index++) {
    context.log(`two instances, round ${index + 1}/${context.rounds}: in-process caches only`);
    results.inProcess.push(await round(context, null));
    let redis: RedisServer | null = null;
    try {
      redis = await startRedisServer();
      results.redisServer = redis.url;
      context.log(`two instances, round ${index + 1}/${context.rounds}: one shared Redis`);
      results.redis.push(await round(context, redis.url));
    } finally {
      await redis?.stop();
    }
    const last = (list: TwoInstanceRound[]) => list[list.length - 1];
    for (const [mode, list] of [
      ["in-process", results.inProcess],
      ["redis", results.redis],
    ] as const) {
      const figures = last(list);
      if (figures)
        context.log(
          `  ${mode}: page on A ${figures.pageA.cost.total} GitHub requests, on B ${figures.pageB.cost.total}, B again ${figures.pageBWarm.cost.total}; burst of ${BURST}: ${figures.burst.cost.graphql} GraphQL`,
        );
    }
  }
  return results;
}
