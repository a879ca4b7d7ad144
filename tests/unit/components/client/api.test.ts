import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  deleteRequest,
  fetcher,
  healthUrl,
  postAction,
  repositoryApiUrl,
  repositoryPath,
} from "@/components/client/api";

// The browser's one way to tagwatch's API: the addresses it builds, and what a failed answer
// becomes. fetch is the browser's, stood in for here; nothing of tagwatch is.

function answer(status: number, body: unknown): typeof fetch {
  return vi.fn(async () =>
    typeof body === "string" ? new Response(body, { status }) : Response.json(body, { status }),
  ) as unknown as typeof fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("addresses", () => {
  it("encode the owner and name once, for pages, the API and the badge alike", () => {
    expect(repositoryPath("octo", "a b#c")).toBe("octo/a%20b%23c");
    expect(repositoryApiUrl("octo", "a b#c", "dispatch")).toBe(
      "/api/repos/octo/a%20b%23c/dispatch",
    );
  });

  it("carry the query parameters that are set, encoded, and drop the others", () => {
    expect(repositoryApiUrl("octo", "cli", "pipeline-fix", { tag: "v1.0.0+build/1" })).toBe(
      "/api/repos/octo/cli/pipeline-fix?tag=v1.0.0%2Bbuild%2F1",
    );
    expect(healthUrl("octo", "cli")).toBe("/api/repos/octo/cli/health");
    expect(healthUrl("octo", "cli", "Y3Vyc29y==")).toBe(
      "/api/repos/octo/cli/health?after=Y3Vyc29y%3D%3D",
    );
  });
});

describe("a failed answer", () => {
  it("is thrown as the error the server described, with its code and reset time", async () => {
    vi.stubGlobal(
      "fetch",
      answer(429, {
        error: {
          code: "rate-limited",
          message: "GitHub's rate limit is used up.",
          resetAt: "2026-12-01T10:00:00Z",
        },
      }),
    );
    const error = await fetcher("/api/repos/octo/cli/health").catch((failure) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: "rate-limited",
      message: "GitHub's rate limit is used up.",
    });
    expect((error as ApiError).resetAt?.toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  it("without a JSON body says which HTTP status came back", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>Bad gateway</html>"));
    await expect(fetcher("/api/repos/octo/cli/health")).rejects.toMatchObject({
      status: 502,
      code: null,
      message: "tagwatch answered HTTP 502.",
    });
  });

  it("that never arrived says tagwatch could not be reached", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    await expect(fetcher("/api/repos/octo/cli/health")).rejects.toMatchObject({
      status: 0,
      message: expect.stringContaining("could not be reached"),
    });
  });
});

describe("a tag action", () => {
  it("is posted as JSON and answers the run's page when GitHub named it", async () => {
    const fetchMock = answer(201, { htmlUrl: "https://github.com/octo/cli/actions/runs/7" });
    vi.stubGlobal("fetch", fetchMock);
    const outcome = await postAction(repositoryApiUrl("octo", "cli", "dispatch"), {
      tag: "v1.0.0",
    });
    expect(outcome).toEqual({ ok: true, runUrl: "https://github.com/octo/cli/actions/runs/7" });
    const [url, init] = vi.mocked(fetchMock).mock.calls[0] ?? [];
    expect(url).toBe("/api/repos/octo/cli/dispatch");
    expect(init).toMatchObject({ method: "POST", body: JSON.stringify({ tag: "v1.0.0" }) });
    expect(new Headers(init?.headers).get("content-type")).toBe("application/json");
  });

  it("that GitHub refused is an outcome to show, not a throw", async () => {
    vi.stubGlobal(
      "fetch",
      answer(403, { error: { code: "forbidden", message: "You cannot write to octo/cli." } }),
    );
    expect(await postAction(repositoryApiUrl("octo", "cli", "rerun"), { runId: 7 })).toEqual({
      ok: false,
      status: 403,
      message: "You cannot write to octo/cli.",
      underWay: false,
    });
  });

  it("refused because the same one is under way says so, for the view to show it", async () => {
    const message = "release.yml is already queued on v1.0.0 (run 7).";
    vi.stubGlobal("fetch", answer(409, { error: { code: "conflict", message } }));
    expect(
      await postAction(repositoryApiUrl("octo", "cli", "dispatch"), { tag: "v1.0.0" }),
    ).toEqual({ ok: false, status: 409, message, underWay: true });
  });
});

describe("a DELETE", () => {
  it("answered 204 No Content succeeds; refused, it throws the server's error", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(deleteRequest(repositoryApiUrl("octo", "cli", "badge-token"))).resolves.toBe(
      undefined,
    );
    expect(fetchMock.mock.calls[0]).toEqual([
      "/api/repos/octo/cli/badge-token",
      expect.objectContaining({ method: "DELETE" }),
    ]);
    vi.stubGlobal(
      "fetch",
      answer(403, { error: { code: "forbidden", message: "Only maintainers." } }),
    );
    await expect(deleteRequest("/api/repos/octo/cli/badge-token")).rejects.toMatchObject({
      status: 403,
      code: "forbidden",
      message: "Only maintainers.",
    });
  });
});
