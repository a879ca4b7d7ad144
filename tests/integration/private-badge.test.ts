import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "@/simulator/server";
import { parseXml } from "../unit/badges/xml";
import { BADGE_TOKEN, OWNER, useGitHub } from "./github";

// README badges are public and read with the server's GITHUB_TOKEN, which may see private
// repositories (an organisation's machine user usually does). The demo's badge bot reads
// private-service, so the rule "a private repository's badge reveals nothing" runs for real here:
// GitHub answers with the repository's tags, and the badge still says what it says for a
// repository that does not exist.

let sim: RunningSimulator;
let GET: typeof import("@/app/api/badge/[owner]/[repo]/route").GET;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  useGitHub(sim.url, { GITHUB_TOKEN: BADGE_TOKEN });
  ({ GET } = await import("@/app/api/badge/[owner]/[repo]/route"));
});

afterAll(async () => {
  await sim?.close();
});

function badge(repo: string, query = ""): Promise<Response> {
  const url = new URL(`http://localhost/api/badge/${OWNER}/${repo}${query}`);
  return GET(new Request(url), { params: Promise.resolve({ owner: OWNER, repo }) });
}

describe("the badge of a private repository the badge token can read", () => {
  it("GitHub shows the badge token the repository and its unreleased tag", async () => {
    const response = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${BADGE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ repository(owner: "${OWNER}", name: "private-service") {
          isPrivate viewerPermission refs(refPrefix: "refs/tags/", first: 10) { nodes { name } } } }`,
      }),
    });
    const { data } = (await response.json()) as {
      data: {
        repository: {
          isPrivate: boolean;
          viewerPermission: string;
          refs: { nodes: { name: string }[] };
        };
      };
    };
    expect(data.repository.isPrivate).toBe(true);
    expect(data.repository.viewerPermission).toBe("READ");
    expect(data.repository.refs.nodes.map((ref) => ref.name).sort()).toEqual(["v1.0.0", "v1.0.1"]);
  });

  it("answers byte for byte like a repository that does not exist, in every format", async () => {
    for (const query of ["", "?format=shields", "?style=for-the-badge&label=ship"]) {
      const hidden = await badge("private-service", query);
      const missing = await badge("does-not-exist", query);
      expect(hidden.status).toBe(404);
      expect(Object.fromEntries(hidden.headers)).toEqual(Object.fromEntries(missing.headers));
      const body = await hidden.text();
      expect(body).toBe(await missing.text());
      expect(body).not.toMatch(/private|v1\.0|unreleased|building/);
    }
    const svg = parseXml(await (await badge("private-service")).text());
    expect(svg.text).toContain("not found");
  });

  it("a public repository read with the same token shows its tags", async () => {
    const response = await badge("classic-cli", "?format=shields");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ message: "2 tags unreleased", color: "red" });
  });
});
