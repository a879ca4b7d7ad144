import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";

const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "s".repeat(32),
  AUTH_GITHUB_ID: "id",
  AUTH_GITHUB_SECRET: "secret",
};

describe("environment", () => {
  it("defaults to github.com", () => {
    const env = readEnv(production);
    expect(env.githubServerUrl).toBe("https://github.com");
    expect(env.githubApiUrl).toBe("https://api.github.com");
    expect(env.githubGraphqlUrl).toBe("https://api.github.com/graphql");
    expect(env.githubScope).toBe("read:user repo");
  });

  it("follows GitHub Enterprise Server URLs without trailing slashes", () => {
    const env = readEnv({
      ...production,
      GITHUB_SERVER_URL: "https://ghe.example.com/",
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
      GITHUB_GRAPHQL_URL: "https://ghe.example.com/api/graphql",
    });
    expect(env.githubServerUrl).toBe("https://ghe.example.com");
    expect(env.githubApiUrl).toBe("https://ghe.example.com/api/v3");
    expect(env.githubGraphqlUrl).toBe("https://ghe.example.com/api/graphql");
  });

  it("in production, a missing secret stops start-up naming the variable", () => {
    expect(() => readEnv({ ...production, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET/);
    expect(() => readEnv({ ...production, AUTH_GITHUB_ID: "" })).toThrow(/AUTH_GITHUB_ID/);
  });

  it("accepts next-auth v4's names", () => {
    const env = readEnv({
      ...production,
      AUTH_SECRET: undefined,
      NEXTAUTH_SECRET: "legacy",
      NEXTAUTH_URL: "https://t.example",
    });
    expect(env.authSecret).toBe("legacy");
    expect(env.appUrl).toBe("https://t.example");
  });

  it("outside production, missing secrets fall back so development starts", () => {
    const env = readEnv({ NODE_ENV: "development" });
    expect(env.production).toBe(false);
    expect(env.authSecret).toBe("tagwatch-development-secret-do-not-use-in-production");
    expect(env.githubClientId).toBe("missing-client-id");
  });

  it("rejects a GitHub URL that is not a URL", () => {
    expect(() => readEnv({ ...production, GITHUB_API_URL: "not a url" })).toThrow(/GITHUB_API_URL/);
  });

  it("takes the scope override", () => {
    expect(readEnv({ ...production, AUTH_GITHUB_SCOPE: "read:user public_repo" }).githubScope).toBe(
      "read:user public_repo",
    );
  });

  it("watch mode is off without the App's settings", () => {
    const env = readEnv(production);
    expect(env.githubApp).toBeNull();
    expect(env.cronSecret).toBeNull();
  });

  it("reads the App's settings, accepting a PEM with literal \\n line breaks", () => {
    const env = readEnv({
      ...production,
      GITHUB_APP_ID: "123",
      GITHUB_APP_PRIVATE_KEY:
        "-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----",
      GITHUB_APP_WEBHOOK_SECRET: "hook-secret",
      GITHUB_APP_SLUG: "tagwatch",
      CRON_SECRET: "cron-secret",
    });
    expect(env.githubApp).toEqual({
      appId: "123",
      privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n",
      webhookSecret: "hook-secret",
      slug: "tagwatch",
    });
    expect(env.cronSecret).toBe("cron-secret");
  });

  it("an App id without its key (or a key that is no PEM) stops start-up naming the variable", () => {
    expect(() => readEnv({ ...production, GITHUB_APP_ID: "123" })).toThrow(
      /GITHUB_APP_PRIVATE_KEY/,
    );
    expect(() =>
      readEnv({ ...production, GITHUB_APP_ID: "123", GITHUB_APP_PRIVATE_KEY: "not a key" }),
    ).toThrow(/GITHUB_APP_PRIVATE_KEY must be/);
    expect(() => readEnv({ ...production, GITHUB_APP_ID: "tagwatch" })).toThrow(/GITHUB_APP_ID/);
  });
});
