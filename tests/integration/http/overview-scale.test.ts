import { afterAll, describe, expect, it } from "vitest";
import { TEST_CRON_SECRET } from "../../app-under-test";
import type { SimulatorRequest } from "../../simulator-control";
import { runTagwatch, type Session } from "./tagwatch";

// The overview of a person in an organisation of 300 repositories (the simulator's `scale`
// scenario, generated; 1 % with a failed release on the newest tag): the list comes from GitHub
// 100 a page, the first screen judges a bounded window, the filter reaches the tail of the list,
// and with watch mode's cards in the store the only GitHub requests are the list's pages.
// Three pages show all of that; 1,000 and 5,000 repositories are the benchmark's (`--only scale`):
// a first sweep of 1,000 is ~2,000 GraphQL requests, ~15 s of this suite's CPU for nothing new.

const ORG = "scale-org";
const COUNT = 300;
const PAGES = COUNT / 100;
// A share of 1 %: the simulator spreads it evenly, so every 100th repository has the failed release.
const FAILED_EVERY = 100;
const FAILED = Array.from(
  { length: COUNT / FAILED_EVERY },
  (_, index) => `${ORG}/service-${String((index + 1) * FAILED_EVERY).padStart(5, "0")}`,
);

const tagwatch = runTagwatch();

afterAll(async () => {
  // The next file's tests start from the demo scenario again.
  await tagwatch().simulator.call("POST", "reset", { scenario: "demo" });
});

/** The viewer's GitHub requests since the log was cleared, by operation. */
async function viewerOperations(login: string): Promise<string[]> {
  const requests: SimulatorRequest[] = await tagwatch().simulator.requests();
  return requests
    .filter((request) => request.user === login)
    .map((request) => request.operationName ?? `${request.method} ${request.path}`);
}

const count = (operations: string[], name: string) =>
  operations.filter((operation) => operation === name).length;

/** The cards of the overview's last streamed stage, in order (each stage replaces the one before). */
function lastStageCards(html: string): string[] {
  const last = html.lastIndexOf('aria-label="Repositories"');
  expect(last, "the page has a list of repositories").toBeGreaterThan(-1);
  // Cards hold lists of their own: the stage runs to the end of the document.
  return [...html.slice(last).matchAll(/data-repository="([^"]+)"/g)].map(
    (match) => match[1] as string,
  );
}

type OverviewJson = {
  total: number;
  next: number | null;
  repositories: { repository: string; worst: string }[];
  missing: unknown[];
};

