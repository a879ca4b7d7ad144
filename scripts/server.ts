// tagwatch's production server for self-hosting (`npm start`): Next.js behind a plain Node server
// that answers warm README badges itself (see lib/badge/fast-path.ts). On Vercel, Next runs on
// Vercel's own servers and its CDN absorbs badge traffic (s-maxage) instead.
import { createServer } from "node:http";
import path from "node:path";
import { serveWarmBadge } from "../lib/badge/fast-path";
import { hasDotSegment } from "../lib/names";

const root = path.resolve(__dirname, "..");

export async function startAppServer(options: { port: number; hostname: string }) {
  Object.assign(process.env, { NODE_ENV: "production" });
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
    if (serveWarmBadge(request, response)) return;
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, resolve);
  });
  return {
    async close() {
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
