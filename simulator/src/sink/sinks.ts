import { json, type Reply } from "../http/reply";
import { escapeHtml, htmlPage } from "../web/html";
import {
  goneAnswer,
  type Platform,
  type PlatformAnswer,
  platformAnswer,
  rateLimitedAnswer,
  type SinkFaults,
  serverErrorAnswer,
} from "./platforms";

// The message sink: incoming webhooks that stand in for Slack, Discord, Teams or a signed-webhook
// receiver, at /_simulator/sink/{name}. Each answers as its platform does (platforms.ts), keeps
// every message it received with its answer, and can be told to rate-limit, fail or be deleted.
// Not GitHub: tagwatch reaches it only through a channel's URL, like any webhook.

export type SinkMessage = {
  at: string;
  /** The status the sink answered. */
  status: number;
  /** Whether the platform took (and would show) the message. */
  accepted: boolean;
  shown: string;
  /** content-type, user-agent and the Standard Webhooks headers, as received. */
  headers: Record<string, string>;
  /** The JSON received, or the raw text when it was not JSON. */
  body: unknown;
};

type Sink = {
  name: string;
  platform: Platform;
  secret: string | null;
  gone: "deleted" | "archived" | null;
  faults: SinkFaults;
  messages: SinkMessage[];
};

export type SinkSpec = { name: string; platform: Platform; secret?: string };

const PLATFORMS: Platform[] = ["slack", "discord", "teams", "webhook"];
const KEPT_HEADERS = [
  "content-type",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
];
const MAX_MESSAGES = 500;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

const noFaults = (): SinkFaults => ({ rateLimited: 0, retryAfter: 1, serverErrors: 0 });

export class Sinks {
  private sinks = new Map<string, Sink>();

  /** The scenario's sinks, empty (a reset forgets every message). */
  load(specs: SinkSpec[]): void {
    this.sinks = new Map();
    for (const spec of specs) this.create(spec);
  }

  private create(spec: SinkSpec): Sink {
    const sink: Sink = {
      name: spec.name,
      platform: spec.platform,
      secret: spec.secret ?? null,
      gone: null,
      faults: noFaults(),
      messages: [],
    };
    this.sinks.set(spec.name, sink);
    return sink;
  }

  /** `POST /_simulator/sink/{name}`: a message, answered as the sink's platform would. */
  receive(
    name: string,
    method: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
    search: URLSearchParams,
  ): Reply {
    const sink = this.sinks.get(name);
    // An unknown hook is one that never existed: Slack's answer, the most common.
    if (!sink) return goneAnswer("slack", "deleted").reply;
    if (method !== "POST") return json(405, { message: "405: Method Not Allowed" });
    const received: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = headers[name];
      if (typeof value === "string") received[name] = value;
    }
    let answer: PlatformAnswer;
    if (sink.gone) answer = goneAnswer(sink.platform, sink.gone);
    else if (sink.faults.rateLimited > 0) {
      sink.faults.rateLimited--;
      answer = rateLimitedAnswer(sink.platform, sink.faults.retryAfter);
    } else if (sink.faults.serverErrors > 0) {
      sink.faults.serverErrors--;
      answer = serverErrorAnswer(sink.platform);
    } else answer = platformAnswer(sink.platform, { body, headers: received, search }, sink.secret);
    let parsed: unknown = body;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Kept as text.
    }
    sink.messages.push({
      at: new Date().toISOString(),
      status: answer.reply.status,
      accepted: answer.accepted,
      shown: answer.shown,
      headers: received,
      body: parsed,
    });
    if (sink.messages.length > MAX_MESSAGES) sink.messages.shift();
    return answer.reply;
  }

  /** The control API's `/_simulator/sinks...` routes; null for other paths. */
  control(method: string, path: string, input: Record<string, unknown>): Reply | null {
    if (method === "GET" && path === "/_simulator/sinks") {
      return json(200, {
        sinks: [...this.sinks.values()].map((sink) => ({
          name: sink.name,
          platform: sink.platform,
          gone: sink.gone,
          messages: sink.messages.length,
        })),
      });
    }
    const match = /^\/_simulator\/sinks\/([^/]+)(?:\/(messages|faults|gone))?$/.exec(path);
    if (!match) return null;
    const name = match[1] ?? "";
    const part = match[2];
    if (method === "PUT" && !part) {
      const platform = input.platform as Platform;
      if (!NAME.test(name)) return json(400, { message: "name: letters, digits, . _ -" });
      if (!PLATFORMS.includes(platform))
        return json(400, { message: `platform: one of ${PLATFORMS.join(", ")}` });
      const secret = typeof input.secret === "string" ? input.secret : undefined;
      return json(200, this.view(this.create({ name, platform, secret })));
    }
    const sink = this.sinks.get(name);
    if (!sink) return json(404, { message: `No sink ${name}` });
    if (method === "GET" && !part) return json(200, this.view(sink));
    if (method === "DELETE" && part === "messages") {
      sink.messages = [];
      return json(200, this.view(sink));
    }
    if (method === "POST" && part === "faults") {
      const count = (value: unknown) =>
        typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
      sink.faults = {
        rateLimited: count(input.rateLimited),
        retryAfter: typeof input.retryAfter === "number" ? input.retryAfter : 1,
        serverErrors: count(input.serverErrors),
      };
      return json(200, this.view(sink));
    }
    if (method === "POST" && part === "gone") {
      const how = input.how;
      if (how !== "deleted" && how !== "archived" && how !== null)
        return json(400, { message: 'how: "deleted", "archived" or null' });
      sink.gone = how;
      return json(200, this.view(sink));
    }
    return json(404, { message: "Unknown control endpoint" });
  }

  private view(sink: Sink) {
    const { secret: _secret, ...rest } = sink;
    return rest;
  }

  /** `GET /_simulator/sink`: every sink and what it received, newest first. */
  page(): Reply {
    const sections = [...this.sinks.values()].map((sink) => {
      const items = [...sink.messages]
        .reverse()
        .map(
          (message) =>
            `<li><p class="note">${escapeHtml(message.at)} · answered ${message.status}${message.accepted ? "" : " (not posted)"}</p><pre style="white-space:pre-wrap">${escapeHtml(message.shown)}</pre></li>`,
        )
        .join("");
      const state = sink.gone ? ` · ${sink.gone}` : "";
      return `<section aria-label="${escapeHtml(sink.name)}"><h2>${escapeHtml(sink.name)} <small>(${sink.platform}${state})</small></h2>
<p class="note">POST /_simulator/sink/${escapeHtml(sink.name)}</p>
${items ? `<ol>${items}</ol>` : "<p>No messages yet.</p>"}</section>`;
    });
    const page = htmlPage(
      "Message sink",
      `<h1>Message sink</h1>
<p class="note">Webhooks standing in for Slack, Discord, Teams and signed-webhook receivers. Reload to see new messages.</p>
${sections.join("\n") || "<p>No sinks. Add one with PUT /_simulator/sinks/{name}.</p>"}`,
    );
    return { status: page.status, headers: page.headers, body: page.body };
  }
}
