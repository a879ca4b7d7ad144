import { z } from "zod";

// Every setting tagwatch reads, validated once. The three GITHUB_* URLs carry GitHub Actions'
// names so GitHub Enterprise Server (and the bundled simulator) is a matter of configuration.

const DEFAULT_SCOPE = "read:user repo";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const url = (fallback: string) =>
  optionalText
    .pipe(z.url().optional())
    .transform((value) => (value ?? fallback).replace(/\/+$/, ""));

const schema = z.object({
  AUTH_SECRET: optionalText,
  NEXTAUTH_SECRET: optionalText,
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  AUTH_GITHUB_SCOPE: optionalText,
  AUTH_URL: optionalText,
  NEXTAUTH_URL: optionalText,
  GITHUB_SERVER_URL: url("https://github.com"),
  GITHUB_API_URL: url("https://api.github.com"),
  GITHUB_GRAPHQL_URL: url("https://api.github.com/graphql"),
  GITHUB_TOKEN: optionalText,
  TAGWATCH_CACHE_SECONDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,4}$/, "a whole number of seconds")
      .transform(Number)
      .optional(),
  ),
  TAGWATCH_WATCHED_CACHE_SECONDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "a whole number of seconds")
      .transform(Number)
      .optional(),
  ),
  GITHUB_APP_ID: optionalText.pipe(z.string().regex(/^\d+$/, "the App's numeric id").optional()),
  GITHUB_APP_PRIVATE_KEY: optionalText,
  GITHUB_APP_WEBHOOK_SECRET: optionalText,
  GITHUB_APP_SLUG: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/i, "the App's slug as in its URL")
      .optional(),
  ),
  CRON_SECRET: optionalText,
  REDIS_URL: optionalText.pipe(
    z
      .url()
      .regex(/^rediss?:\/\//, "a redis:// or rediss:// URL")
      .optional(),
  ),
  KV_REST_API_URL: optionalText.pipe(z.url().optional()),
  KV_REST_API_TOKEN: optionalText,
  UPSTASH_REDIS_REST_URL: optionalText.pipe(z.url().optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalText,
  TAGWATCH_STORE_TIMEOUT_MS: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "a whole number of milliseconds")
      .transform(Number)
      .optional(),
  ),
  QSTASH_TOKEN: optionalText,
  QSTASH_URL: url("https://qstash.upstash.io"),
  QSTASH_CURRENT_SIGNING_KEY: optionalText,
  QSTASH_NEXT_SIGNING_KEY: optionalText,
  TAGWATCH_ALLOW_LOCAL_WEBHOOKS: optionalText.pipe(
    z.enum(["0", "1"], "1 to allow, 0 (or unset) to refuse").optional(),
  ),
  NODE_ENV: z.string().optional(),
});

/** Upstash QStash, for watch mode's delayed checks (the end of a tag's grace period). */
export type QStashSettings = {
  /** Publishes messages; never logged, never sent to a browser. */
  token: string;
  url: string;
  /** Verify QStash's signature on its callbacks (the next key during a rotation). */
  currentSigningKey: string;
  nextSigningKey: string;
};

// The token publishes, the signing keys verify: half of them would schedule callbacks that are
// then refused, or accept callbacks nobody can sign.
function qstashSettings(vars: z.infer<typeof schema>): QStashSettings | null {
  const names = ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"] as const;
  const given = names.filter((name) => vars[name]);
  if (given.length === 0) return null;
  if (given.length < names.length) {
    const absent = names.filter((name) => !vars[name]);
    throw new EnvError(
      `Invalid environment: QStash needs ${names.join(", ")} together (${absent.join(", ")} ${absent.length > 1 ? "are" : "is"} missing).`,
    );
  }
  return {
    token: vars.QSTASH_TOKEN as string,
    url: vars.QSTASH_URL,
    currentSigningKey: vars.QSTASH_CURRENT_SIGNING_KEY as string,
    nextSigningKey: vars.QSTASH_NEXT_SIGNING_KEY as string,
  };
}

/** The GitHub App that watches repositories (watch mode); absent without GITHUB_APP_ID. */
export type GitHubAppSettings = {
  appId: string;
  /** PEM; never logged, never sent to a browser. */
  privateKey: string;
  /** Verifies webhook deliveries; null: the webhook endpoint refuses every delivery. */
  webhookSecret: string | null;
  /** For install links (`<server>/apps/<slug>/installations/new`); null when not set. */
  slug: string | null;
};

/** Environments store a PEM on one line with literal "\n"s; GitHub's keys are PKCS#1 or PKCS#8. */
function readPrivateKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const pem = value.replace(/\\n/g, "\n").trim();
  return /-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem) ? `${pem}\n` : undefined;
}

/** Where caches and shared state live: in this process, or a store every instance shares. */
export type StoreSettings =
  | { kind: "memory" }
  | { kind: "redis"; url: string }
  | { kind: "upstash"; url: string; token: string };

