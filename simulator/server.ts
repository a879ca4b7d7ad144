import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLSchema } from "graphql";
import { type RateLimitShape, type RateLimitState, rateLimitError } from "./src/graphql/cost";
import { loadSchema, runGraphQL } from "./src/graphql/execute";
import { handleInstallationRest, handleJwtRest } from "./src/rest/apps";
import { type RestContext, type RestResponse, restError } from "./src/rest/context";
import { handleIssuesRest, issuesControl } from "./src/rest/issues";
import { handlePullsRest, mergePull, scopesOf } from "./src/rest/pulls";
import { handleRest, isRestPath } from "./src/rest/router";
import { expireInstallationTokens } from "./src/state/app-auth";
import { appOfBot } from "./src/state/apps";
import { artifactContent, BOT, checksumsContent } from "./src/state/model";
import { push } from "./src/state/push";
import { tick } from "./src/state/runs";
import { loadScenario, readScenario } from "./src/state/scenario";
import type { World } from "./src/state/world";
import { AppManifests } from "./src/web/app-pages";
import {
  authorizePage,
  authorizeSubmit,
  avatarSvg,
  escapeHtml,
  exchangeCode,
  htmlPage,
  type OAuthCode,
} from "./src/web/oauth";
import { issuePage, pushNextBotTag, repoPageExtras } from "./src/web/repo-page";
import { Webhooks } from "./src/webhooks/webhooks";

// The GitHub simulator's HTTP server: web host (OAuth, avatars, release downloads, tiny repo
// pages), REST at / and /api/v3, GraphQL at /graphql and /api/graphql, and the control API under
// /_simulator/ for tests and the benchmark.

export type SimulatorOptions = {
  port?: number;
  host?: string;
  scenario?: string;
  latencyMs?: number;
  runStepMs?: number;
};

export type RunningSimulator = { url: string; port: number; close(): Promise<void> };

type Failure = {
  pathPrefix?: string;
  pathPattern?: string;
  method?: string;
  status: number;
  count: number;
  body?: unknown;
  retryAfter?: number;
};

type Faults = {
  latencyMs: number | null;
  failures: Failure[];
  graphqlRateLimited: number;
  /** How a used-up GraphQL limit is answered: github.com's shape today, or the older one. */
  graphqlRateLimitShape: RateLimitShape;
  rejectReturnRunDetails: boolean;
  /** GraphQL fields that answer GitHub's partial FORBIDDEN error (data next to errors). */
  graphqlFieldErrors: string[];
};

type Kind = "graphql" | "rest" | "oauth" | "web";

type LoggedRequest = {
  at: string;
  method: string;
  path: string;
  status: number;
  kind: Kind;
  graphqlCost?: number;
  operationName?: string;
  user?: string;
};

type Reply = { status: number; headers: Record<string, string>; body: string | Buffer };

const LIMIT = 5000;
const MAX_LOG = 20_000;

