import type { APIRequest, APIRequestContext, Browser, BrowserContext } from "@playwright/test";
import { BADGE_TOKEN_PATTERN } from "@/lib/badges/token";
import { E2E_AUTH_SECRET, E2E_CRON_SECRET, OAUTH_CLIENT_SECRET, SIM_URL } from "./constants";

// What the servers under test (tagwatch, its extra instances, the simulator) send back must never
// carry a token or a secret they hold. Every response of every kind of request the e2e tests make
// passes through one LeakGuard: every browser context's responses (pages, popups, contexts a test
// opens itself), every APIRequestContext's (`request`, `page.request`, `context.request`, new
// ones), the Node fetch the tests' helpers use (`LeakGuard.fetch`), and the app's answers to the
// simulator's webhook deliveries. What a test sends (the cron bearer, a signature) is its own.

/** The App tagwatch runs as (scripts/with-simulator.ts configures it from the simulator). */
const APP_SLUG = "tagwatch";
/** GitHub's token formats (user, installation, personal, refresh): any one in an answer is a leak. */
const GITHUB_TOKEN = /\b(?:gh[opsur]|github_pat)_[A-Za-z0-9_-]{20,}/g;
/** The simulator's control API hands these to the test on purpose; nothing else may. */
const SECRET_HANDOUTS = [/\/_simulator\/tokens$/, /\/_simulator\/apps\/[^/]+\/credentials$/];
/**
 * Making a badge link (POST) answers its badge token, once, on purpose: the guard learns it there,
 * and any other answer that carries it, or any badge token it never saw handed out, is a leak.
 */
const BADGE_TOKEN_HANDOUT = /\/api\/repos\/[^/]+\/[^/]+\/badge-token$/;

export type Leak = { where: string; secret: string };

type Credentials = {
  clientSecret: string;
  privateKey: string;
  webhookSecret: string | null;
};

/** A short, printable name for where a secret was found, without the secret itself. */
function nameOf(label: string, secret: string): string {
  return `${label} (${secret.slice(0, 8)}…)`;
}

export class LeakGuard {
  private received: { where: string; text: string }[] = [];
  private reading = new Set<Promise<void>>();
  /** Every secret ever known, by value: a token stays secret after it expires or a reset. */
  private readonly known = new Map<string, string>([
    [E2E_AUTH_SECRET, "AUTH_SECRET"],
    [E2E_CRON_SECRET, "CRON_SECRET"],
    [OAUTH_CLIENT_SECRET, "the OAuth client secret"],
  ]);
  private readonly guarded = new WeakSet<object>();
  private readonly deliveriesSeen = new Set<string>();
  /** Next's build output under content-hashed names: the same URL is the same file, read once. */
  private readonly staticRead = new Set<string>();
  private checkingMs = 0;
  /** Responses inspected per channel, so a test can show the guard is not blind. */
  readonly seen = { browser: 0, api: 0, node: 0, deliveries: 0, bodiesLost: 0 };

