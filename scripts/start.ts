// tagwatch's production server for self-hosting (`npm start`): Next.js behind a plain Node server
// that answers warm README badges itself (see lib/badges/fast-path.ts) and serves the build's
// scripts and stylesheets compressed once (./static-assets.ts). On Vercel, Next runs on Vercel's
// own servers and its CDN absorbs badge traffic (s-maxage) and serves those files instead.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { serveWarmBadge } from "../lib/badges/fast-path";
import { hasDotSegment } from "../lib/names";
import { serveStaticAsset } from "./static-assets";

const root = path.resolve(__dirname, "..");

/**
 * Watch mode's safety net when self-hosting: the same sweep Vercel Cron triggers, every
 * TAGWATCH_SWEEP_SECONDS (default 300; 0 turns it off), through the cron endpoint itself.
 */
function startSweeps(baseUrl: string): () => void {
  const seconds = Number(process.env.TAGWATCH_SWEEP_SECONDS ?? 300);
  const secret = process.env.CRON_SECRET;
  if (!process.env.GITHUB_APP_ID || !secret || !(seconds > 0)) return () => {};
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const response = await fetch(`${baseUrl}/api/cron/watch`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      const summary = (await response.json()) as {
        repositories?: { problems: string[]; dispatched: string[]; error?: string }[];
      };
      const repositories = summary.repositories ?? [];
      const count = (pick: (r: (typeof repositories)[number]) => number) =>
        repositories.reduce((sum, repository) => sum + pick(repository), 0);
      console.log(
        `watch sweep: HTTP ${response.status}, ${repositories.length} repositories, ${count((r) => r.problems.length)} problem tags, ${count((r) => r.dispatched.length)} dispatched, ${count((r) => (r.error ? 1 : 0))} failed`,
      );
    } catch (error) {
      console.error(`watch sweep failed: ${error instanceof Error ? error.message : error}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(sweep, 5_000);
  const timer = setInterval(sweep, seconds * 1000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

export async function startAppServer(options: { port: number; hostname: string }) {
  Object.assign(process.env, { NODE_ENV: "production" });
  // The interval below authenticates like Vercel Cron; without a configured secret it uses one
  // nobody else knows.
  if (process.env.GITHUB_APP_ID && !process.env.CRON_SECRET) {
    process.env.CRON_SECRET = randomBytes(32).toString("hex");
  }
  // As under `next start`: tsx turns Node's source maps on for our TypeScript, and with them on,
  // Node reads and parses the build's server source maps as each chunk loads (~0.8 s of CPU per
  // start, measured over the demo scenario), for stack traces nobody reads in production.
  process.setSourceMapsEnabled(false);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((request, response) => {
    // Next resolves dot segments before routing; refuse them while the raw path is still visible.
    if (hasDotSegment(request.url ?? "/")) {
      response.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(
        JSON.stringify({
          error: {
            code: "invalid-input",
            message: 'The address contains a "." or ".." segment, which names nothing here.',
          },
        }),
      );
      return;
    }
    serveStaticAsset(request, response)
      .then((served) => served || serveWarmBadge(request, response))
      .catch(() => false)
      .then((served) => {
        if (!served) void handle(request, response);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });
  const local = ["0.0.0.0", "::"].includes(options.hostname) ? "127.0.0.1" : options.hostname;
  const stopSweeps = startSweeps(`http://${local}:${options.port}`);
  return {
    async close() {
      stopSweeps();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? "0.0.0.0";
  startAppServer({ port, hostname })
    .then(({ close }) => {
      console.log(`tagwatch listening on http://${hostname}:${port}`);
      const stop = () => void close().finally(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
