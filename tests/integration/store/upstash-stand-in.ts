import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A small local stand-in for Upstash's Redis REST API, enough for UpstashStore: a POST to the base
// URL whose body is one command as a JSON array (["SET","k","v","EX","10","NX"]) answers
// `{"result": ...}` (or `{"error": ...}` with 400); a POST to /pipeline with an array of commands
// (what @upstash/redis's auto-pipelining sends for concurrent calls) answers an array of those.
// The token comes as a Bearer header; with `Upstash-Encoding: base64` (the client's default)
// string results are base64 encoded, except "OK".

type Entry = { value: string; expiresAt: number };

export type UpstashStandIn = {
  url: string;
  token: string;
  /** Every command received, as sent. */
  commands: string[][];
  /** Headers of the last request. */
  lastHeaders: () => IncomingMessage["headers"];
  /** Makes every answer wait this long (a slow store). */
  delayMs: number;
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

export async function startUpstashStandIn(token = "stand-in-token"): Promise<UpstashStandIn> {
  const data = new Map<string, Entry>();
  const commands: string[][] = [];
  let lastHeaders: IncomingMessage["headers"] = {};
  const live = (key: string) => {
    const entry = data.get(key);
    if (entry && entry.expiresAt <= Date.now()) data.delete(key);
    return data.get(key);
  };
  const execute = (command: string[]): unknown => {
    const [name = "", key = "", ...rest] = command;
    switch (name.toUpperCase()) {
      case "GET":
        return live(key)?.value ?? null;
      case "SET": {
        const [value = "", ...flags] = rest;
        let expiresAt = Number.POSITIVE_INFINITY;
        let nx = false;
        for (let i = 0; i < flags.length; i++) {
          const flag = flags[i]?.toUpperCase();
          if (flag === "NX") nx = true;
          else if (flag === "EX") expiresAt = Date.now() + Number(flags[++i]) * 1000;
          else if (flag === "PX") expiresAt = Date.now() + Number(flags[++i]);
          else throw new Error(`ERR syntax error near ${flag}`);
        }
        if (nx && live(key)) return null;
        data.set(key, { value, expiresAt });
        return "OK";
      }
      case "MGET":
        return [key, ...rest].map((name) => live(name)?.value ?? null);
      case "INCR": {
        const entry = live(key);
        const count = (entry ? Number(entry.value) : 0) + 1;
        if (entry) entry.value = String(count);
        else data.set(key, { value: String(count), expiresAt: Number.POSITIVE_INFINITY });
        return count;
      }
      case "EXPIRE": {
        const entry = live(key);
        if (!entry) return 0;
        entry.expiresAt = Date.now() + Number(rest[0]) * 1000;
        return 1;
      }
      case "DEL": {
        let removed = 0;
        for (const name of [key, ...rest]) if (data.delete(name)) removed++;
        return removed;
      }
      default:
        throw new Error(`ERR unknown command '${name}'`);
    }
  };
  const state = { delayMs: 0 };
  const server: Server = createServer(async (request, response) => {
    lastHeaders = request.headers;
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const path = request.url ?? "/";
    if (request.method !== "POST" || (path !== "/" && path !== "/pipeline")) {
      return answer(404, { error: "this stand-in knows / and /pipeline" });
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      return answer(401, { error: "Unauthorized" });
    }
    let body: unknown[];
    try {
      body = JSON.parse(await readBody(request)) as unknown[];
    } catch {
      return answer(400, { error: "ERR failed to parse command" });
    }
    const base64 = request.headers["upstash-encoding"] === "base64";
    const run = (raw: unknown[]) => {
      const command = raw.map(String);
      commands.push(command);
      try {
        const result = execute(command);
        // Upstash encodes every string of an answer, inside arrays (MGET) too; "OK" stays.
        const encode = (value: unknown): unknown =>
          Array.isArray(value)
            ? value.map(encode)
            : base64 && typeof value === "string" && value !== "OK"
              ? Buffer.from(value).toString("base64")
              : value;
        return { result: encode(result) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    if (path === "/pipeline") return answer(200, (body as unknown[][]).map(run));
    const single = run(body);
    answer("error" in single ? 400 : 200, single);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    lastHeaders: () => lastHeaders,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
