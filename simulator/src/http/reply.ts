import type { IncomingMessage } from "node:http";
import { htmlPage } from "../web/html";

// What the simulator's HTTP handlers return, and the helpers that build a reply.

export type Reply = { status: number; headers: Record<string, string>; body: string | Buffer };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: body === undefined ? "" : JSON.stringify(body),
  };
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export function htmlPageReply(status: number, title: string, body: string): Reply {
  const page = htmlPage(title, body, status);
  return { status: page.status, headers: page.headers, body: page.body };
}
