import { validate } from "@octokit/graphql-schema";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  buildOverviewBatchQuery,
  OWNER_REPOSITORIES_QUERY,
  overviewBatchVariables,
  VIEWER_REPOSITORIES_QUERY,
} from "@/lib/github/queries/repository-overview";
import {
  fulfilledWithin,
  inCompletionOrder,
  limitConcurrency,
  planBatches,
  settledWithin,
} from "@/lib/overview/batching";
import { getOverviewListing, startOverviewListing } from "@/lib/overview/listing";
import { loadOverview, startOverviewBatches } from "@/lib/overview/load";
import { answerBatch, fakeClient, listedNode, NOW, repositoryNode } from "./factories";

function viewerListing(
  names: string[],
  extra: Record<string, { tags?: number; releases?: number }> = {},
) {
  return {
    data: {
      viewer: {
        login: "octo-maintainer",
        repositories: {
          totalCount: names.length,
          nodes: names.map((name, index) =>
            listedNode(name, { pushedDays: index + 1, ...extra[name] }),
          ),
        },
      },
    },
    problems: [],
  };
}

describe("the overview's GraphQL", () => {
  it("a generated batch query is valid against GitHub's schema, for one and for 25 repositories", () => {
    for (const count of [1, 25]) {
      expect(validate(buildOverviewBatchQuery(count)).map((error) => error.message)).toEqual([]);
    }
  });

  it("the listing queries are valid (the shared query test checks them too)", () => {
    expect(validate(VIEWER_REPOSITORIES_QUERY)).toEqual([]);
    expect(validate(OWNER_REPOSITORIES_QUERY)).toEqual([]);
  });

  it("passes names as variables, never inside the query text", () => {
    const query = buildOverviewBatchQuery(2);
    expect(query).toContain("r0: repository(owner: $owner0, name: $name0)");
    expect(query).toContain("r1: repository(owner: $owner1, name: $name1)");
    expect(overviewBatchVariables([{ owner: "a", name: 'x") { id } #' }])).toEqual({
      owner0: "a",
      name0: 'x") { id } #',
    });
    expect(() => buildOverviewBatchQuery(0)).toThrow(RangeError);
    expect(() => buildOverviewBatchQuery(101)).toThrow(RangeError);
  });
});

