import { BADGE_TOKEN_PATTERN } from "@/lib/badges/token";
import { OAUTH_CLIENT_SECRET, TEST_AUTH_SECRET, TEST_CRON_SECRET } from "./app-under-test";

// What the servers under test (tagwatch, its extra instances, the simulator) send back must never
// carry a token or a secret they hold. A LeakCheck collects every answer a test received (through
// its `fetch`, or handed to `inspect`) and the app's answers to the simulator's webhook
// deliveries, and finds the secrets in them. The e2e suite's LeakGuard (tests/e2e/leak-guard.ts)
// adds the browser's and Playwright's answers; the integration tests over HTTP use it as it is.

/** The App tagwatch runs as (scripts/with-simulator.ts configures it from the simulator). */
const APP_SLUG = "tagwatch";
/** GitHub's token formats (user, installation, personal, refresh): any one in an answer is a leak. */
const GITHUB_TOKEN = /\b(?:gh[opsur]|github_pat)_[A-Za-z0-9_-]{20,}/g;
/** The simulator's control API hands these to the test on purpose; nothing else may. */
const SECRET_HANDOUTS = [/\/_simulator\/tokens$/, /\/_simulator\/apps\/[^/]+\/credentials$/];
/**
 * Making a badge link (POST) answers its badge token, once, on purpose: the check learns it there,
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

export class LeakCheck {
  private received: { where: string; text: string }[] = [];
  /** Every secret ever known, by value: a token stays secret after it expires or a reset. */
  private readonly known = new Map<string, string>([
    [TEST_AUTH_SECRET, "AUTH_SECRET"],
    [TEST_CRON_SECRET, "CRON_SECRET"],
    [OAUTH_CLIENT_SECRET, "the OAuth client secret"],
  ]);
  private readonly deliveriesSeen = new Set<string>();
  protected checkingMs = 0;
  /** Responses inspected per channel, so a test can show the check is not blind. */
  readonly seen = { browser: 0, api: 0, node: 0, deliveries: 0, bodiesLost: 0 };

  /** `simUrl`: the simulator whose tokens and App credentials are the secrets to look for. */
  constructor(private readonly simUrl: string) {}

  /** Node's fetch, inspected: the only fetch test helpers use. */
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

  /** Records one answer for the next `check`; `request` tells a badge token's handout. */
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

  /** Waits for answers still being read (the browser's, in the e2e suite). */
  async settle(): Promise<void> {}

  /** A secret only the test knows (a webhook URL it gave the app): it must never come back either. */
  addSecret(value: string, label: string): void {
    this.known.set(value, label);
  }

  /** Every token and secret the servers know right now, added to those known before. */
  async secrets(): Promise<Map<string, string>> {
    const tokens = (await (await fetch(`${this.simUrl}/_simulator/tokens`)).json()) as {
      tokens: { token: string; login: string }[];
    };
    for (const { token, login } of tokens.tokens) this.known.set(token, `${login}'s token`);
    const response = await fetch(`${this.simUrl}/_simulator/apps/${APP_SLUG}/credentials`);
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
    const deliveries = (await (await fetch(`${this.simUrl}/_simulator/deliveries`)).json()) as {
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
