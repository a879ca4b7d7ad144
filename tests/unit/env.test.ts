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
    expect(() => readEnv({ NODE_ENV: "development" })).not.toThrow();
  });

  it("rejects a GitHub URL that is not a URL", () => {
    expect(() => readEnv({ ...production, GITHUB_API_URL: "not a url" })).toThrow(/GITHUB_API_URL/);
  });

  it("takes the scope override", () => {
    expect(readEnv({ ...production, AUTH_GITHUB_SCOPE: "read:user public_repo" }).githubScope).toBe(
      "read:user public_repo",
    );
  });
});