describe("batching", () => {
  it("100 repositories make 4 batches of 25; 30 make 2 of 15", () => {
    expect(
      planBatches(
        Array.from({ length: 100 }, (_, i) => i),
        25,
      ).map((batch) => batch.length),
    ).toEqual([25, 25, 25, 25]);
    expect(
      planBatches(
        Array.from({ length: 30 }, (_, i) => i),
        25,
      ).map((batch) => batch.length),
    ).toEqual([15, 15]);
    expect(planBatches([], 25)).toEqual([]);
  });

  it("runs at most `limit` tasks at once", async () => {
    const schedule = limitConcurrency(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        schedule(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
  });

  it("hands batches out in the order they finish", async () => {
    let finishSlow: (value: string) => void = () => {};
    let finishFast: (value: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finishSlow = resolve;
    });
    const fast = new Promise<string>((resolve) => {
      finishFast = resolve;
    });
    const [first, second] = inCompletionOrder([slow, fast]);
    finishFast("fast");
    expect(await first).toBe("fast");
    finishSlow("slow");
    expect(await second).toBe("slow");
  });

  it("loads 100 repositories with at most 5 GraphQL requests, 2 in flight, and caches them for the same user", async () => {
    const names = Array.from({ length: 100 }, (_, index) => `octo-maintainer/repo-${index}`);
    const nodes = Object.fromEntries(
      names.map((name) => [
        name,
        repositoryNode(name, [{ name: "v1.0.0", days: 3, kind: "shipped" }]),
      ]),
    );
    const { client, stats } = fakeClient((query, variables) =>
      query.includes("ViewerRepositories") ? viewerListing(names) : answerBatch(nodes, variables),
    );
    const overview = await loadOverview(client, { kind: "viewer" }, {}, { now: NOW });
    expect(overview.items).toHaveLength(100);
    expect(overview.missing).toEqual([]);
    expect(stats.queries).toHaveLength(5);
    expect(stats.maxInFlight).toBe(2);
    await loadOverview(client, { kind: "viewer" }, {}, { now: NOW });
    expect(stats.queries).toHaveLength(5);
  });
});

/** A viewer's listing of `names`, answered 100 a page through GitHub's cursor. */
function pagedListing(names: string[], variables: Record<string, unknown>) {
  const start = variables.after ? Number(String(variables.after).slice(1)) : 0;
  const page = names.slice(start, start + 100);
  const end = start + page.length;
  return {
    data: {
      viewer: {
        login: "octo-maintainer",
        repositories: {
          totalCount: names.length,
          pageInfo: { hasNextPage: end < names.length, endCursor: `c${end}` },
          nodes: page.map((name) => listedNode(name)),
        },
      },
    },
    problems: [],
  };
}

describe("drawing a warm overview at once", () => {
  it("gives every value when all batches are already there, and null when one is still out", async () => {
    expect(await settledWithin([Promise.resolve(1), Promise.resolve(2)], 1_000)).toEqual([1, 2]);
    const never = new Promise<number>(() => {});
    expect(await settledWithin([Promise.resolve(1), never], 20)).toBeNull();
    expect(await settledWithin([Promise.reject(new Error("x"))], 1_000)).toBeNull();
  });
});

describe("gathering the batches that follow a cold overview's stage", () => {
  it("takes the leading batches that arrive in time and leaves the rest, a failed one included, for later stages", async () => {
    const never = new Promise<number>(() => {});
    const failed = Promise.reject(new Error("GitHub said no"));
    failed.catch(() => {});
    const soon = new Promise<number>((resolve) => setTimeout(() => resolve(2), 5));
    const gathered = await fulfilledWithin(
      [Promise.resolve(1), soon, never, Promise.resolve(4)],
      1_000,
    );
    expect(gathered.values).toEqual([1, 2]);
    // In completion order, nothing after a batch still out has arrived: the rest keeps its place.
    expect(gathered.rest).toHaveLength(2);
    const stopped = await fulfilledWithin([Promise.resolve(1), failed, Promise.resolve(3)], 2_000);
    expect(stopped.values).toEqual([1]);
    await expect(stopped.rest[0]).rejects.toThrow("GitHub said no");
    expect((await fulfilledWithin([], 2_000)).values).toEqual([]);
  });
});

describe("a listing of more than 100 repositories", () => {
  const names = Array.from({ length: 250 }, (_, index) => `big-org/repo-${index}`);
  const nodes = Object.fromEntries(
    names.map((name) => [
      name,
      repositoryNode(name, [{ name: "v1.0.0", days: 3, kind: "shipped" }]),
    ]),
  );
  const answer = (query: string, variables: Record<string, unknown>) =>
    query.includes("ViewerRepositories")
      ? pagedListing(names, variables)
      : answerBatch(nodes, variables);

  it("pages through GitHub's cursor, 100 a page, and keeps the whole list", async () => {
    const { client, stats } = fakeClient(answer);
    const listing = await getOverviewListing(client, { kind: "viewer" });
    expect(listing.repositories).toHaveLength(250);
    expect(listing.repositories.at(-1)?.name).toBe("repo-249");
    expect(listing.truncated).toBe(false);
    expect(stats.queries).toHaveLength(3);
  });

  it("judges one window at a time: the first 100, then the rest from where it stopped", async () => {
    const { client, stats } = fakeClient(answer);
    const first = await loadOverview(client, { kind: "viewer" }, {}, { now: NOW });
    expect(first).toMatchObject({ total: 250, offset: 0, next: 100 });
    expect(first.items).toHaveLength(100);
    // 3 listing pages, 4 batches of 25.
    expect(stats.queries).toHaveLength(7);
    const last = await loadOverview(client, { kind: "viewer" }, { offset: 200 }, { now: NOW });
    expect(last).toMatchObject({ total: 250, offset: 200, next: null });
    expect(last.items.map((item) => item.name).sort()).toEqual(
      names
        .slice(200)
        .map((name) => name.split("/")[1])
        .sort(),
    );
  });

  it("starts a first screen with the first page while the rest is read, then caches the whole list", async () => {
    let releaseRest: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      releaseRest = resolve;
    });
    const { client, stats } = fakeClient(async (query, variables) => {
      // Every page after the first waits until the test lets it go.
      if (query.includes("ViewerRepositories") && variables.after) await held;
      return answer(query, variables);
    });
    const start = await startOverviewListing(client, { kind: "viewer" });
    expect(start.listing.repositories.map((repository) => repository.name)).toEqual(
      names.slice(0, 100).map((name) => name.split("/")[1]),
    );
    expect(start.rest).not.toBeNull();
    releaseRest();
    const whole = await start.rest;
    expect(whole?.repositories).toHaveLength(250);
    expect(stats.queries).toHaveLength(3);
    // The next view finds the whole list in the cache: no first page, no request.
    const again = await startOverviewListing(client, { kind: "viewer" });
    expect(again.rest).toBeNull();
    expect(again.listing.repositories).toHaveLength(250);
    expect(stats.queries).toHaveLength(3);
  });

  it("a first page that fails fails the start; a later one fails only the rest", async () => {
    const failing = (page: "first" | "later") =>
      fakeClient((query, variables) => {
        const later = Boolean(variables.after);
        if (query.includes("ViewerRepositories") && later === (page === "later"))
          throw new AppError("github-unavailable", "GitHub did not answer.");
        return answer(query, variables);
      }).client;
    await expect(startOverviewListing(failing("first"), { kind: "viewer" })).rejects.toThrow(
      "GitHub did not answer.",
    );
    const start = await startOverviewListing(failing("later"), { kind: "viewer" });
    expect(start.listing.repositories).toHaveLength(100);
    await expect(start.rest).rejects.toThrow("GitHub did not answer.");
  });

  it("a list of one page is all there at once", async () => {
    const { client } = fakeClient((query, variables) =>
      query.includes("ViewerRepositories")
        ? pagedListing(names.slice(0, 40), variables)
        : answerBatch(nodes, variables),
    );
    const start = await startOverviewListing(client, { kind: "viewer" });
    expect(start.rest).toBeNull();
    expect(start.listing.repositories).toHaveLength(40);
  });

  it("judges repositories found by name, and only listed ones", async () => {
    const { client } = fakeClient(answer);
    const found = await loadOverview(
      client,
      { kind: "viewer" },
      { names: ["big-org/repo-249", "BIG-ORG/repo-7", "elsewhere/secret"] },
      { now: NOW },
    );
    expect(found.items.map((item) => item.repository).sort()).toEqual([
      "big-org/repo-249",
      "big-org/repo-7",
    ]);
    expect(found.total).toBe(2);
  });
});