// Vercel's marketplace Redis sets KV_REST_API_*; Upstash's own integration sets UPSTASH_REDIS_REST_*.
function storeSettings(vars: z.infer<typeof schema>, invalid: string[]): StoreSettings {
  if (vars.REDIS_URL) return { kind: "redis", url: vars.REDIS_URL };
  for (const [urlName, tokenName] of [
    ["KV_REST_API_URL", "KV_REST_API_TOKEN"],
    ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
  ] as const) {
    const url = vars[urlName];
    const token = vars[tokenName];
    if (url && token) return { kind: "upstash", url: url.replace(/\/+$/, ""), token };
    if (url || token)
      invalid.push(`${url ? tokenName : urlName} (${urlName} and ${tokenName} go together)`);
  }
  return { kind: "memory" };
}

export type Env = {
  authSecret: string;
  githubClientId: string;
  githubClientSecret: string;
  githubScope: string;
  appUrl: string | undefined;
  githubServerUrl: string;
  githubApiUrl: string;
  githubGraphqlUrl: string;
  /** Server-side token for public badges; optional. */
  githubToken: string | undefined;
  /** How long a user's view of a repository is reused (settled data; pending runs refresh faster). */
  cacheTtlMs: number;
  /** Cache lifetime for repositories whose webhooks reach tagwatch (watch mode keeps them fresh). */
  watchedCacheTtlMs: number;
  /** The shared store, if any; none keeps every cache in this process. */
  store: StoreSettings;
  /** How long one call to the shared store may take before tagwatch carries on without it. */
  storeTimeoutMs: number;
  production: boolean;
  /** Watch mode's GitHub App; null when not configured (the dashboard works as before). */
  githubApp: GitHubAppSettings | null;
  /** Bearer secret of `GET /api/cron/watch` (Vercel Cron sends it); null: the endpoint refuses. */
  cronSecret: string | null;
  /** QStash for delayed watch checks; null: the next sweep, webhook or page view does them. */
  qstash: QStashSettings | null;
  /** Notification webhooks may be http:// and on private, loopback or link-local addresses. */
  allowLocalWebhooks: boolean;
};

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Reads and validates the environment; in production a missing required variable throws with its name. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment: ${issues.join("; ")}`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === "production";
  const missing: string[] = [];
  const store = storeSettings(vars, missing);
  const required = (value: string | undefined, name: string, devFallback: string) => {
    if (value) return value;
    if (production) missing.push(name);
    return devFallback;
  };
  const env: Env = {
    authSecret: required(
      vars.AUTH_SECRET ?? vars.NEXTAUTH_SECRET,
      "AUTH_SECRET (or NEXTAUTH_SECRET)",
      "tagwatch-development-secret-do-not-use-in-production",
    ),
    githubClientId: required(vars.AUTH_GITHUB_ID, "AUTH_GITHUB_ID", "missing-client-id"),
    githubClientSecret: required(
      vars.AUTH_GITHUB_SECRET,
      "AUTH_GITHUB_SECRET",
      "missing-client-secret",
    ),
    githubScope: vars.AUTH_GITHUB_SCOPE ?? DEFAULT_SCOPE,
    appUrl: vars.AUTH_URL ?? vars.NEXTAUTH_URL,
    githubServerUrl: vars.GITHUB_SERVER_URL,
    githubApiUrl: vars.GITHUB_API_URL,
    githubGraphqlUrl: vars.GITHUB_GRAPHQL_URL,
    githubToken: vars.GITHUB_TOKEN,
    cacheTtlMs: (vars.TAGWATCH_CACHE_SECONDS ?? 30) * 1000,
    watchedCacheTtlMs: (vars.TAGWATCH_WATCHED_CACHE_SECONDS ?? 600) * 1000,
    store,
    storeTimeoutMs: vars.TAGWATCH_STORE_TIMEOUT_MS ?? 500,
    production,
    githubApp: null,
    cronSecret: vars.CRON_SECRET ?? null,
    qstash: null,
    allowLocalWebhooks: vars.TAGWATCH_ALLOW_LOCAL_WEBHOOKS === "1",
  };
  const privateKey = readPrivateKey(vars.GITHUB_APP_PRIVATE_KEY);
  if (vars.GITHUB_APP_PRIVATE_KEY && !privateKey) {
    throw new EnvError(
      "Invalid environment: GITHUB_APP_PRIVATE_KEY must be the App's PEM private key (-----BEGIN RSA PRIVATE KEY----- ...; literal \\n line breaks are accepted).",
    );
  }
  if (Boolean(vars.GITHUB_APP_ID) !== Boolean(privateKey)) {
    throw new EnvError(
      `Invalid environment: watch mode needs both GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (${vars.GITHUB_APP_ID ? "GITHUB_APP_PRIVATE_KEY" : "GITHUB_APP_ID"} is missing).`,
    );
  }
  if (vars.GITHUB_APP_ID && privateKey) {
    env.githubApp = {
      appId: vars.GITHUB_APP_ID,
      privateKey,
      webhookSecret: vars.GITHUB_APP_WEBHOOK_SECRET ?? null,
      slug: vars.GITHUB_APP_SLUG ?? null,
    };
  }
  env.qstash = qstashSettings(vars);
  if (missing.length > 0) {
    throw new EnvError(
      `Missing required environment variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. See .env.example.`,
    );
  }
  return env;
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function getEnv(): Env {
  cached ??= readEnv();
  return cached;
}
