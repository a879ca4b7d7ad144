import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { answerBatch, fakeClient, listedNode, NOW, repositoryNode } from "./factories";

// With the App installed, an overview shows the card watch mode's last full read kept for a
// repository instead of asking GitHub again, as long as nothing happened to the repository since
// (a webhook or a dispatch bumps its generation). Only the list of repositories comes from GitHub.

let load: typeof import("@/lib/overview/load");
let listing: typeof import("@/lib/overview/listing");
let watched: typeof import("@/lib/overview/watched");
let policy: typeof import("@/lib/store/cache-policy");
let health: typeof import("@/lib/github/queries/repository-health");

beforeAll(async () => {
  process.env.GITHUB_APP_ID = "1104";
  process.env.GITHUB_APP_PRIVATE_KEY = readFileSync(
    "simulator/fixtures/tagwatch-app.test-key.pem",
    "utf8",
  );
  load = await import("@/lib/overview/load");
  listing = await import("@/lib/overview/listing");
  watched = await import("@/lib/overview/watched");
  policy = await import("@/lib/store/cache-policy");
  health = await import("@/lib/github/queries/repository-health");
});

const NAMES = ["octo-org/watched", "octo-org/unwatched"];
const NODES = {
  "octo-org/watched": repositoryNode("octo-org/watched", [
    { name: "v2.0.0", days: 1, kind: "bot" },
  ]),
  "octo-org/unwatched": repositoryNode("octo-org/unwatched", [
    { name: "v1.0.0", days: 3, kind: "shipped" },
  ]),
};

/** A viewer's client, and the repositories the overview asked GitHub about, by name. */
function client(user: string, names = NAMES) {
  const asked: string[] = [];
  const fake = fakeClient(
    (query, variables) => {
      if (query.includes("ViewerRepositories")) {
        return {
          data: {
            viewer: {
              login: user,
              repositories: {
                totalCount: names.length,
                nodes: names.map((name, index) => listedNode(name, { pushedDays: index + 1 })),
              },
            },
          },
          problems: [],
        };
      }
      for (let index = 0; `name${index}` in variables; index++)
        asked.push(String(variables[`name${index}`]));
      return answerBatch(NODES, variables);
    },
    {},
    `token-${user}`,
  );
  return { client: fake.client, asked };
}

describe("the overview with the App installed", () => {
  it("shows the card of a repository watch mode read, and asks GitHub only about the others", async () => {
    const node = NODES["octo-org/watched"];
    const snapshot = health.toRepositorySnapshot(node, null);
    await watched.keepWatchedItem(
      watched.watchedItemOf(
        snapshot,
        node.pushedAt,
        NOW,
        await policy.getRepositoryGeneration("octo-org", "watched"),
      ),
    );
    const mona = client("mona");
    const overview = await load.loadOverview(mona.client, { kind: "viewer" }, {}, { now: NOW });
    expect(mona.asked).toEqual(["unwatched"]);
    const card = overview.items.find((item) => item.repository === "octo-org/watched");
    expect(card).toMatchObject({ latestTag: "v2.0.0", latestTagStatus: "not-triggered" });
    expect(overview.items).toHaveLength(2);
  });

  it("asks GitHub again once something happened to the repository since the read", async () => {
    await policy.invalidateRepository("octo-org", "watched");
    const other = client("another-viewer");
    await load.loadOverview(other.client, { kind: "viewer" }, {}, { now: NOW });
    expect(other.asked.sort()).toEqual(["unwatched", "watched"]);
  });

  it("ranks the whole list by the kept cards: a problem repository listed last comes first", async () => {
    const node = NODES["octo-org/watched"];
    await watched.keepWatchedItem(
      watched.watchedItemOf(
        health.toRepositorySnapshot(node, null),
        node.pushedAt,
        NOW,
        await policy.getRepositoryGeneration("octo-org", "watched"),
      ),
    );
    // Listed last (pushed longer ago), but its newest tag did not ship.
    const viewer = client("third-viewer", [...NAMES].reverse());
    const listed = await listing.getOverviewListing(viewer.client, { kind: "viewer" }, NOW);
    expect(viewer.asked).toEqual([]);
    expect(listed.repositories.map((repository) => repository.name)).toEqual([
      "watched",
      "unwatched",
    ]);
  });
});