describe("the listing", () => {
  it("keeps only repositories with tags or releases", async () => {
    const { client } = fakeClient(() =>
      viewerListing(["o/tagged", "o/released", "o/empty"], {
        "o/released": { tags: 0, releases: 2 },
        "o/empty": { tags: 0, releases: 0 },
      }),
    );
    const listing = await getOverviewListing(client, { kind: "viewer" });
    expect(listing.repositories.map((repository) => repository.name)).toEqual([
      "tagged",
      "released",
    ]);
  });

  it("an unknown owner is not found", async () => {
    const { client } = fakeClient(() => ({ data: { repositoryOwner: null }, problems: [] }));
    await expect(
      getOverviewListing(client, { kind: "owner", login: "nobody-here" }),
    ).rejects.toMatchObject({
      code: "not-found",
    });
  });

  it("an owner's overview never lists another owner's repositories", async () => {
    const { client } = fakeClient(() => ({
      data: {
        repositoryOwner: {
          __typename: "User",
          login: "octo-maintainer",
          repositories: {
            totalCount: 2,
            nodes: [listedNode("octo-maintainer/a"), listedNode("someone/b")],
          },
        },
      },
      problems: [],
    }));
    const listing = await getOverviewListing(client, { kind: "owner", login: "octo-maintainer" });
    expect(
      listing.repositories.map((repository) => `${repository.owner}/${repository.name}`),
    ).toEqual(["octo-maintainer/a"]);
    expect(listing.owner).toEqual({ login: "octo-maintainer", type: "User" });
  });
});

