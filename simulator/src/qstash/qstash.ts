import { createHash, createHmac, randomBytes } from "node:crypto";
import { json, type Reply } from "../http/reply";

// A stand-in for Upstash QStash's publish API, next to the GitHub it simulates (Vercel's
// marketplace offers both to a deployment): `POST /qstash/v2/publish/<destination URL>` with the
// token, `Upstash-Delay` or `Upstash-Not-Before`, `Upstash-Deduplication-Id`, `Upstash-Retries`
// and forwarded headers; the message is delivered when due, signed the way QStash signs (an HS256
// JWT in `Upstash-Signature`: iss "Upstash", sub the URL, a 5-minute lifetime, body the
// base64url SHA-256 of the body), and retried while the destination does not answer 2xx.
// Retries wait 1 s, 2 s, 3 s here (QStash backs off for longer).

export const QSTASH_CREDENTIALS = {
  token: "sim_qstash_token",
  currentSigningKey: "sig_sim_current_3f9a1c7e5b2d4068",
  nextSigningKey: "sig_sim_next_8b6e0d2a4c1f3579",
} as const;

const DEFAULT_RETRIES = 3;
const JWT_LIFETIME_S = 300;

type State = "CREATED" | "RETRY" | "DELIVERED" | "ERROR";

type Message = {
  messageId: string;
  url: string;
  method: string;
  body: string;
  headers: Record<string, string>;
  notBefore: number;
  createdAt: number;
  retries: number;
  retried: number;
  state: State;
  deduplicationId: string | null;
  responses: { status: number; at: string }[];
  timer: ReturnType<typeof setTimeout> | null;
};

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** QStash's signature of one delivery: what `Receiver.verify` from @upstash/qstash checks. */
export function signDelivery(key: string, url: string, body: string, now = Date.now()): string {
  const seconds = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: "Upstash",
      sub: url,
      exp: seconds + JWT_LIFETIME_S,
      nbf: seconds,
      iat: seconds,
      jti: `jwt_${randomBytes(12).toString("hex")}`,
      body: createHash("sha256").update(body).digest("base64url"),
    }),
  );
  const signature = createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

function error(status: number, message: string): Reply {
  return json(status, { error: message });
}

export class QStash {
  private messages: Message[] = [];
  private readonly deduplicated = new Map<string, string>();
  private readonly inFlight = new Set<Promise<void>>();

  /** `POST /qstash/v2/publish/<destination>`: the publish API. */
  publish(path: string, headers: Record<string, string>, body: string): Reply {
    if (headers.authorization !== `Bearer ${QSTASH_CREDENTIALS.token}`)
      return error(401, "invalid token");
    const destination = path.replace(/^\/v2\/publish\//, "");
    let url: URL;
    try {
      url = new URL(destination);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    } catch {
      return error(400, `invalid destination url: ${destination}`);
    }
    const now = Date.now();
    let notBefore = now;
    const delay = headers["upstash-delay"];
    if (delay !== undefined) {
      const match = /^(\d+)([smhd])$/.exec(delay.trim());
      if (!match) return error(400, `invalid Upstash-Delay header: ${delay}`);
      notBefore = now + Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1000);
    }
    const absolute = headers["upstash-not-before"];
    if (absolute !== undefined) {
      if (!/^\d+$/.test(absolute)) return error(400, `invalid Upstash-Not-Before: ${absolute}`);
      notBefore = Number(absolute) * 1000;
    }
    const retries = headers["upstash-retries"];
    if (retries !== undefined && !/^\d+$/.test(retries))
      return error(400, `invalid Upstash-Retries: ${retries}`);
    const deduplicationId = headers["upstash-deduplication-id"] ?? null;
    const existing = deduplicationId ? this.deduplicated.get(deduplicationId) : undefined;
    if (existing) return json(202, { messageId: existing, deduplicated: true });
    const forwarded: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name.startsWith("upstash-forward-"))
        forwarded[name.slice("upstash-forward-".length)] = value;
    }
    if (headers["content-type"]) forwarded["content-type"] = headers["content-type"];
    const message: Message = {
      messageId: `msg_${randomBytes(16).toString("hex")}`,
      url: url.toString(),
      method: headers["upstash-method"] ?? "POST",
      body,
      headers: forwarded,
      notBefore,
      createdAt: now,
      retries: retries === undefined ? DEFAULT_RETRIES : Number(retries),
      retried: 0,
      state: "CREATED",
      deduplicationId,
      responses: [],
      timer: null,
    };
    this.messages.push(message);
    if (deduplicationId) this.deduplicated.set(deduplicationId, message.messageId);
    this.schedule(message, notBefore - now);
    return json(201, { messageId: message.messageId });
  }

  private schedule(message: Message, delayMs: number): void {
    if (message.timer) clearTimeout(message.timer);
    message.timer = setTimeout(() => this.track(this.deliver(message)), Math.max(0, delayMs));
    message.timer.unref?.();
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    return delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(message: Message): Promise<void> {
    message.timer = null;
    if (message.state === "DELIVERED" || message.state === "ERROR") return;
    let status = 0;
    try {
      const response = await fetch(message.url, {
        method: message.method,
        headers: {
          ...message.headers,
          "upstash-signature": signDelivery(
            QSTASH_CREDENTIALS.currentSigningKey,
            message.url,
            message.body,
          ),
          "upstash-message-id": message.messageId,
          "upstash-retried": String(message.retried),
        },
        body: message.method === "GET" || message.method === "HEAD" ? undefined : message.body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    message.responses.push({ status, at: new Date().toISOString() });
    if (status >= 200 && status < 300) {
      message.state = "DELIVERED";
      return;
    }
    if (message.retried >= message.retries) {
      message.state = "ERROR";
      return;
    }
    message.retried += 1;
    message.state = "RETRY";
    this.schedule(message, message.retried * 1000);
  }

  /** Control API: `GET /_simulator/qstash`, `POST .../deliver` (every waiting message now), `DELETE`. */
  async control(method: string, path: string, base: string): Promise<Reply | null> {
    if (path === "/_simulator/qstash" && method === "GET") {
      return json(200, {
        url: `${base}/qstash`,
        ...QSTASH_CREDENTIALS,
        messages: this.messages.map(({ timer: _timer, ...message }) => ({
          ...message,
          notBefore: new Date(message.notBefore).toISOString(),
          createdAt: new Date(message.createdAt).toISOString(),
        })),
      });
    }
    if (path === "/_simulator/qstash/deliver" && method === "POST") {
      // Time passes: every waiting message is delivered now, and this answers once they were.
      const waiting = this.messages.filter(
        (message) => message.state === "CREATED" || message.state === "RETRY",
      );
      for (const message of waiting) {
        if (message.timer) clearTimeout(message.timer);
        message.timer = null;
      }
      await Promise.all([
        ...waiting.map((message) => this.track(this.deliver(message))),
        ...this.inFlight,
      ]);
      return json(200, {
        delivered: waiting.map(({ messageId, state, responses }) => ({
          messageId,
          state,
          responses,
        })),
      });
    }
    if (path === "/_simulator/qstash" && method === "DELETE") {
      this.clear();
      return json(200, { messages: [] });
    }
    return null;
  }

  clear(): void {
    for (const message of this.messages) if (message.timer) clearTimeout(message.timer);
    this.messages = [];
    this.deduplicated.clear();
  }
}