  /** Node's fetch, inspected: the only fetch e2e helpers use. */
  readonly fetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const url = response.url || String(input);
    if (!SECRET_HANDOUTS.some((pattern) => pattern.test(new URL(url).pathname))) {
      const body = await response.clone().text();
      this.seen.node++;
      const method = init?.method ?? "GET";
      this.inspect(`fetch ${method} ${url}`, [...response.headers], body, { method, url });
    }
    return response;
  };

  /** Records one answer for the next `verify`; `request` tells a badge token's handout. */
  inspect(
    where: string,
    headers: unknown,
    body: string,
    request?: { method: string; url: string },
  ): void {
    let text = `${JSON.stringify(headers)}\n${body}`;
    if (
      request?.method.toUpperCase() === "POST" &&
      BADGE_TOKEN_HANDOUT.test(new URL(request.url).pathname)
    ) {
      for (const [token] of body.matchAll(BADGE_TOKEN_PATTERN)) {
        this.known.set(token, "a badge token");
      }
      text = text.replaceAll(BADGE_TOKEN_PATTERN, "(the badge token handed out)");
    }
    this.received.push({ where, text });
  }

  /** Every context this browser opens from now on, and the ones already open. */
  watchBrowser(browser: Browser): void {
    for (const context of browser.contexts()) this.watchContext(context);
    browser.on("context", (context) => this.watchContext(context));
  }

  /** Every APIRequestContext made from `playwright.request` (the `request` fixture's too). */
  watchApiRequests(api: APIRequest): void {
    const newContext = api.newContext.bind(api);
    api.newContext = async (options) => this.watchApi(await newContext(options));
  }

  private watchContext(context: BrowserContext): void {
    if (this.guarded.has(context)) return;
    this.guarded.add(context);
    context.on("response", (response) => {
      const status = response.status();
      const url = response.url();
      const immutable = new URL(url).pathname.startsWith("/_next/static/");
      const again = immutable && this.staticRead.has(url);
      if (immutable) this.staticRead.add(url);
      const reading = (async () => {
        const headers = await response.allHeaders();
        // A redirect has no body; a page navigated away may have lost its body (headers remain).
        const body =
          (status >= 300 && status < 400) || again
            ? ""
            : await response.body().then(
                (buffer) => buffer.toString("utf8"),
                () => {
                  this.seen.bodiesLost++;
                  return "";
                },
              );
        this.seen.browser++;
        const method = response.request().method();
        this.inspect(`browser ${status} ${url}`, headers, body, { method, url });
      })().catch(() => {});
      this.reading.add(reading);
      void reading.finally(() => this.reading.delete(reading));
    });
    this.watchApi(context.request);
    // Bodies still being read when a context closes would be lost: finish reading first.
    const close = context.close.bind(context);
    context.close = async (options) => {
      await this.settle();
      return close(options);
    };
  }

  private watchApi(api: APIRequestContext): APIRequestContext {
    if (this.guarded.has(api)) return api;
    this.guarded.add(api);
    // get/post/put/patch/delete/head all go through fetch.
    const fetchOriginal = api.fetch.bind(api);
    api.fetch = async (urlOrRequest, options) => {
      const response = await fetchOriginal(urlOrRequest, options);
      const body = await response.body().catch(() => Buffer.alloc(0));
      this.seen.api++;
      const method =
        options?.method ?? (typeof urlOrRequest === "string" ? "GET" : urlOrRequest.method());
      this.inspect(
        `request ${method} ${response.url()}`,
        response.headersArray(),
        body.toString("utf8"),
        { method, url: response.url() },
      );
      return response;
    };
    return api;
  }

  /** One line on what the guard saw (printed once per worker). */
  summary(): string {
    const { browser, api, node, deliveries, bodiesLost } = this.seen;
    return `leak guard: checked ${browser} browser, ${api} API-request, ${node} fetch and ${deliveries} webhook answers in ${Math.round(this.checkingMs)} ms (${bodiesLost} browser bodies gone before they could be read: headers only)`;
  }

  /** Waits for the browser bodies being read. */
  async settle(): Promise<void> {
    while (this.reading.size > 0) await Promise.all([...this.reading]);
  }

  /** Every token and secret the servers know right now, added to those known before. */
  async secrets(): Promise<Map<string, string>> {
    const tokens = (await (await fetch(`${SIM_URL}/_simulator/tokens`)).json()) as {
      tokens: { token: string; login: string }[];
    };
    for (const { token, login } of tokens.tokens) this.known.set(token, `${login}'s token`);
    const response = await fetch(`${SIM_URL}/_simulator/apps/${APP_SLUG}/credentials`);
    if (response.ok) {
      const app = (await response.json()) as Credentials;
      this.known.set(app.clientSecret, "the App's client secret");
      if (app.webhookSecret) this.known.set(app.webhookSecret, "the App's webhook secret");
      this.known.set(app.privateKey, "the App's private key");
      // The key's body, line by line: it may be sent re-wrapped, escaped or in pieces.
      for (const line of app.privateKey.split("\n")) {
        if (line.length >= 16 && !line.startsWith("-----"))
          this.known.set(line, "a line of the App's private key");
      }
    } else await response.body?.cancel();
    return this.known;
  }

  /** The secrets and token-shaped strings in each text, named (Redis entries, a probe). */
  async leaksIn(texts: { where: string; text: string }[]): Promise<Leak[]> {
    const secrets = await this.secrets();
    return texts.flatMap(({ where, text }) => this.find(secrets, where, text));
  }

  private find(secrets: Map<string, string>, where: string, text: string): Leak[] {
    const leaks: Leak[] = [];
    for (const [secret, label] of secrets) {
      if (secret.length >= 8 && text.includes(secret))
        leaks.push({ where, secret: nameOf(label, secret) });
    }
    for (const [token] of text.matchAll(GITHUB_TOKEN)) {
      if (!secrets.has(token)) leaks.push({ where, secret: nameOf("a GitHub token", token) });
    }
    for (const [token] of text.matchAll(BADGE_TOKEN_PATTERN)) {
      if (!secrets.has(token)) leaks.push({ where, secret: nameOf("a badge token", token) });
    }
    return leaks;
  }

  /**
   * Checks everything received since the last call, and the app's answers to the webhook
   * deliveries the simulator made; returns the leaks (empty when there are none).
   */
  async check(): Promise<Leak[]> {
    await this.settle();
    const started = performance.now();
    const deliveries = (await (await fetch(`${SIM_URL}/_simulator/deliveries`)).json()) as {
      deliveries: { guid: string; event: string; response: unknown }[];
    };
    for (const delivery of deliveries.deliveries) {
      if (this.deliveriesSeen.has(delivery.guid)) continue;
      this.deliveriesSeen.add(delivery.guid);
      this.seen.deliveries++;
      this.inspect(
        `webhook ${delivery.event} ${delivery.guid}: the app's answer`,
        [],
        JSON.stringify(delivery.response),
      );
    }
    const received = this.received;
    this.received = [];
    const leaks = await this.leaksIn(received);
    this.checkingMs += performance.now() - started;
    return leaks;
  }
}