describe("statuses", () => {
  it("judges each repository with lib/health: two tags pushed by github-actions[bot] are not-triggered", async () => {
    const nodes = {
      "octo-maintainer/classic-cli": repositoryNode("octo-maintainer/classic-cli", [
        { name: "v0.1.2", days: 8, kind: "bot" },
        { name: "v0.1.1", days: 20, kind: "bot" },
        { name: "v0.1.0", days: 45, kind: "shipped" },
      ]),
    };
    const { client } = fakeClient((_query, variables) => answerBatch(nodes, variables));
    const [batch] = startOverviewBatches(
      client,
      [{ owner: "octo-maintainer", name: "classic-cli" }],
      { now: NOW },
    );
    const result = await batch;
    const item = result?.items[0];
    expect(item?.counts["not-triggered"]).toBe(2);
    expect(item?.counts.healthy).toBe(1);
    expect(item?.worst).toBe("not-triggered");
    expect(item?.latestTag).toBe("v0.1.2");
    expect(item?.latestRelease).toBe("v0.1.0");
  });

  it("uses the release's checksums manifest like the repository page: an asset it lists but nobody uploaded is missing", async () => {
    const full = "release-lab/goreleaser-tool";
    const node = repositoryNode(full, [
      {
        name: "v1.0.0",
        days: 2,
        kind: "shipped",
        assets: ["tool_linux_amd64.tar.gz", "checksums.txt"],
      },
    ]);
    const manifestUrl = `https://github.com/${full}/releases/download/v1.0.0/checksums.txt`;
    const manifest = `${"a".repeat(64)}  tool_linux_amd64.tar.gz\n${"b".repeat(64)}  tool_freebsd_amd64.tar.gz\n`;
    const { client } = fakeClient((_query, variables) => answerBatch({ [full]: node }, variables), {
      [manifestUrl]: manifest,
    });
    const [batch] = startOverviewBatches(
      client,
      [{ owner: "release-lab", name: "goreleaser-tool" }],
      { now: NOW },
    );
    expect((await batch)?.items[0]?.counts["missing-assets"]).toBe(1);
  });
});

describe("a batch that fails or is late", () => {
  it("shows what it has and names the repositories it is missing, with GitHub's reason", async () => {
    const nodes = {
      "o/visible": repositoryNode("o/visible", [{ name: "v1.0.0", days: 1, kind: "shipped" }]),
      "o/gone": null,
    };
    const { client } = fakeClient((_query, variables) => answerBatch(nodes, variables));
    const [batch] = startOverviewBatches(
      client,
      [
        { owner: "o", name: "visible" },
        { owner: "o", name: "gone" },
      ],
      { now: NOW },
    );
    const result = await batch;
    expect(result?.items.map((item) => item.repository)).toEqual(["o/visible"]);
    expect(result?.missing).toEqual([
      expect.objectContaining({
        repository: "o/gone",
        reason: expect.stringContaining("Could not resolve"),
      }),
    ]);
  });

  it("a batch GitHub rejects lists all its repositories as missing; the other batches still arrive", async () => {
    const names = Array.from({ length: 4 }, (_, index) => `o/r${index}`);
    const nodes = Object.fromEntries(
      names.map((name) => [
        name,
        repositoryNode(name, [{ name: "v1.0.0", days: 1, kind: "shipped" }]),
      ]),
    );
    const { client } = fakeClient((_query, variables) => {
      if (variables.name0 === "r2") {
        return Promise.reject(Object.assign(new Error("boom"), { name: "AppError" }));
      }
      return answerBatch(nodes, variables);
    });
    const refs = names.map((name) => ({ owner: "o", name: name.slice(2) }));
    const results = await Promise.all(
      startOverviewBatches(client, refs, { now: NOW, batchSize: 2 }),
    );
    expect(results.flatMap((result) => result.items.map((item) => item.repository)).sort()).toEqual(
      ["o/r0", "o/r1"],
    );
    expect(
      results.flatMap((result) => result.missing.map((entry) => entry.repository)).sort(),
    ).toEqual(["o/r2", "o/r3"]);
  });

  it("a batch whose token GitHub refused says so (the page ends the session); others are only missing", async () => {
    const refusal = new AppError("unauthenticated", "Your GitHub sign-in has expired.", {
      refusedToken: "key-1",
    });
    const { client } = fakeClient((_query, variables) =>
      Promise.reject(
        variables.name0 === "a" ? refusal : new AppError("github-unavailable", "GitHub is down."),
      ),
    );
    const [first, second] = await Promise.all(
      startOverviewBatches(
        client,
        [
          { owner: "o", name: "a" },
          { owner: "o", name: "b" },
        ],
        { now: NOW, batchSize: 1 },
      ),
    );
    const results = [first, second];
    expect(results.find((result) => result?.missing[0]?.name === "a")?.refused).toBe(refusal);
    expect(results.find((result) => result?.missing[0]?.name === "b")?.refused).toBeUndefined();
  });

  it("a batch slower than the deadline is reported missing instead of holding up the page", async () => {
    // GitHub never answers: only the deadline can end the batch.
    const { client } = fakeClient(() => new Promise(() => {}));
    const [batch] = startOverviewBatches(client, [{ owner: "o", name: "slow" }], {
      now: NOW,
      deadlineMs: 20,
    });
    const result = await batch;
    expect(result?.items).toEqual([]);
    expect(result?.missing[0]).toMatchObject({
      repository: "o/slow",
      reason: expect.stringContaining("in time"),
    });
  });
});
