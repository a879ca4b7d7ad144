import { addFaults, noFaults } from "../http/faults";
import { json, type Reply } from "../http/reply";
import type { SimulatorState } from "../http/simulator-state";
import { issuesControl } from "../rest/issues";
import { mergePull } from "../rest/pulls";
import { appOfBot } from "../state/apps";
import { BOT } from "../state/model";
import { push } from "../state/push";
import { tick } from "../state/runs";
import { pushNextBotTag } from "../web/repo-page";
import { lifecycleControl } from "./lifecycle";
import { scaleControl } from "./scale";

// The control API under /_simulator/: reset, faults, the request log, tokens, dispatches, pushes
// and merges made "on GitHub" by a test. The Apps and deliveries part is webhooks' (see
// webhooks/webhooks.ts).

/** `/_simulator/...`: the tests' and the benchmark's handle on "GitHub". */
export async function controlApi(
  sim: SimulatorState,
  method: string,
  url: URL,
  body: string,
): Promise<Reply> {
  const path = url.pathname;
  let input: Record<string, unknown> = {};
  if (body.trim()) {
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(400, { message: "Problems parsing JSON" });
    }
  }
  const watch = await sim.webhooks.control(
    sim.world,
    method,
    path.replace(/\/+$/, ""),
    url.searchParams,
    input,
  );
  if (watch) return json(watch.status, watch.body);
  const qstash = await sim.qstash.control(method, path.replace(/\/+$/, ""), sim.base);
  if (qstash) return qstash;
  const scale = scaleControl(sim, method, path.replace(/\/+$/, ""), input);
  if (scale) return scale;
  const sinks = sim.sinks.control(method, path.replace(/\/+$/, ""), input);
  if (sinks) return sinks;
  const lifecycle = lifecycleControl(sim.world, method, path.replace(/\/+$/, ""), input);
  if (lifecycle) return lifecycle;
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_simulator/health":
      return json(200, { ok: true, scenario: sim.scenario });
    case "POST /_simulator/reset":
      try {
        sim.reset(typeof input.scenario === "string" ? input.scenario : undefined);
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
      return json(200, { ok: true, scenario: sim.scenario });
    case "POST /_simulator/faults": {
      const refused = addFaults(sim.faults, input);
      if (refused) return json(400, { message: refused });
      return json(200, sim.faults);
    }
    case "GET /_simulator/faults":
      return json(200, sim.faults);
    case "DELETE /_simulator/faults":
      sim.faults = noFaults();
      return json(200, sim.faults);
    case "GET /_simulator/requests":
      return json(200, { requests: sim.requests });
    case "DELETE /_simulator/requests":
      sim.requests = [];
      return json(200, { requests: [] });
    case "GET /_simulator/tokens":
      return json(200, {
        tokens: [...sim.world.tokens.entries()].map(([token, info]) => ({
          token,
          login: info.login,
          scope: info.scope,
          fixed: info.fixed,
          clientId: info.clientId ?? null,
          issuedAt: new Date(info.issuedAt).toISOString(),
        })),
      });
    case "POST /_simulator/oauth/revoke":
      return controlRevoke(sim, input);
    case "GET /_simulator/issues":
      return json(
        200,
        issuesControl(
          {
            world: sim.world,
            viewer: "",
            base: sim.base,
            api: sim.base,
            faults: sim.faults,
            scopes: [],
          },
          url.searchParams,
        ),
      );
    case "POST /_simulator/push-next-tag": {
      const owner = String(input.owner ?? url.searchParams.get("owner") ?? "");
      const name = String(input.repo ?? url.searchParams.get("repo") ?? "");
      const repo = sim.world.repo(owner, name);
      if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
      tick(sim.world);
      const report = pushNextBotTag(sim.world, repo);
      if (url.searchParams.get("return") === "page")
        return {
          status: 303,
          headers: { location: `/${repo.owner}/${repo.name}`, "content-type": "text/plain" },
          body: "",
        };
      return json(200, { ...report, started: report.runs.length > 0 });
    }
    case "POST /_simulator/push":
      return controlPush(sim, input);
    case "GET /_simulator/dispatches":
      return json(200, { dispatches: sim.world.dispatches });
    case "POST /_simulator/pulls/merge":
      return controlMerge(sim, input);
    default:
      return json(404, { message: "Unknown control endpoint" });
  }
}

/**
 * What a person does on GitHub's Settings > Applications > Authorized OAuth Apps > Revoke: every
 * token that OAuth app holds for them stops working at once (GitHub then answers 401 Bad
 * credentials). `{ token }` revokes one token (a deleted personal access token, say).
 */
function controlRevoke(sim: SimulatorState, input: Record<string, unknown>): Reply {
  const { login, clientId, token } = input;
  let revoked: string[];
  if (typeof token === "string") {
    revoked = sim.world.tokens.has(token) ? [token] : [];
  } else if (typeof login === "string" && typeof clientId === "string") {
    revoked = [...sim.world.tokens.entries()]
      .filter(
        ([, info]) =>
          info.login.toLowerCase() === login.toLowerCase() && info.clientId === clientId,
      )
      .map(([value]) => value);
  } else {
    return json(400, { message: "Send { login, clientId } or { token }" });
  }
  if (revoked.length === 0) return json(404, { message: "No such token or authorization" });
  for (const value of revoked) sim.world.tokens.delete(value);
  return json(200, { revoked: revoked.length });
}

/** Merges a pull request as `by` (default: the owner), like pressing the button on GitHub. */
function controlMerge(sim: SimulatorState, input: Record<string, unknown>): Reply {
  const { owner, repo: name, number, by } = input;
  if (typeof owner !== "string" || typeof name !== "string" || typeof number !== "number")
    return json(400, { message: "owner, repo and number are required" });
  const repo = sim.world.repo(owner, name);
  if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
  const result = mergePull(sim.world, repo, number, typeof by === "string" ? by : repo.owner);
  if (!result.ok) return json(result.status, { message: result.message });
  return json(200, { merged: true, sha: result.sha, number });
}

function controlPush(sim: SimulatorState, input: Record<string, unknown>): Reply {
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
  const repo = sim.world.repo(owner, name);
  if (!repo) return json(404, { message: `No repository ${owner}/${name}` });
  const github = withGithubToken === true;
  const actor = github ? BOT.login : typeof by === "string" ? by : repo.owner;
  // An App's bot (`tagwatch[bot]`) pushes with an installation token: runs do start.
  if (!github && !sim.world.accounts.has(actor.toLowerCase()) && !appOfBot(sim.world, actor))
    return json(400, { message: `Unknown user ${actor}` });
  const clash = (tags as string[]).find((tag) => repo.tags.has(tag));
  if (clash) return json(409, { message: `Tag ${clash} already exists` });
  const now = sim.world.now();
  const report = push(sim.world, repo, {
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
