import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// What the integration tests share: tagwatch pointed at the bundled simulator the way a GitHub
// Enterprise Server deployment is configured, the demo App's settings, and a gate in front of the
// simulator that can hold chosen requests (a GitHub slow at exactly the moment a test needs).

export const OWNER = "octo-maintainer";
export const MAINTAINER_TOKEN = "sim_token_octo-maintainer";
export const READER_TOKEN = "sim_token_octo-reader";
export const BADGE_TOKEN = "sim_token_tagwatch-bot";
export const INSTALLATION_ID = 51104;
export const WEBHOOK_SECRET = "tagwatch-demo-webhook-secret";
export const AUTH_SECRET = "integration-test-auth-secret-0123456789abcdef";

/** The demo App's settings (simulator/scenarios/demo.yaml), as a deployment sets them. */
export const APP_SETTINGS = {
  GITHUB_APP_ID: "1104",
  GITHUB_APP_PRIVATE_KEY: readFileSync("simulator/fixtures/tagwatch-app.test-key.pem", "utf8"),
  GITHUB_APP_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

/** Sets the environment tagwatch reads (lib/env.ts) before its modules are imported. */
export function useGitHub(url: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AUTH_SECRET,
    GITHUB_SERVER_URL: url,
    GITHUB_API_URL: `${url}/api/v3`,
    GITHUB_GRAPHQL_URL: `${url}/api/graphql`,
    ...extra,
  });
}

export type GatedRequest = { method: string; path: string; body: string };

export type Gate = {
  url: string;
  /** Holds every request `matches` accepts from now on, until release(). */
  hold(matches: (request: GatedRequest) => boolean): void;
  /** Resolves once `count` requests are being held. */
  arrivals(count: number): Promise<void>;
  /** Lets the held requests (and every later one) through. */
  release(): void;
  /** Requests `matches` accepts that went through, held or not. */
  passed(matches: (request: GatedRequest) => boolean): number;
  close(): Promise<void>;
};

const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "content-encoding",
  "expect",
  "upgrade",
]);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** A proxy in front of `target` (the simulator) that forwards everything except what it holds. */
export async function startGate(target: string): Promise<Gate> {
  let matches: ((request: GatedRequest) => boolean) | null = null;
  let held: (() => void)[] = [];
  const through: GatedRequest[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    waiters = waiters.filter((waiter) => {
      if (held.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const seen = { method: request.method ?? "GET", path: request.url ?? "/", body };
      if (matches?.(seen)) {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          notify();
        });
      }
      through.push(seen);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (!HOP_BY_HOP.has(name) && typeof value === "string") headers.set(name, value);
      }
      const answer = await fetch(`${target}${seen.path}`, {
        method: seen.method,
        headers,
        body: seen.method === "GET" || seen.method === "HEAD" ? undefined : body,
        redirect: "manual",
      });
      const payload = Buffer.from(await answer.arrayBuffer());
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) out[name] = value;
      });
      response.writeHead(answer.status, out).end(payload);
    })().catch((error: unknown) => {
      response.writeHead(599).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold(accept) {
      matches = accept;
    },
    arrivals(count) {
      return new Promise((resolve) => {
        waiters.push({ count, resolve });
        notify();
      });
    },
    release() {
      matches = null;
      const waiting = held;
      held = [];
      for (const resolve of waiting) resolve();
    },
    passed(accept) {
      return through.filter(accept).length;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Watch mode's full read of a repository (lib/github/queries/watch-repository.ts). */
export function watchRead(repo: string) {
  return (request: GatedRequest): boolean => {
    if (request.method !== "POST" || !request.path.endsWith("/graphql")) return false;
    const { query, variables } = JSON.parse(request.body) as {
      query?: string;
      variables?: { name?: string };
    };
    return Boolean(query?.includes("query WatchRepository")) && variables?.name === repo;
  };
}

/** A workflow dispatch in a repository (REST). */
export function dispatchIn(repo: string) {
  return (request: GatedRequest): boolean =>
    request.method === "POST" &&
    new RegExp(`/repos/[^/]+/${repo}/actions/workflows/[^/]+/dispatches$`).test(request.path);
}
