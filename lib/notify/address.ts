import "server-only";
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { LATE, within } from "@/lib/deadline";

// Where a notification webhook may point. A URL names a host, the host resolves to addresses,
// and the addresses decide: only public unicast ones (no private, loopback, link-local, CGNAT,
// unique-local, multicast or reserved networks, and no IPv6 forms that embed such an IPv4),
// unless TAGWATCH_ALLOW_LOCAL_WEBHOOKS=1. The same rule runs again on the address a delivery
// actually connects to (transport.ts), so a name that resolves elsewhere later gains nothing.

/** Whether an IP address is on the public internet (ipaddr.js's "unicast" range). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ::ffff:10.0.0.1 is 10.0.0.1.
  return ipaddr.process(address).range() === "unicast";
}

/** A URL host as an address when it is an IP literal (`[::1]` without brackets), else null. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

export type Resolve = (hostname: string) => Promise<string[]>;

const LOOKUP_TIMEOUT_MS = 5_000;

/** Every address the system resolver gives for a name (IPv4 and IPv6). */
export const resolveHost: Resolve = async (hostname) => {
  const literal = literalAddress(hostname);
  if (literal) return [literal];
  const addresses: LookupAddress[] | typeof LATE = await within(
    lookup(hostname, { all: true, verbatim: true }),
    LOOKUP_TIMEOUT_MS,
  );
  if (addresses === LATE) throw new Error("DNS lookup timed out");
  return addresses.map((entry) => entry.address);
};

/** Where a host's addresses lie: all public, all local, or some of each (refused either way). */
export function classifyAddresses(addresses: string[]): "public" | "local" | "mixed" {
  const publicCount = addresses.filter(isPublicAddress).length;
  if (publicCount === addresses.length) return "public";
  return publicCount === 0 ? "local" : "mixed";
}
