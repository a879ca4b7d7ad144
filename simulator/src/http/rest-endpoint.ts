import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RateLimitState } from "../graphql/cost";
import { handleJwtRest } from "../rest/apps";
import { type RestContext, type RestResponse, restError } from "../rest/context";
import { movedRepository } from "../rest/moved";
import { scopesOf } from "../rest/pulls";
import { routeRest } from "../rest/router";
import { anonymousRateHeaders, rateHeaders } from "./rate-limits";
import { json, type Reply } from "./reply";
import { createsContent } from "./secondary-limits";
import type { SimulatorState } from "./simulator-state";

/**
 * The REST API at `/` and `/api/v3`: App-JWT endpoints, then the token, the rate limit, the
 * route, and a strong ETag on GET answers (a matching If-None-Match costs nothing).
 */
export function restEndpoint(
  sim: SimulatorState,
  request: IncomingMessage,
  method: string,
  url: URL,
  token: string | null,
  body: string,
): Reply {
  const enterprise = url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/");
  let path = enterprise ? url.pathname.slice("/api/v3".length) || "/" : url.pathname;
  const api = `${sim.base}${enterprise ? "/api/v3" : ""}`;
  const moved = movedRepository(sim.world, api, method, path, url.search, token);
  if (moved && "redirect" in moved) {
    const { status, body: answer, headers } = moved.redirect;
    return json(status, answer, headers);
  }
  if (moved) path = moved.path;
  const conversion = /^\/app-manifests\/([^/]+)\/conversions$/.exec(path);
  if (conversion && method === "POST") {
    const converted = sim.manifests.conversion(
      { world: sim.world, base: sim.base, api, faults: sim.faults, scopes: [] },
      decodeURIComponent(conversion[1] ?? ""),
    );
    return json(converted.status, converted.body);
  }
  const appReply = handleJwtRest(
    {
      world: sim.world,
      base: sim.base,
      api,
      faults: sim.faults,
      hooks: sim.webhooks,
      scopes: [],
    },
    method,
    path,
    url.searchParams,
    token,
    body,
  );
  if (appReply) return json(appReply.status, appReply.body, appReply.headers);
  const info = token ? sim.world.tokens.get(token) : undefined;
  if (!token || !info) {
    const reply = restError(401, token ? "Bad credentials" : "Requires authentication");
    return json(reply.status, reply.body, anonymousRateHeaders("core"));
  }
  const limits = sim.limits.forToken(sim.world, token);
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
      rateHeaders(limits.core, "core"),
    );
  }
  if (limits.core.used >= limits.core.limit) {
    const account = sim.world.accounts.get(info.login.toLowerCase());
    return json(
      403,
      {
        message: `API rate limit exceeded for user ID ${account?.id ?? 0}.`,
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
      rateHeaders(limits.core, "core"),
    );
  }
  const creates = createsContent(method, path);
  const actor = sim.contentLimit.actorOf(sim.world, token);
  const wait = creates ? sim.contentLimit.retryAfter(actor) : null;
  if (wait !== null) {
    limits.core.used += 1;
    return json(
      403,
      {
        message:
          "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
      { ...rateHeaders(limits.core, "core"), "retry-after": String(wait) },
    );
  }
  const ctx: RestContext = {
    world: sim.world,
    viewer: info.login,
    base: sim.base,
    api,
    faults: sim.faults,
    scopes: scopesOf(info.scope),
  };
  const result: RestResponse = routeRest(ctx, token, method, path, url.searchParams, body);
  if (creates && result.status < 400) sim.contentLimit.record(actor);
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
        headers: { ...headers, ...rateHeaders(limits.core, "core") },
        body: "",
      };
  }
  limits.core.used += 1;
  return {
    status: result.status,
    headers: { ...headers, ...rateHeaders(limits.core, "core") },
    body: text,
  };
}