async function sweepUntilDone(): Promise<void> {
  for (let sweep = 0; sweep < 10; sweep++) {
    const response = await tagwatch().fetch("/api/cron/watch", {
      headers: { authorization: `Bearer ${TEST_CRON_SECRET}` },
      signal: AbortSignal.timeout(280_000),
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { remaining: number; errors: string[] };
    expect(summary.errors).toEqual([]);
    if (summary.remaining === 0) return;
  }
  throw new Error("the sweep did not cover the organisation in 10 calls");
}

describe("the overview of an organisation of 300 repositories", { timeout: 300_000 }, () => {
  it("pages the list, judges a bounded window, finds the tail by name, and with watch mode's cards asks GitHub only for the list", async () => {
    const { simulator } = tagwatch();
    await simulator.call("POST", "reset", { scenario: "scale" });
    const generated = await simulator.call<{ created: number }>(
      "POST",
      `organizations/${ORG}/repositories`,
      { count: COUNT, failedShare: 1 / FAILED_EVERY },
    );
    expect(generated.created).toBe(COUNT);
    const session: Session = await tagwatch().signIn("octo-maintainer", `/${ORG}`);
    const tail = await simulator.lastRepositoryOf(ORG, "octo-maintainer");
    expect(tail).toMatch(new RegExp(`^${ORG}/service-\\d{5}$`));

    // The first screen waits for the list's first page only: with every later page failing at
    // GitHub, the page still shows the first window, and the browser's request for the whole
    // list answers GitHub's fault plainly.
    await simulator.failLaterOwnerListPages();
    await simulator.clearRequests();
    const partial = await session.get(`/${ORG}`);
    expect(partial.status).toBe(200);
    const partialHtml = await partial.text();
    // Nothing judged yet (no sweep has kept a card): one window of 100 in batches of 25.
    expect(lastStageCards(partialHtml)).toHaveLength(100);
    expect(count(await viewerOperations("octo-maintainer"), "RepositoryOverviewBatch")).toBe(4);
    expect(partialHtml).not.toContain(tail);
    const unlisted = await session.get(`/api/repos?owner=${ORG}&fields=names`);
    expect(unlisted.status).toBeGreaterThanOrEqual(500);
    expect(((await unlisted.json()) as { error: { message: string } }).error.message).toMatch(
      /GitHub/,
    );
    await simulator.clearFaults();

    // Again without the fault: the list's first page for the first screen (its window judged
    // again only where the 2 s test cache ran out), the other 9 pages read after it, for the
    // browser's request for every name (the filter box searches them all).
    await simulator.clearRequests();
    const cold = await session.get(`/${ORG}`);
    expect(cold.status).toBe(200);
    const coldHtml = await cold.text();
    expect(lastStageCards(coldHtml)).toHaveLength(100);
    expect(lastStageCards(coldHtml)).not.toContain(tail);
    const listed = await session.get(`/api/repos?owner=${ORG}&fields=names`);
    expect(listed.status).toBe(200);
    const listedJson = (await listed.json()) as { total: number; names: string[] };
    expect(listedJson.total).toBe(COUNT);
    // The first page's repositories are the first window: the whole list starts with them.
    expect(listedJson.names.slice(0, 100).sort()).toEqual(lastStageCards(coldHtml).sort());
    expect(listedJson.names).toContain(tail);
    const coldOperations = await viewerOperations("octo-maintainer");
    expect(count(coldOperations, "OwnerRepositories")).toBe(PAGES);
    expect(count(coldOperations, "RepositoryOverviewBatch")).toBeLessThanOrEqual(4);
    // With the whole list cached, the page still carries its first window's names only (5,000
    // names would weigh ~200 kB): the browser asks for the others, from the same cache.
    const cachedHtml = await (await session.get(`/${ORG}`)).text();
    expect(lastStageCards(cachedHtml)).toHaveLength(100);
    expect(cachedHtml).not.toContain(tail);

    // The filter's "check them": the tail found by name is judged on request, and nothing else.
    await simulator.clearRequests();
    const found = await session.get(`/api/repos?owner=${ORG}&names=${encodeURIComponent(tail)}`);
    expect(found.status).toBe(200);
    const foundJson = (await found.json()) as OverviewJson;
    expect(foundJson.repositories.map((item) => item.repository)).toEqual([tail]);
    expect(count(await viewerOperations("octo-maintainer"), "RepositoryOverviewBatch")).toBe(1);
    // A later window, as the person scrolls: the next 100.
    const window = (await (
      await session.get(`/api/repos?owner=${ORG}&offset=100`)
    ).json()) as OverviewJson;
    expect(window).toMatchObject({ total: COUNT, next: 200 });
    expect(window.repositories).toHaveLength(100);

    // Watch mode reads every repository once; from then on its cards rank the whole list.
    await sweepUntilDone();
    // The listing's cache (2 s in tests) runs out: the page asks GitHub for the list again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await simulator.clearRequests();
    const warm = await session.get(`/${ORG}`);
    expect(warm.status).toBe(200);
    const warmHtml = await warm.text();
    // The first screen is the list's first page, problems first: its failed repositories top it.
    const cards = lastStageCards(warmHtml);
    expect(cards).toHaveLength(100);
    const failedOnIt = cards.filter((card) => FAILED.includes(card));
    expect(failedOnIt.length, "a failed repository is on the first page").toBeGreaterThan(0);
    expect(cards.slice(0, failedOnIt.length)).toEqual(failedOnIt);
    // The whole list, read after the page, is ranked by the cards: every failed one first
    // (the browser judges those the first page did not have into the first screen).
    const ranked = (await (await session.get(`/api/repos?owner=${ORG}&fields=names`)).json()) as {
      names: string[];
    };
    expect(ranked.names.slice(0, FAILED.length).sort()).toEqual(FAILED);
    const api = (await (await session.get(`/api/repos?owner=${ORG}`)).json()) as OverviewJson;
    expect(
      api.repositories.slice(0, FAILED.length).every((item) => item.worst === "run-failed"),
    ).toBe(true);
    // With the cards in the store, the only GitHub requests are the list's pages.
    const warmOperations = await viewerOperations("octo-maintainer");
    expect(warmOperations).toEqual(Array.from({ length: PAGES }, () => "OwnerRepositories"));
  });
});
