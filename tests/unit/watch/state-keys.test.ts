import { beforeAll, describe, expect, it } from "vitest";

// Watch state is kept by the repository's node id (a rename or transfer keeps it); what an
// earlier version kept under the name is moved over once, so an upgrade forgets no dispatch.

let state: typeof import("@/lib/watch/state");
let getStore: typeof import("@/lib/store").getStore;
let seal: typeof import("@/lib/store/sealed").seal;
let sealingKey: typeof import("@/lib/store/shared-cache").sealingKey;
let storeKeyOf: typeof import("@/lib/store/shared-cache").storeKeyOf;

beforeAll(async () => {
  state = await import("@/lib/watch/state");
  ({ getStore } = await import("@/lib/store"));
  ({ seal } = await import("@/lib/store/sealed"));
  ({ sealingKey, storeKeyOf } = await import("@/lib/store/shared-cache"));
});

const dispatch = {
  at: "2026-12-01T10:00:00.000Z",
  workflow: ".github/workflows/release.yml",
  runUrl: "https://github.com/octo/tool/actions/runs/1",
  error: null,
};

/** What a version keyed by name left in the store. */
async function keptByName(repository: string) {
  const dispatched = storeKeyOf("watch-dispatched", repository);
  const since = storeKeyOf("watch-since", repository);
  await getStore().set(
    dispatched,
    seal(sealingKey(), dispatched, JSON.stringify({ v1: dispatch })),
  );
  await getStore().set(since, "2026-11-30T00:00:00.000Z");
  return { dispatched, since };
}

describe("watch state by node id", () => {
  it("state kept by name before is moved to the node id once, and the name's entries dropped", async () => {
    const legacy = await keptByName("octo/tool");
    await state.adoptNamedState("Octo/Tool", "R_tool");
    expect(await state.getDispatchRecords("R_tool")).toEqual({ v1: dispatch });
    expect(await state.getWatchStartedAt("R_tool")).toEqual(new Date("2026-11-30T00:00:00.000Z"));
    expect(await getStore().get(legacy.dispatched)).toBeNull();
    expect(await getStore().get(legacy.since)).toBeNull();
  });

  it("never overwrites what is already kept under the node id", async () => {
    await state.setDispatchRecords("R_other", {});
    await keptByName("octo/other");
    await state.adoptNamedState("octo/other", "R_other");
    expect(await state.getDispatchRecords("R_other")).toEqual({});
  });

  // Each test keeps its own repository's state: they pass in any order.
  it("a rename leaves the state where it is: only the name leading to it changes", async () => {
    await state.setDispatchRecords("R_lib", { v1: dispatch });
    await state.rememberRepositoryId("octo/lib", "R_lib");
    await state.forgetRepositoryName("octo/lib");
    await state.rememberRepositoryId("octo/library", "R_lib");
    expect(await state.getRepositoryId("octo/lib")).toBeNull();
    expect(await state.getRepositoryId("OCTO/library")).toBe("R_lib");
    expect(await state.getDispatchRecords("R_lib")).toEqual({ v1: dispatch });
  });

  it("forgetting a repository drops all it kept", async () => {
    await state.setDispatchRecords("R_gone", { v1: dispatch });
    await state.recordTagSeen("R_gone", ["v1"], new Date());
    await state.recordWatchStarted(["R_gone"], new Date());
    // Each was kept: the checks below see the forgetting, not an empty store.
    expect(await state.getDispatchRecords("R_gone")).toEqual({ v1: dispatch });
    expect(Object.keys(await state.getTagsSeen("R_gone"))).toEqual(["v1"]);
    expect(await state.getWatchStartedAt("R_gone")).not.toBeNull();
    await state.forgetRepositoryState("R_gone");
    expect(await state.getDispatchRecords("R_gone")).toEqual({});
    expect(await state.getTagsSeen("R_gone")).toEqual({});
    expect(await state.getWatchStartedAt("R_gone")).toBeNull();
  });
});
