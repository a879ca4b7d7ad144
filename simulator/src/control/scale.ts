import { json, type Reply } from "../http/reply";
import type { SimulatorState } from "../http/simulator-state";
import { changeRepositories, generateRepositories } from "../state/organisations";

// The control API for scale: generated organisations (100 to 5,000 repositories), a share of
// them changed later, and the installations' rate limits (what is left this hour, a new hour).

const ORGANISATION = /^\/_simulator\/organizations\/([^/]+)\/(repositories|changes)$/;

function share(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === "number" && value >= 0 && value <= 1 ? value : null;
}

/** `/_simulator/organizations/...` and `/_simulator/rate-limits`; null for other paths. */
export function scaleControl(
  sim: SimulatorState,
  method: string,
  path: string,
  input: Record<string, unknown>,
): Reply | null {
  const organisation = ORGANISATION.exec(path);
  if (organisation && method === "POST") {
    const login = decodeURIComponent(organisation[1] ?? "");
    if (!sim.world.accounts.has(login.toLowerCase()))
      return json(404, { message: `No account ${login}` });
    if (organisation[2] === "repositories") return generate(sim, login, input);
    const given = share(input.share);
    const count = input.count;
    if (given === null || (count !== undefined && (typeof count !== "number" || count < 0)))
      return json(400, { message: "share is a number from 0 to 1; count a whole number" });
    const changed = changeRepositories(sim.world, login, {
      share: given,
      count: typeof count === "number" ? Math.floor(count) : undefined,
      withGithubToken: input.withGithubToken === true,
    });
    return json(200, { changed });
  }
  if (path !== "/_simulator/rate-limits") return null;
  switch (method) {
    case "GET":
      return json(200, { limits: sim.limits.list() });
    case "DELETE":
      // A new hour: every primary and content-creation count starts again.
      sim.limits.clear();
      sim.contentLimit.clear();
      return json(200, { limits: [] });
    case "POST": {
      const { installation, resource, remaining, resetInSeconds } = input;
      if (
        typeof installation !== "number" ||
        (resource !== "core" && resource !== "graphql") ||
        typeof remaining !== "number" ||
        remaining < 0 ||
        (resetInSeconds !== undefined && (typeof resetInSeconds !== "number" || resetInSeconds < 1))
      )
        return json(400, {
          message:
            "installation (id), resource (core or graphql) and remaining are required; resetInSeconds is at least 1",
        });
      const state = sim.limits.setRemaining(
        sim.world,
        { installation },
        resource,
        remaining,
        typeof resetInSeconds === "number" ? resetInSeconds : undefined,
      );
      if (!state) return json(404, { message: `No installation ${installation}` });
      return json(200, { resource, ...state });
    }
    default:
      return json(405, { message: "GET, POST or DELETE" });
  }
}

function generate(sim: SimulatorState, login: string, input: Record<string, unknown>): Reply {
  const { count, tagsEach, prefix } = input;
  const failedShare = share(input.failedShare);
  if (typeof count !== "number" || count < 1 || count > 20_000 || failedShare === null)
    return json(400, {
      message: "count (1 to 20,000) is required; failedShare is a number from 0 to 1",
    });
  const started = Date.now();
  try {
    const created = generateRepositories(sim.world, login, {
      repositories: Math.floor(count),
      tagsEach: typeof tagsEach === "number" ? tagsEach : undefined,
      failedShare,
      prefix: typeof prefix === "string" ? prefix : undefined,
    });
    return json(200, {
      created: created.length,
      first: created[0] ? `${created[0].owner}/${created[0].name}` : null,
      ms: Date.now() - started,
    });
  } catch (error) {
    return json(409, { message: (error as Error).message });
  }
}