const noFaults = (): Faults => ({
  latencyMs: null,
  failures: [],
  graphqlRateLimited: 0,
  graphqlRateLimitShape: "current",
  rejectReturnRunDetails: false,
  graphqlFieldErrors: [],
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Simulator {
  world: World;
  faults: Faults = noFaults();
  requests: LoggedRequest[] = [];
  readonly codes = new Map<string, OAuthCode>();
  readonly limits = new Map<string, { core: RateLimitState; graphql: RateLimitState }>();
  base = "";
  readonly webhooks = new Webhooks(() => this.base);
  readonly manifests = new AppManifests((app) => this.webhooks.ping(app));

  constructor(
    private readonly schema: GraphQLSchema,
    private scenario: string,
    private readonly runStepMs: number,
    private readonly latencyMs: number,
  ) {
    this.world = loadScenario(readScenario(scenario), { runStepMs });
    this.manifests.attach(this.world);
    this.webhooks.attach(this.world);
  }

  reset(scenario?: string): void {
    if (scenario) this.scenario = scenario;
    const issued = [...this.world.tokens.entries()].filter(([, token]) => !token.fixed);
    this.world = loadScenario(readScenario(this.scenario), { runStepMs: this.runStepMs });
    this.manifests.attach(this.world);
    this.webhooks.attach(this.world);
    // Tokens issued through OAuth stay valid across resets (users are matched by login).
    for (const [token, info] of issued)
      if (this.world.accounts.has(info.login.toLowerCase())) this.world.tokens.set(token, info);
    this.faults = noFaults();
    this.limits.clear();
  }

  private limitsFor(token: string) {
    let limits = this.limits.get(token);
    if (!limits) {
      const resetAt = Date.now() + 3_600_000;
      limits = {
        core: { limit: LIMIT, used: 0, resetAt },
        graphql: { limit: LIMIT, used: 0, resetAt },
      };
      this.limits.set(token, limits);
    }
    for (const state of [limits.core, limits.graphql]) {
      if (Date.now() >= state.resetAt) {
        state.used = 0;
        state.resetAt = Date.now() + 3_600_000;
      }
    }
    return limits;
  }

  private rateHeaders(state: RateLimitState, resource: string): Record<string, string> {
    return {
      "x-ratelimit-limit": String(state.limit),
      "x-ratelimit-remaining": String(Math.max(0, state.limit - state.used)),
      "x-ratelimit-reset": String(Math.floor(state.resetAt / 1000)),
      "x-ratelimit-used": String(state.used),
      "x-ratelimit-resource": resource,
    };
  }

  private anonymousRateHeaders(resource: string): Record<string, string> {
    return this.rateHeaders({ limit: 60, used: 0, resetAt: Date.now() + 3_600_000 }, resource);
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
    if (url.pathname.startsWith("/_simulator/")) {
      this.send(response, await this.control(method, url, body));
      return;
    }
    const latency = this.faults.latencyMs ?? this.latencyMs;
    if (latency > 0) await sleep(latency);
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
    const failure = this.takeFailure(method, url.pathname);
    if (failure?.status === 0) {
      // Status 0: GitHub unreachable. The connection is cut without an answer.
      this.requests.push(entry);
      request.socket.destroy();
      return;
    }
    if (failure) reply = this.failureReply(failure);
    else if (kind === "graphql") reply = await this.graphql(method, token, body, entry);
    else if (kind === "rest") reply = this.rest(request, method, url, token, body);
    else if (kind === "oauth") reply = this.oauth(request, method, url, body);
    else reply = this.web(request, method, url, token, body);
    entry.status = reply.status;
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    this.send(response, reply, method === "HEAD");
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

  private takeFailure(method: string, path: string): Failure | null {
    for (const failure of this.faults.failures) {
      if (failure.count <= 0) continue;
      if (failure.method && failure.method.toUpperCase() !== method) continue;
      if (failure.pathPrefix && !path.startsWith(failure.pathPrefix)) continue;
      if (failure.pathPattern && !new RegExp(failure.pathPattern).test(path)) continue;
      failure.count -= 1;
      return failure;
    }
    return null;
  }

  private failureReply(failure: Failure): Reply {
    const extra: Record<string, string> = {};
    if (failure.status === 403 || failure.status === 429)
      extra["retry-after"] = String(failure.retryAfter ?? 60);
    if (failure.body !== undefined) {
      return typeof failure.body === "string"
        ? {
            status: failure.status,
            headers: { "content-type": "text/plain; charset=utf-8", ...extra },
            body: failure.body,
          }
        : json(failure.status, failure.body, extra);
    }
    switch (failure.status) {
      case 502:
        return htmlPageReply(
          502,
          "Server Error",
          "<h1>502 Bad Gateway</h1><p>We couldn't respond to your request in time. (GitHub simulator)</p>",
        );
      case 503:
        return json(503, {
          message: "Service Unavailable",
          documentation_url: "https://www.githubstatus.com",
        });
      case 504:
        return json(504, {
          message:
            "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
        });
      case 403:
      case 429:
        return json(
          failure.status,
          {
            message:
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            documentation_url:
              "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
          },
          extra,
        );
      default:
        return json(failure.status, {
          message: `Simulated failure (HTTP ${failure.status})`,
          documentation_url: "https://docs.github.com/rest",
        });
    }
  }

  // ---------------------------------------------------------------------------------------------

  private async graphql(
    method: string,
    token: string | null,
    body: string,
    entry: LoggedRequest,
  ): Promise<Reply> {
    if (method !== "POST")
      return json(404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/graphql",
      });
    const info = token ? this.world.tokens.get(token) : undefined;
    if (!token || !info) {
      return json(
        401,
        {
          message: token ? "Bad credentials" : "This endpoint requires you to be authenticated.",
          documentation_url: "https://docs.github.com/graphql",
        },
        this.anonymousRateHeaders("graphql"),
      );
    }
    const limits = this.limitsFor(token);
    const account = this.world.accounts.get(info.login.toLowerCase());
    if (this.faults.graphqlRateLimited > 0) {
      this.faults.graphqlRateLimited -= 1;
      const shape = this.faults.graphqlRateLimitShape;
      const headers = this.rateHeaders(limits.graphql, "graphql");
      // github.com no longer always says 0 remaining with its current answer; the old one did.
      if (shape === "legacy") headers["x-ratelimit-remaining"] = "0";
      return json(200, { errors: [rateLimitError(shape, account?.id ?? 0)] }, headers);
    }
    let request: unknown;
    try {
      request = JSON.parse(body || "{}");
    } catch {
      return json(
        400,
        { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/graphql" },
        this.rateHeaders(limits.graphql, "graphql"),
      );
    }
    const outcome = await runGraphQL({
      schema: this.schema,
      world: this.world,
      viewer: info.login,
      viewerId: account?.id ?? 0,
      base: this.base,
      request: (request ?? {}) as Record<string, unknown>,
      limits: limits.graphql,
      failingFields: this.faults.graphqlFieldErrors,
    });
    if (outcome.operationName) entry.operationName = outcome.operationName;
    entry.graphqlCost = outcome.cost;
    const headers = this.rateHeaders(limits.graphql, "graphql");
    if (outcome.rateLimited) headers["x-ratelimit-remaining"] = "0";
    return json(200, outcome.body, headers);
  }

  private rest(
    request: IncomingMessage,
    method: string,
    url: URL,
    token: string | null,
    body: string,
  ): Reply {
    const enterprise = url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/");
    const path = enterprise ? url.pathname.slice("/api/v3".length) || "/" : url.pathname;
    const api = `${this.base}${enterprise ? "/api/v3" : ""}`;
    const conversion = /^\/app-manifests\/([^/]+)\/conversions$/.exec(path);
    if (conversion && method === "POST") {
      const converted = this.manifests.conversion(
        { world: this.world, base: this.base, api, faults: this.faults, scopes: [] },
        decodeURIComponent(conversion[1] ?? ""),
      );
      return json(converted.status, converted.body);
    }
    const appReply = handleJwtRest(
      {
        world: this.world,
        base: this.base,
        api,
        faults: this.faults,
        hooks: this.webhooks,
        scopes: [],
      },
      method,
      path,
      url.searchParams,
      token,
      body,
    );
    if (appReply) return json(appReply.status, appReply.body, appReply.headers);
    const info = token ? this.world.tokens.get(token) : undefined;
    if (!token || !info) {
      const reply = restError(401, token ? "Bad credentials" : "Requires authentication");
      return json(reply.status, reply.body, this.anonymousRateHeaders("core"));
    }
    const limits = this.limitsFor(token);
    if (path === "/rate_limit") {
      const resource = (state: RateLimitState) => ({
        limit: state.limit,
        used: state.used,
        remaining: Math.max(0, state.limit - state.used),
        reset: Math.floor(state.resetAt / 1000),
      });
      return json(
        200,
        {
          resources: { core: resource(limits.core), graphql: resource(limits.graphql) },
          rate: resource(limits.core),
        },
        this.rateHeaders(limits.core, "core"),
      );
    }
    if (limits.core.used >= limits.core.limit) {
      const account = this.world.accounts.get(info.login.toLowerCase());
      return json(
        403,
        {
          message: `API rate limit exceeded for user ID ${account?.id ?? 0}.`,
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
        this.rateHeaders(limits.core, "core"),
      );
    }
    const ctx: RestContext = {
      world: this.world,
      viewer: info.login,
      base: this.base,
      api,
      faults: this.faults,
      scopes: scopesOf(info.scope),
    };
    const result: RestResponse =
      handleInstallationRest(ctx, token, method, path, url.searchParams) ??
      handleIssuesRest(ctx, method, path, url.searchParams, body) ??
      handlePullsRest(ctx, method, path, url.searchParams, body) ??
      handleRest(ctx, method, path, url.searchParams, body);
    const text = result.body === undefined ? "" : JSON.stringify(result.body);
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    if (result.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    if ((method === "GET" || method === "HEAD") && result.status === 200) {
      const etag = `"${createHash("sha256").update(token).update("\0").update(text).digest("hex")}"`;
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      headers.vary = "Accept, Authorization, Cookie, X-GitHub-OTP";
      const match = (request.headers["if-none-match"] ?? "")
        .split(",")
        .map((candidate) => candidate.trim().replace(/^W\//, ""))
        .includes(etag);
      if (match)
        return {
          status: 304,
          headers: { ...headers, ...this.rateHeaders(limits.core, "core") },
          body: "",
        };
    }
    limits.core.used += 1;
    return {
      status: result.status,
      headers: { ...headers, ...this.rateHeaders(limits.core, "core") },
      body: text,
    };
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

  private web(
    _request: IncomingMessage,
    method: string,
    url: URL,
    token: string | null,
    body = "",
  ): Reply {
    const appPage = this.manifests.web(this.world, method, url, body);
    if (appPage) return appPage;
    if (method !== "GET" && method !== "HEAD")
      return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
    const segments = url.pathname
      .split("/")
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
    if (segments[0] === "avatars" && segments.length === 2 && segments[1]?.endsWith(".svg")) {
      return {
        status: 200,
        headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
        body: avatarSvg(segments[1].slice(0, -4)),
      };
    }
    const viewer = token ? (this.world.tokens.get(token)?.login ?? null) : null;
    if (segments.length === 0) {
      return htmlPageReply(
        200,
        "GitHub simulator",
        `<h1>GitHub simulator</h1><p>Scenario <code>${escapeHtml(this.scenario)}</code>.</p>`,
      );
    }
    const [owner, name, ...rest] = segments as [string, string | undefined, ...string[]];
    if (!name) {
      const account = this.world.accounts.get(owner.toLowerCase());
      if (!account && owner !== "apps")
        return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
      return htmlPageReply(
        200,
        owner,
        `<h1>${escapeHtml(account?.name ?? owner)}</h1><p>${escapeHtml(owner)} on the GitHub simulator.</p>`,
      );
    }
    const repo = this.world.repo(owner, name);
    // Web pages and downloads of private repositories need a token here (no browser session).
    if (!repo || (repo.private && !this.world.canSee(repo, viewer)))
      return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
    if (rest[0] === "releases" && rest[1] === "download" && rest.length === 4) {
      const [, , tag, file] = rest as [string, string, string, string];
      const release = this.world
        .visibleReleases(repo, viewer)
        .find((candidate) => candidate.tagName === tag);
      const asset = release?.assets.find((candidate) => candidate.name === file);
      if (!release || !asset) return htmlPageReply(404, "Not Found", "<h1>Not Found</h1>");
      if (method === "GET") asset.downloadCount += 1;
      const content =
        file === release.checksums
          ? checksumsContent(repo, release)
          : artifactContent(repo, tag, file);
      return {
        status: 200,
        headers: {
          "content-type": asset.contentType,
          "content-disposition": `attachment; filename=${file}`,
        },
        body: content,
      };
    }
    const issue =
      rest[0] === "issues" && rest.length === 2
        ? issuePage(this.world, repo, Number(rest[1]))
        : null;
    const title = `${repo.owner}/${repo.name}${rest.length ? ` · ${rest.join("/")}` : ""}`;
    return htmlPageReply(
      200,
      title,
      `<h1><a href="/${escapeHtml(repo.owner)}">${escapeHtml(repo.owner)}</a> / <a href="/${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}">${escapeHtml(repo.name)}</a></h1>
<p>${escapeHtml(rest.join("/") || repo.description)}</p><p class="note">A page of the GitHub simulator.</p>${
        rest.length === 0 ? repoPageExtras(this.world, repo) : (issue ?? "")
      }`,
    );
  }

  // ---------------------------------------------------------------------------------------------

  private async control(method: string, url: URL, body: string): Promise<Reply> {
    const path = url.pathname;
    let input: Record<string, unknown> = {};
    if (body.trim()) {
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return json(400, { message: "Problems parsing JSON" });
      }
    }
    const watch = await this.webhooks.control(
      this.world,
      method,
      path.replace(/\/+$/, ""),
      url.searchParams,
      input,
    );
    if (watch) return json(watch.status, watch.body);
    const route = `${method} ${path.replace(/\/+$/, "")}`;
    switch (route) {
      case "GET /_simulator/health":
        return json(200, { ok: true, scenario: this.scenario });
      case "POST /_simulator/reset":
        try {
          this.reset(typeof input.scenario === "string" ? input.scenario : undefined);
        } catch (error) {
          return json(400, { message: (error as Error).message });
        }
        return json(200, { ok: true, scenario: this.scenario });
      case "POST /_simulator/faults": {
        if (typeof input.latencyMs === "number") this.faults.latencyMs = input.latencyMs;
        if (Array.isArray(input.failures)) {
          for (const failure of input.failures as Failure[]) {
            if (typeof failure.status !== "number")
              return json(400, { message: "Each failure needs a status" });
            this.faults.failures.push({
              ...failure,
              count: typeof failure.count === "number" ? failure.count : 1,
            });
          }
        }
        if (typeof input.graphqlRateLimited === "number")
          this.faults.graphqlRateLimited = input.graphqlRateLimited;
        if (input.graphqlRateLimitShape === "current" || input.graphqlRateLimitShape === "legacy")
          this.faults.graphqlRateLimitShape = input.graphqlRateLimitShape;
        if (typeof input.rejectReturnRunDetails === "boolean")
          this.faults.rejectReturnRunDetails = input.rejectReturnRunDetails;
        if (Array.isArray(input.graphqlFieldErrors))
          this.faults.graphqlFieldErrors = input.graphqlFieldErrors.filter(
            (field): field is string => typeof field === "string",
          );
        return json(200, this.faults);
      }
      case "GET /_simulator/faults":
        return json(200, this.faults);
      case "DELETE /_simulator/faults":
        this.faults = noFaults();
        return json(200, this.faults);
      case "GET /_simulator/requests":
        return json(200, { requests: this.requests });
      case "DELETE /_simulator/requests":
        this.requests = [];
        return json(200, { requests: [] });
      case "GET /_simulator/tokens":
        return json(200, {
          tokens: [...this.world.tokens.entries()].map(([token, info]) => ({
            token,
            login: info.login,
            scope: info.scope,
            fixed: info.fixed,
            issuedAt: new Date(info.issuedAt).toISOString(),
          })),
        });
      case "GET /_simulator/issues":
        return json(
          200,
          issuesControl(
            {
              world: this.world,
              viewer: "",
              base: this.base,
              api: this.base,
              faults: this.faults,
              scopes: [],
            },
            url.searchParams,
          ),
        );
      case "POST /_simulator/push-next-tag": {
        const owner = String(input.owner ?? url.searchParams.get("owner") ?? "");
        const name = String(input.repo ?? url.searchParams.get("repo") ?? "");
        const repo = this.world.repo(owner, name);
        if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
        tick(this.world);
        const report = pushNextBotTag(this.world, repo);
        if (url.searchParams.get("return") === "page")
          return {
            status: 303,
            headers: { location: `/${repo.owner}/${repo.name}`, "content-type": "text/plain" },
            body: "",
          };
        return json(200, { ...report, started: report.runs.length > 0 });
      }
      case "POST /_simulator/push":
        return this.controlPush(input);
      case "GET /_simulator/dispatches":
        return json(200, { dispatches: this.world.dispatches });
      case "POST /_simulator/pulls/merge":
        return this.controlMerge(input);
      default:
        return json(404, { message: "Unknown control endpoint" });
    }
  }

  /** Merges a pull request as `by` (default: the owner), like pressing the button on GitHub. */
  private controlMerge(input: Record<string, unknown>): Reply {
    const { owner, repo: name, number, by } = input;
    if (typeof owner !== "string" || typeof name !== "string" || typeof number !== "number")
      return json(400, { message: "owner, repo and number are required" });
    const repo = this.world.repo(owner, name);
    if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
    const result = mergePull(this.world, repo, number, typeof by === "string" ? by : repo.owner);
    if (!result.ok) return json(result.status, { message: result.message });
    return json(200, { merged: true, sha: result.sha, number });
  }

  private controlPush(input: Record<string, unknown>): Reply {
    const { owner, repo: name, by, withGithubToken, tags, annotated, message, botTags } = input;
    if (typeof owner !== "string" || typeof name !== "string")
      return json(400, { message: "owner and repo are required" });
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string"))
      return json(400, { message: "tags must be a list of names" });
    if (
      botTags !== undefined &&
      (!botTags ||
        typeof botTags !== "object" ||
        Object.values(botTags).some((tag) => typeof tag !== "string"))
    )
      return json(400, { message: "botTags must map workflow files to tag names" });
    const repo = this.world.repo(owner, name);
    if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
    const github = withGithubToken === true;
    const actor = github ? BOT.login : typeof by === "string" ? by : repo.owner;
    // An App's bot (`tagwatch[bot]`) pushes with an installation token: runs do start.
    if (!github && !this.world.accounts.has(actor.toLowerCase()) && !appOfBot(this.world, actor))
      return json(400, { message: `Unknown user ${actor}` });
    const clash = (tags as string[]).find((tag) => repo.tags.has(tag));
    if (clash) return json(409, { message: `Tag ${clash} already exists` });
    const now = this.world.now();
    const report = push(this.world, repo, {
      by: actor,
      withGithubToken: github,
      // Live pushes are stamped now; World.push dates tags 30 s after the commit.
      at: now - 30_000,
      commit: {
        message:
          typeof message === "string"
            ? message
            : `Release ${(tags as string[]).join(", ") || "update"}`,
        files: { VERSION: `${(tags as string[])[0] ?? now}\n` },
      },
      tags: tags as string[],
      annotated: annotated !== false,
      history: false,
      botTags: botTags as Record<string, string> | undefined,
    });
    return json(200, { ...report, started: report.runs.length > 0 });
  }
}

function htmlPageReply(status: number, title: string, body: string): Reply {
  const page = htmlPage(title, body, status);
  return { status: page.status, headers: page.headers, body: page.body };
}

/** Starts the simulator; `port: 0` picks a free port. */
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
  server.on("close", () => simulator.webhooks.close());
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
