import { describe, expect, it, vi } from "vitest";

const loadRepositoryHealth = vi.fn();
vi.mock("@/lib/repository/load", () => ({ loadRepositoryHealth }));
delete process.env.GITHUB_TOKEN;

const { getBadge } = await import("@/lib/badges/load");

describe("a deployment without GITHUB_TOKEN", () => {
  it("answers a grey 'not configured' badge without asking GitHub", async () => {
    const badge = await getBadge("octo-maintainer", "healthy-lib", new URLSearchParams());
    expect(badge.status).toBe(200);
    expect(badge.body).toContain("not configured");
    expect(loadRepositoryHealth).not.toHaveBeenCalled();
    const json = await getBadge(
      "octo-maintainer",
      "healthy-lib",
      new URLSearchParams("format=shields"),
    );
    expect(JSON.parse(json.body)).toEqual({
      schemaVersion: 1,
      label: "release",
      message: "not configured",
      color: "lightgrey",
      cacheSeconds: 300,
      isError: true,
    });
  });
});
