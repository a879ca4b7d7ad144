import { request } from "node:http";

// HTTP for the benchmark: loopback only, a small cookie jar, and a timed GET on node:http that
// reports time to first byte (response headers) and to the last byte of the (streamed) body.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Throws unless `url` points at this machine: the benchmark never talks to anything else. */
export function assertLoopback(url: string | URL): URL {
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname) || parsed.protocol !== "http:") {
    throw new Error(`Refusing a request outside this machine: ${parsed.origin}`);
  }
  return parsed;
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(headers: Headers | Record<string, string | string[] | undefined>): void {
    const lines =
      headers instanceof Headers
        ? headers.getSetCookie()
        : ([] as string[]).concat(headers["set-cookie"] ?? []);
    for (const line of lines) {
      const pair = line.split(";", 1)[0] ?? "";
      const equals = pair.indexOf("=");
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "")
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** fetch() to a loopback URL with cookies from (and into) `jar`, never following redirects. */
export async function fetchWithJar(
  url: string,
  jar: CookieJar | null,
  init: RequestInit = {},
): Promise<Response> {
  assertLoopback(url);
  const headers = new Headers(init.headers);
  if (jar?.header()) headers.set("cookie", jar.header());
  const response = await fetch(url, {
    ...init,
    headers,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  jar?.store(response.headers);
  return response;
}

export type Timed = {
  status: number;
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
};

/** GET `url` with an optional cookie header; times headers and the complete body. */
export function timedGet(url: string, cookie: string | null, timeoutMs = 60_000): Promise<Timed> {
  const target = assertLoopback(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      target,
      {
        method: "GET",
        headers: {
          ...(cookie ? { cookie } : {}),
          accept: "text/html,application/json;q=0.9,*/*;q=0.8",
          "accept-encoding": "identity",
        },
      },
      (response) => {
        const ttfbMs = performance.now() - started;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            ttfbMs,
            totalMs: performance.now() - started,
            bytes: body.length,
            body: body.toString("utf8"),
            headers: response.headers,
          });
        });
        response.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`GET ${url} took longer than ${timeoutMs / 1000} s`)),
    );
    req.on("error", reject);
    req.end();
  });
}

/** The `<script src>` a current browser loads (`noModule` polyfills only load in older ones). */
export function scriptSources(html: string): string[] {
  return [
    ...new Set(
      [...html.matchAll(/<script\b[^>]*>/g)]
        .map((match) => match[0])
        .filter((tag) => !/\bnomodule\b/i.test(tag))
        .map((tag) => (/\bsrc="([^"]+)"/.exec(tag)?.[1] ?? "").replace(/&amp;/g, "&"))
        .filter(Boolean),
    ),
  ];
}

/** A script's file as the build manifest names it (`static/chunks/...`). */
export function chunkFile(src: string): string {
  return new URL(src, "http://localhost").pathname.replace(/^\/_next\//, "");
}
