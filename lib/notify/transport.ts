import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress, literalAddress } from "./address";

// One POST to a webhook, with node:http(s) rather than fetch so the address check runs inside the
// connection's own DNS lookup: the address checked is the address connected to. No redirects are
// followed (a webhook that redirects elsewhere is not the one the admin gave), no cookies are
// kept, and only the start of the answer is read.

export type HttpAnswer = {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
};

export type OutgoingRequest = { url: string; body: string; headers: Record<string, string> };

/** Sends one request; throws a TransportError when there is no answer. */
export type Transport = (request: OutgoingRequest) => Promise<HttpAnswer>;

/** No answer. `sent: false` when the request certainly never left (a retry cannot duplicate it). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly sent: boolean,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

const TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 16 * 1024;
/** Failures before a byte was sent. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ERR_TAGWATCH_LOCAL_ADDRESS",
]);

class LocalAddressError extends Error {
  readonly code = "ERR_TAGWATCH_LOCAL_ADDRESS";
  constructor(host: string) {
    super(`${host} resolves to a private, loopback or link-local address`);
  }
}

/** A dns.lookup that refuses names resolving to anything but public addresses. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || !list.every((entry) => isPublicAddress(entry.address))) {
      return callback(new LocalAddressError(hostname), "", 4);
    }
    if ((options as { all?: boolean }).all) {
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    }
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
};

/** The transport deliveries use: public addresses only, unless `allowLocal`. */
export function createTransport(options: { allowLocal: boolean }): Transport {
  return (request) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const url = new URL(request.url);
      const literal = literalAddress(url.hostname);
      if (!options.allowLocal && literal && !isPublicAddress(literal)) {
        reject(new TransportError(new LocalAddressError(url.hostname).message, false));
        return;
      }
      const client = url.protocol === "https:" ? https : http;
      const outgoing = client.request(
        url,
        {
          method: "POST",
          headers: {
            ...request.headers,
            "content-length": String(Buffer.byteLength(request.body)),
            "user-agent": "tagwatch",
          },
          timeout: TIMEOUT_MS,
          ...(options.allowLocal ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined)
                headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            resolve({
              status: response.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY_BYTES),
            });
          });
          response.on("error", () => reject(new TransportError("the answer broke off", true)));
        },
      );
      outgoing.on("timeout", () => {
        outgoing.destroy(new TransportError(`no answer within ${TIMEOUT_MS / 1000} s`, true));
      });
      outgoing.on("error", (error: Error & { code?: string }) => {
        if (error instanceof TransportError) return reject(error);
        const sent = !NOT_SENT.has(error.code ?? "");
        const what =
          error instanceof LocalAddressError ? error.message : (error.code ?? "no connection");
        reject(new TransportError(what, sent));
      });
      outgoing.end(request.body);
    });
}
