import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLSchema } from "graphql";
import { controlApi } from "./src/control/control-api";
import { loadSchema } from "./src/graphql/execute";
import { type Faults, failureReply, noFaults, takeFailure, takeSlowdown } from "./src/http/faults";
import { graphqlEndpoint } from "./src/http/graphql-endpoint";
import { RateLimits } from "./src/http/rate-limits";
import { htmlPageReply, type Reply, readBody } from "./src/http/reply";
import { restEndpoint } from "./src/http/rest-endpoint";
import { ContentCreationLimit } from "./src/http/secondary-limits";
import type { Kind, LoggedRequest, SimulatorState } from "./src/http/simulator-state";
import { webEndpoint } from "./src/http/web-endpoint";
import { QStash } from "./src/qstash/qstash";
import { isRestPath } from "./src/rest/router";
import { Sinks } from "./src/sink/sinks";
import { expireInstallationTokens } from "./src/state/app-auth";
import { tick } from "./src/state/runs";
import { loadScenario, readScenario } from "./src/state/scenario";
import type { World } from "./src/state/world";
import { AppManifests } from "./src/web/app-pages";
import { authorizePage, authorizeSubmit, exchangeCode, type OAuthCode } from "./src/web/oauth";
import { Webhooks } from "./src/webhooks/webhooks";

// The GitHub simulator's HTTP server: web host (OAuth, avatars, release downloads, tiny repo
// pages), REST at / and /api/v3, GraphQL at /graphql and /api/graphql, and the control API under
// /_simulator/ for tests and the benchmark. Every request is logged, may be delayed or failed by
// an injected fault, and first moves live runs along (tick).

export type SimulatorOptions = {
  port?: number;
  host?: string;
  scenario?: string;
  latencyMs?: number;
  runStepMs?: number;
};

export type RunningSimulator = { url: string; port: number; close(): Promise<void> };

