import { rateLimitError } from "../graphql/cost";
import { runGraphQL } from "../graphql/execute";
import { isSuspendedToken, SUSPENDED } from "../state/app-auth";
import { anonymousRateHeaders, rateHeaders } from "./rate-limits";
import { json, type Reply } from "./reply";
import type { LoggedRequest, SimulatorState } from "./simulator-state";

/** `POST /graphql` (and `/api/graphql`): the token, GitHub's rate-limit answers, then the query. */
export async function graphqlEndpoint(
  sim: SimulatorState,
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
  const info = token ? sim.world.tokens.get(token) : undefined;
  if (!token || !info) {
    return json(
      401,
      {
        message: token ? "Bad credentials" : "This endpoint requires you to be authenticated.",
        documentation_url: "https://docs.github.com/graphql",
      },
      anonymousRateHeaders("graphql"),
    );
  }
  if (isSuspendedToken(sim.world, token))
    return json(403, { message: SUSPENDED, documentation_url: "https://docs.github.com/graphql" });
  const limits = sim.limits.forToken(sim.world, token);
  const account = sim.world.accounts.get(info.login.toLowerCase());
  if (sim.faults.graphqlRateLimited > 0) {
    sim.faults.graphqlRateLimited -= 1;
    const shape = sim.faults.graphqlRateLimitShape;
    const headers = rateHeaders(limits.graphql, "graphql");
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
      rateHeaders(limits.graphql, "graphql"),
    );
  }
  const outcome = await runGraphQL({
    schema: sim.schema,
    world: sim.world,
    viewer: info.login,
    viewerId: account?.id ?? 0,
    base: sim.base,
    request: (request ?? {}) as Record<string, unknown>,
    limits: limits.graphql,
    failingFields: sim.faults.graphqlFieldErrors,
  });
  if (outcome.operationName) entry.operationName = outcome.operationName;
  entry.graphqlCost = outcome.cost;
  const headers = rateHeaders(limits.graphql, "graphql");
  if (outcome.rateLimited) headers["x-ratelimit-remaining"] = "0";
  return json(200, outcome.body, headers);
}
