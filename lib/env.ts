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
  NODE_ENV: z.string().optional(),
});

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
  /** The shared store, if any; none keeps every cache in this process. */
  store: StoreSettings;
  /** How long one call to the shared store may take before tagwatch carries on without it. */
  storeTimeoutMs: number;
  production: boolean;
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
    store,
    storeTimeoutMs: vars.TAGWATCH_STORE_TIMEOUT_MS ?? 500,
    production,
  };
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
