/** A fetch whose answers a leak check inspects (tests/leaks.ts). */
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** One entry of the simulator's request log (`GET /_simulator/requests`). */
export type SimulatorRequest = {
  at: string;
  method: string;
  path: string;
  status: number;
  kind: string;
  user?: string;
  graphqlCost?: number;
  operationName?: string;
};

/** The simulator's control API (simulator/README.md): the test's handle on "GitHub". */
export class SimulatorControl {
  /** `fetch`: a leak check's, so what the simulator answers is inspected too. */
  constructor(
    private readonly fetch: Fetch,
    readonly url: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(`${this.url}/_simulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Reloads the scenario it runs, or the one named (which it then runs). */
  reset(scenario?: string) {
    return this.call("POST", "reset", scenario ? { scenario } : {});
  }

  faults(faults: Record<string, unknown>) {
    return this.call("POST", "faults", faults);
  }

  clearFaults() {
    return this.call("DELETE", "faults");
  }

  /** GitHub fails every page of an owner's repository list after the first (502, a hundred times). */
  failLaterOwnerListPages() {
    return this.faults({
      failures: [
        {
          pathPrefix: "/api/graphql",
          bodyPattern: 'OwnerRepositories[\\s\\S]*"after":"',
          status: 502,
          count: 100,
        },
      ],
    });
  }

  /** Every token the simulator knows (issued by OAuth, to the App, or fixed by the scenario). */
  async tokens(): Promise<{ token: string; login: string }[]> {
    return (await this.call<{ tokens: { token: string; login: string }[] }>("GET", "tokens"))
      .tokens;
  }

  /** A repository as GitHub's REST API shows it to a person who can see it (webhook payloads name its ids). */
  async repository(
    fullName: string,
    login = fullName.split("/")[0],
  ): Promise<{ id: number; node_id: string; full_name: string }> {
    const token = (await this.tokens()).find((entry) => entry.login === login)?.token;
    if (!token) throw new Error(`simulator: no token of ${login}`);
    const response = await this.fetch(`${this.url}/repos/${fullName}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`simulator GET /repos/${fullName}: HTTP ${response.status}`);
    const { id, node_id, full_name } = (await response.json()) as {
      id: number;
      node_id: string;
      full_name: string;
    };
    return { id, node_id, full_name };
  }

  /** The repository GitHub lists last for an organisation's member (least recently pushed). */
  async lastRepositoryOf(organization: string, member: string): Promise<string> {
    const token = (await this.tokens()).find((entry) => entry.login === member)?.token;
    if (!token) throw new Error(`simulator: no token of ${member}`);
    const response = await this.fetch(`${this.url}/api/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "query Last($login: String!) { organization(login: $login) { repositories(last: 1, orderBy: { field: PUSHED_AT, direction: DESC }) { nodes { nameWithOwner } } } }",
        variables: { login: organization },
      }),
    });
    const body = (await response.json()) as {
      data?: { organization?: { repositories: { nodes: { nameWithOwner: string }[] } } };
    };
    const last = body.data?.organization?.repositories.nodes[0]?.nameWithOwner;
    if (!last) throw new Error(`simulator: ${organization} lists no repository`);
    return last;
  }

  async requests(): Promise<SimulatorRequest[]> {
    const body = await this.call<{ requests: SimulatorRequest[] }>("GET", "requests");
    return body.requests;
  }

  clearRequests() {
    return this.call("DELETE", "requests");
  }

  push(body: {
    owner: string;
    repo: string;
    by: string;
    withGithubToken: boolean;
    tags: string[];
    annotated?: boolean;
  }) {
    return this.call("POST", "push", body);
  }
}
