import "server-only";
import { AppError } from "@/lib/errors";
import { classifyAddresses, type Resolve, resolveHost } from "./address";
import { type ChannelKind, KIND_LABELS } from "./types";

// Which URL a channel may post to: https on the platform's own hosts (Slack, Discord, Teams'
// Workflows), any public https URL for a signed webhook, never a private network unless the
// deployment allows it, and then http and any host there (the simulator's sink, a chat server
// on the office network).

const MAX_URL_LENGTH = 2_000;

type HostRule = { hosts: string[]; suffixes: string[]; example: string };

const PLATFORM_HOSTS: Record<Exclude<ChannelKind, "webhook">, HostRule> = {
  slack: {
    hosts: ["hooks.slack.com", "hooks.slack-gov.com"],
    suffixes: [],
    example: "https://hooks.slack.com/services/…",
  },
  discord: {
    hosts: ["discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com"],
    suffixes: [],
    example: "https://discord.com/api/webhooks/…",
  },
  // Workflows ("When a Teams webhook request is received") URLs live on Logic Apps or Power
  // Platform hosts; the retired Office 365 connectors' webhook.office.com is not one of them.
  teams: {
    hosts: [],
    suffixes: [".logic.azure.com", ".logic.azure.us", ".powerplatform.com", ".powerplatform.us"],
    example: "https://….logic.azure.com/workflows/…",
  },
};

function refuse(message: string): AppError {
  return new AppError("invalid-input", `url: ${message}`);
}

function isPlatformHost(kind: ChannelKind, hostname: string): boolean {
  if (kind === "webhook") return true;
  const rule = PLATFORM_HOSTS[kind];
  const host = hostname.toLowerCase();
  return rule.hosts.includes(host) || rule.suffixes.some((suffix) => host.endsWith(suffix));
}

function parse(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH) throw refuse(`at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse("not a URL. Paste the webhook URL the platform gave you.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw refuse("tagwatch posts to https:// URLs only.");
  }
  if (url.username || url.password) {
    throw refuse("a webhook URL carries no user name or password before the host.");
  }
  url.hash = "";
  return url;
}

function assertPublicRules(kind: ChannelKind, url: URL): void {
  if (url.protocol !== "https:") throw refuse("tagwatch posts to https:// URLs only.");
  if (!isPlatformHost(kind, url.hostname)) {
    const rule = PLATFORM_HOSTS[kind as Exclude<ChannelKind, "webhook">];
    throw refuse(
      `${url.hostname} is not a ${KIND_LABELS[kind]} webhook host. ${KIND_LABELS[kind]} webhook URLs look like ${rule.example}`,
    );
  }
}

/**
 * Checks a channel's URL: its form, its host for the platform, and the addresses its host resolves
 * to. A 400 AppError says what is wrong; the URL (without a fragment) otherwise.
 */
export async function checkWebhookUrl(
  kind: ChannelKind,
  raw: string,
  options: { allowLocal: boolean; resolve?: Resolve },
): Promise<URL> {
  const url = parse(raw);
  if (!options.allowLocal) assertPublicRules(kind, url);
  let addresses: string[];
  try {
    addresses = await (options.resolve ?? resolveHost)(url.hostname);
  } catch {
    throw refuse(`tagwatch could not resolve ${url.hostname}. Check the host name.`);
  }
  if (addresses.length === 0) throw refuse(`${url.hostname} has no address.`);
  const where = classifyAddresses(addresses);
  if (where === "local" && options.allowLocal) return url;
  if (where !== "public") {
    throw refuse(
      `${url.hostname} resolves to a private, loopback or link-local address; tagwatch posts only to public addresses (TAGWATCH_ALLOW_LOCAL_WEBHOOKS=1 allows local ones on a private installation).`,
    );
  }
  if (options.allowLocal) assertPublicRules(kind, url);
  return url;
}

/** What the page and the API show of a webhook URL: its host and its last 4 characters. */
export function maskUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    host = "";
  }
  return `${host}/…${url.slice(-4)}`;
}
