import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import type { TagStatus } from "@/lib/health/types";
import { TAG_STATUSES } from "@/lib/health/types";
import type { RepositoryHealth } from "@/lib/repository/health";

const loadRepositoryHealth = vi.fn();
vi.mock("@/lib/repository/load", () => ({ loadRepositoryHealth }));
process.env.GITHUB_TOKEN = "sim_token_tagwatch-bot";

const { clearBadgeCache, getBadge } = await import("@/lib/badges/load");
const { toBadgeResponse } = await import("@/lib/badges/response");

function health(statuses: TagStatus[], partial: Partial<RepositoryHealth> = {}): RepositoryHealth {
  const counts = Object.fromEntries(TAG_STATUSES.map((status) => [status, 0])) as Record<
    TagStatus,
    number
  >;
  for (const status of statuses) counts[status] += 1;
  return {
    repository: "octo-maintainer/healthy-lib",
    owner: "octo-maintainer",
    name: "healthy-lib",
    url: "https://github.com/octo-maintainer/healthy-lib",
    isPrivate: false,
    isArchived: false,
    viewerPermission: "READ",
    tags: statuses.map(
      (status, index) => ({ name: `v1.${index}.0`, status }) as RepositoryHealth["tags"][number],
    ),
    summary: {
      total: statuses.length,
      counts,
      flagged: statuses.filter((status) => status !== "healthy" && status !== "run-pending").length,
      worst: "healthy",
      latestTag: statuses.length ? "v1.0.0" : null,
      latestRelease: statuses.length ? "v1.0.0" : null,
    },
    notes: [],
    nextTagsCursor: null,
    pending: false,
    ...partial,
  };
}

const params = (query = "") => new URLSearchParams(query);

beforeEach(() => {
  clearBadgeCache();
  loadRepositoryHealth.mockReset();
});
afterEach(() => vi.useRealTimers());

describe("getBadge", () => {
  it("a README full of badges costs one GitHub load per repository", async () => {
    let resolve: (value: RepositoryHealth) => void = () => {};
    loadRepositoryHealth.mockReturnValue(new Promise((done) => (resolve = done)));
    const requests = [
      getBadge("octo-maintainer", "healthy-lib", params()),
      getBadge("Octo-Maintainer", "Healthy-Lib", params("style=for-the-badge")),
      getBadge("octo-maintainer", "healthy-lib", params("format=shields")),
    ];
    resolve(health(["healthy"]));
    const [svg, loud, json] = await Promise.all(requests);
    await getBadge("octo-maintainer", "healthy-lib", params());
    expect(loadRepositoryHealth).toHaveBeenCalledTimes(1);
    expect(svg?.body).toContain("v1.0.0");
    expect(loud?.body).toContain("V1.0.0");
    expect(JSON.parse(json?.body ?? "")).toMatchObject({ message: "v1.0.0", color: "green" });
  });

  it("a warm badge is served from the render cache: same object, no re-render", async () => {
    loadRepositoryHealth.mockResolvedValue(health(["healthy"]));
    const first = await getBadge("octo-maintainer", "healthy-lib", params("label=shipped"));
    const second = await getBadge("octo-maintainer", "healthy-lib", params("label=shipped"));
    expect(second).toBe(first);
  });

  it("refetches after five minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    loadRepositoryHealth.mockResolvedValue(health(["healthy"]));
    await getBadge("octo-maintainer", "healthy-lib", params());
    vi.setSystemTime(Date.now() + 4 * 60_000);
    await getBadge("octo-maintainer", "healthy-lib", params());
    expect(loadRepositoryHealth).toHaveBeenCalledTimes(1);
    loadRepositoryHealth.mockResolvedValue(health(["run-failed", "healthy"]));
    vi.setSystemTime(Date.now() + 2 * 60_000);
    const badge = await getBadge("octo-maintainer", "healthy-lib", params());
    expect(loadRepositoryHealth).toHaveBeenCalledTimes(2);
    expect(badge.body).toContain("1 tag unreleased");
  });

  it("names the tag whose run is pending", async () => {
    loadRepositoryHealth.mockResolvedValue(health(["healthy", "run-pending"]));
    const badge = await getBadge("octo-maintainer", "slow-pipeline", params("format=shields"));
    expect(JSON.parse(badge.body)).toMatchObject({ message: "v1.1.0 building", color: "blue" });
  });

  it("a private repository answers exactly like one that does not exist", async () => {
    loadRepositoryHealth.mockImplementation(async (_client, _owner, repo: string) => {
      if (repo === "private-service")
        return health(["not-triggered", "healthy"], { isPrivate: true });
      throw new AppError("not-found", "octo-maintainer/does-not-exist was not found.");
    });
    const hidden = await getBadge("octo-maintainer", "private-service", params());
    const missing = await getBadge("octo-maintainer", "does-not-exist", params());
    expect(hidden).toEqual(missing);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toContain("not found");
  });

  it.each(["forbidden", "unauthenticated"] as const)(
    "%s from GitHub is 'not found' too",
    async (code) => {
      loadRepositoryHealth.mockRejectedValue(new AppError(code, "no"));
      const badge = await getBadge("octo-maintainer", "secret", params());
      expect(badge.status).toBe(404);
      expect(badge.body).toContain("not found");
    },
  );

  it.each([
    new AppError("rate-limited", "later"),
    new AppError("github-unavailable", "down"),
    new Error("boom"),
  ])(
    "GitHub trouble (%s) is an orange 'unavailable' badge with a short cache, never a 500",
    async (error) => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      loadRepositoryHealth.mockRejectedValue(error);
      const badge = await getBadge("octo-maintainer", "healthy-lib", params());
      expect(badge.status).toBe(200);
      expect(badge.body).toContain("unavailable");
      expect(badge.cacheControl).toContain("s-maxage=30,");
    },
  );

  it("refuses invalid names and queries with a grey 400 that echoes nothing", async () => {
    const badName = await getBadge("-bad-", "repo", params());
    expect(badName.status).toBe(400);
    expect(badName.body).toContain("invalid repository");
    expect(badName.body).not.toContain("-bad-");
    const badStyle = await getBadge("octo-maintainer", "healthy-lib", params("style=<plastic>"));
    expect(badStyle.status).toBe(400);
    expect(badStyle.body).toContain("invalid style");
    expect(badStyle.body).not.toContain("plastic");
    const badLabel = await getBadge(
      "octo-maintainer",
      "healthy-lib",
      params(`label=${"x".repeat(41)}`),
    );
    expect(badLabel.status).toBe(400);
    expect(badLabel.body).toContain("invalid label");
    const malformed = await getBadge("%E0%A4%A", "repo", params());
    expect(malformed.status).toBe(400);
    expect(loadRepositoryHealth).not.toHaveBeenCalled();
  });
});

describe("toBadgeResponse", () => {
  it("sends the SVG with headers for camo and CDNs, and 304 for a matching ETag", async () => {
    loadRepositoryHealth.mockResolvedValue(health(["healthy"]));
    const badge = await getBadge("octo-maintainer", "healthy-lib", params());
    const response = toBadgeResponse(badge, null);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "max-age=0, s-maxage=300, stale-while-revalidate=600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    const etag = response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await response.text()).toBe(badge.body);

    const notModified = toBadgeResponse(badge, `"other", ${etag}`);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(await notModified.text()).toBe("");
    expect(toBadgeResponse(badge, `W/${etag}`).status).toBe(304);
    expect(toBadgeResponse(badge, '"stale"').status).toBe(200);
  });
});