const MAX_LOG = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Simulator implements SimulatorState {
  world: World;
  faults: Faults = noFaults();
  requests: LoggedRequest[] = [];
  readonly codes = new Map<string, OAuthCode>();
  readonly limits = new RateLimits();
  readonly contentLimit = new ContentCreationLimit();
  readonly qstash = new QStash();
  base = "";
  readonly webhooks = new Webhooks(() => this.base);
  readonly manifests = new AppManifests((app) => this.webhooks.ping(app));
  readonly sinks = new Sinks();

  constructor(
    readonly schema: GraphQLSchema,
    public scenario: string,
    private readonly runStepMs: number,
    private readonly latencyMs: number,
  ) {
    const spec = readScenario(scenario);
    this.world = loadScenario(spec, { runStepMs });
    this.manifests.attach(this.world);
    this.webhooks.attach(this.world);
    this.sinks.load(spec.sinks);
  }

  reset(scenario?: string): void {
    if (scenario) this.scenario = scenario;
    const issued = [...this.world.tokens.entries()].filter(([, token]) => !token.fixed);
    const spec = readScenario(this.scenario);
    this.world = loadScenario(spec, { runStepMs: this.runStepMs });
    this.manifests.attach(this.world);
    this.webhooks.attach(this.world);
    this.sinks.load(spec.sinks);
    // Tokens issued through OAuth stay valid across resets (users are matched by login).
    for (const [token, info] of issued)
      if (this.world.accounts.has(info.login.toLowerCase())) this.world.tokens.set(token, info);
    this.faults = noFaults();
    this.limits.clear();
    this.contentLimit.clear();
    this.qstash.clear();
  }

  private tokenOf(request: IncomingMessage): string | null {
    const header = request.headers.authorization ?? "";
    const match = /^(?:bearer|token)\s+(\S+)$/i.exec(header);
    return match ? (match[1] as string) : null;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.base);
    const method = request.method ?? "GET";
    const body = await readBody(request);
    // The message sink stands in for chat platforms, not GitHub: never delayed, failed or logged.
    const hook = /^\/_simulator\/sink(?:\/([^/]+))?$/.exec(url.pathname);
    if (hook) {
      const reply = hook[1]
        ? this.sinks.receive(hook[1], method, request.headers, body, url.searchParams)
        : this.sinks.page();
      this.send(response, reply);
      return;
    }
    if (url.pathname.startsWith("/_simulator/")) {
      this.send(response, await controlApi(this, method, url, body));
      return;
    }
    if (url.pathname.startsWith("/qstash/") && method === "POST") {
      // Upstash QStash's publish API, not GitHub's: no GitHub latency, faults or request log.
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers[name] = value;
      this.send(response, this.qstash.publish(url.pathname.slice("/qstash".length), headers, body));
      return;
    }
    const latency =
      (this.faults.latencyMs ?? this.latencyMs) +
      takeSlowdown(this.faults, method, url.pathname, body);
    if (latency > 0) await sleep(latency);
    const started = performance.now();
    tick(this.world);
    expireInstallationTokens(this.world);
    const kind = this.kindOf(method, url.pathname);
    const token = this.tokenOf(request);
    const user = token ? this.world.tokens.get(token)?.login : undefined;
    const entry: LoggedRequest = {
      at: new Date().toISOString(),
      method,
      path: url.pathname + url.search,
      status: 0,
      kind,
      ...(user ? { user } : {}),
    };
    let reply: Reply;
    const failure = takeFailure(this.faults, method, url.pathname, body);
    if (failure?.status === 0) {
      // Status 0: GitHub unreachable. The connection is cut without an answer.
      this.requests.push(entry);
      request.socket.destroy();
      return;
    }
    if (failure) reply = failureReply(failure);
    else if (kind === "graphql") reply = await graphqlEndpoint(this, method, token, body, entry);
    else if (kind === "rest") reply = restEndpoint(this, request, method, url, token, body);
    else if (kind === "oauth") reply = this.oauth(request, method, url, body);
    else reply = webEndpoint(this, method, url, token, body);
    entry.status = reply.status;
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    this.send(response, reply, method === "HEAD");
    // What the latency does not cover: a benchmark tells GitHub's share of a page's time from the app's.
    entry.workMs = Math.round((performance.now() - started) * 10) / 10;
  }

  private send(response: ServerResponse, reply: Reply, headOnly = false): void {
    const headers = { ...reply.headers };
    if (reply.status !== 304 && reply.status !== 204)
      headers["content-length"] = String(Buffer.byteLength(reply.body));
    response.writeHead(reply.status, headers);
    response.end(headOnly || reply.status === 304 || reply.status === 204 ? undefined : reply.body);
  }

  private kindOf(method: string, path: string): Kind {
    if (path === "/graphql" || path === "/api/graphql") return "graphql";
    if (path.startsWith("/login/oauth/")) return "oauth";
    if (
      path.startsWith("/api/v3/") ||
      path === "/api/v3" ||
      (isRestPath(path) && method !== "OPTIONS")
    )
      return "rest";
    return "web";
  }

  private oauth(request: IncomingMessage, method: string, url: URL, body: string): Reply {
    if (url.pathname === "/login/oauth/authorize" && method === "GET")
      return authorizePage(this.world, url.searchParams);
    if (url.pathname === "/login/oauth/authorize" && method === "POST")
      return authorizeSubmit(this.world, this.codes, new URLSearchParams(body));
    if (url.pathname === "/login/oauth/access_token" && method === "POST") {
      return exchangeCode(
        this.world,
        this.codes,
        {
          authorization: request.headers.authorization,
          accept: request.headers.accept,
          contentType: request.headers["content-type"],
        },
        body,
      );
    }
    return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const schema = await loadSchema();
  const simulator = new Simulator(
    schema,
    options.scenario ?? "demo",
    options.runStepMs ?? 1500,
    options.latencyMs ?? 0,
  );
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    simulator.handle(request, response).catch((error: unknown) => {
      console.error("GitHub simulator error:", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "Simulator error", error: String(error) }));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("close", () => {
    simulator.webhooks.close();
    simulator.qstash.clear();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  simulator.base = url;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
