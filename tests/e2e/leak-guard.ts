import type { APIRequest, APIRequestContext, Browser, BrowserContext } from "@playwright/test";
import { LeakCheck } from "../leaks";

export type { Leak } from "../leaks";

// The e2e suite's leak check (tests/leaks.ts) sees every response of every kind of request the
// tests make: every browser context's responses (pages, popups, contexts a test opens itself),
// every APIRequestContext's (`request`, `page.request`, `context.request`, new ones), the Node
// fetch the tests' helpers use (`LeakGuard.fetch`), and the app's answers to the simulator's
// webhook deliveries. What a test sends (the cron bearer, a signature) is its own.

export class LeakGuard extends LeakCheck {
  private reading = new Set<Promise<void>>();
  private readonly guarded = new WeakSet<object>();
  /** Next's build output under content-hashed names: the same URL is the same file, read once. */
  private readonly staticRead = new Set<string>();

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
      // One connection per request: Playwright pools keep-alive sockets without reading the
      // server's Keep-Alive timeout (5 s in Node), so a socket idle that long may be reused as the
      // server closes it, a `read ECONNRESET` no server answered (microsoft/playwright#42698).
      // (Headers given replace a Request's own: keep those.)
      const headers =
        options?.headers ?? (typeof urlOrRequest === "string" ? {} : urlOrRequest.headers());
      const response = await fetchOriginal(urlOrRequest, {
        ...options,
        headers: { ...headers, connection: "close" },
      });
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
  override async settle(): Promise<void> {
    while (this.reading.size > 0) await Promise.all([...this.reading]);
  }
}
