import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { demoClient, MAINTAINER } from "./test-client";

let sim: { url: string; port: number; close(): Promise<void> };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, runStepMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

const { gql, rest, control } = demoClient(() => sim.url);

describe("OAuth", () => {
  const redirectUri = "http://localhost:3999/api/auth/callback/github";

  async function authorize(login: string) {
    const page = await fetch(
      `${sim.url}/login/oauth/authorize?client_id=tagwatch-demo&redirect_uri=${encodeURIComponent(redirectUri)}&scope=read:user%20repo&state=xyz&response_type=code`,
    );
    const html = await page.text();
    expect(html).toContain("Authorize tagwatch");
    expect(html).toMatch(/<button type="submit">Authorize<\/button>/);
    expect(html).toContain('value="octo-maintainer" checked');
    expect(html).not.toContain("tagwatch-bot");
    const form = new URLSearchParams({
      client_id: "tagwatch-demo",
      redirect_uri: redirectUri,
      state: "xyz",
      scope: "read:user repo",
      login,
    });
    const submitted = await fetch(`${sim.url}/login/oauth/authorize`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    expect(submitted.status).toBe(302);
    const location = new URL(submitted.headers.get("location") as string);
    expect(location.searchParams.get("state")).toBe("xyz");
    return location.searchParams.get("code") as string;
  }

  it("issues a token for a code, with client credentials in HTTP Basic", async () => {
    const code = await authorize("octo-reader");
    const response = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: {
        accept: "application/json",
        authorization: `Basic ${Buffer.from("tagwatch-demo:tagwatch-demo-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        code,
        redirect_uri: redirectUri,
        grant_type: "authorization_code",
      }),
    });
    const token = await response.json();
    expect(token).toMatchObject({ token_type: "bearer", scope: "read:user repo" });
    expect(token.access_token).toMatch(/^gho_[A-Za-z0-9]{36}$/);
    expect((await rest("GET", "/user", { token: token.access_token })).body.login).toBe(
      "octo-reader",
    );
    const tokens = await control("GET", "tokens");
    expect(tokens.body.tokens.map((entry: { token: string }) => entry.token)).toContain(
      token.access_token,
    );
    // Codes are single use.
    const reuse = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({
        client_id: "tagwatch-demo",
        client_secret: "tagwatch-demo-secret",
        code,
      }),
    });
    expect(await reuse.json()).toMatchObject({
      error: "bad_verification_code",
      error_description: "The code passed is incorrect or expired.",
    });
  });

  it("answers form-encoded without Accept: application/json, and 400 for an unknown client", async () => {
    const code = await authorize("octo-maintainer");
    const response = await fetch(`${sim.url}/login/oauth/access_token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: "tagwatch-demo",
        client_secret: "tagwatch-demo-secret",
        code,
      }),
    });
    const params = new URLSearchParams(await response.text());
    expect(params.get("access_token")).toMatch(/^gho_/);
    expect((await fetch(`${sim.url}/login/oauth/authorize?client_id=nope`)).status).toBe(400);
  });

  it("a person who revokes the OAuth app on GitHub ends its tokens: 401 Bad credentials, even after a reset", async () => {
    const exchange = async (login: string) => {
      const code = await authorize(login);
      const response = await fetch(`${sim.url}/login/oauth/access_token`, {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: JSON.stringify({
          client_id: "tagwatch-demo",
          client_secret: "tagwatch-demo-secret",
          code,
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const [first, second, other] = [
      await exchange("octo-maintainer"),
      await exchange("octo-maintainer"),
      await exchange("octo-reader"),
    ];
    expect((await rest("GET", "/user", { token: first })).status).toBe(200);
    const issued = (await control("GET", "tokens")).body.tokens.filter(
      (entry: { login: string; clientId: string | null }) =>
        entry.login === "octo-maintainer" && entry.clientId === "tagwatch-demo",
    );
    expect(issued.length).toBeGreaterThanOrEqual(2);

    const revoked = await control("POST", "oauth/revoke", {
      login: "octo-maintainer",
      clientId: "tagwatch-demo",
    });
    expect(revoked.body).toEqual({ revoked: issued.length });
    for (const token of [first, second]) {
      const answer = await rest("GET", "/user", { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ message: "Bad credentials" });
      const query = await gql("{ viewer { login } }", {}, token);
      expect(query.status).toBe(401);
      expect(query.body).toMatchObject({ message: "Bad credentials" });
    }
    // Another person's authorization and the scenario's fixed tokens are untouched.
    expect((await rest("GET", "/user", { token: other })).status).toBe(200);
    expect((await rest("GET", "/user")).status).toBe(200);
    await control("POST", "reset", {});
    expect((await rest("GET", "/user", { token: first })).status).toBe(401);
    expect((await rest("GET", "/user", { token: other })).status).toBe(200);

    // One token alone, and the refusals.
    expect((await control("POST", "oauth/revoke", { token: other })).body).toEqual({ revoked: 1 });
    expect((await rest("GET", "/user", { token: other })).status).toBe(401);
    expect((await control("POST", "oauth/revoke", { token: other })).status).toBe(404);
    expect((await control("POST", "oauth/revoke", { login: "octo-reader" })).status).toBe(400);
  });
});

describe("control API", () => {
  it("logs requests with kind, cost, user and own work time, and injects failures", async () => {
    await control("DELETE", "requests");
    await control("POST", "faults", {
      failures: [{ pathPrefix: "/api/v3/user", status: 502, count: 1 }],
    });
    const edge = await fetch(`${sim.url}/api/v3/user`, {
      headers: { authorization: `Bearer ${MAINTAINER}` },
    });
    expect(edge.status).toBe(502);
    expect(edge.headers.get("content-type")).toContain("text/html");
    expect((await rest("GET", "/user")).status).toBe(200);
    await gql(`query Who { viewer { login } }`);
    const { body } = await control("GET", "requests");
    expect(body.requests.map((request: { status: number }) => request.status)).toEqual([
      502, 200, 200,
    ]);
    expect(body.requests[2]).toMatchObject({
      kind: "graphql",
      graphqlCost: 1,
      operationName: "Who",
      user: "octo-maintainer",
    });
    // The bench reads each answer's own work beside the injected latency.
    for (const request of body.requests) expect(request.workMs).toBeGreaterThanOrEqual(0);
    await control("POST", "faults", {
      failures: [{ pathPrefix: "/api/graphql", status: 429, count: 1 }],
    });
    const limited = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `bearer ${MAINTAINER}` },
      body: "{}",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    await control("DELETE", "faults");
    expect((await control("GET", "health")).body.ok).toBe(true);
  });

  it("answers the requests a slowdown matches later than the others, as many as it counts", async () => {
    expect(
      (await control("POST", "faults", { slowdowns: [{ pathPrefix: "/api/graphql" }] })).status,
    ).toBe(400);
    await control("POST", "faults", {
      slowdowns: [{ pathPrefix: "/api/graphql", delayMs: 1_000, count: 1 }],
    });
    try {
      // Sent together: the REST read answers while the slowed query is still held (a margin of a
      // second, which a busy machine does not eat).
      const answered: string[] = [];
      const slowed = gql("query Slow { viewer { login } }").then(() => answered.push("graphql"));
      await rest("GET", "/user").then(() => answered.push("rest"));
      await slowed;
      expect(answered).toEqual(["rest", "graphql"]);
      expect((await control("GET", "faults")).body.slowdowns).toEqual([
        { pathPrefix: "/api/graphql", delayMs: 1_000, count: 0 },
      ]);
    } finally {
      await control("DELETE", "faults");
    }
  });
});
