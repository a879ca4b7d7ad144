import { describe, expect, it } from "vitest";
import {
  planInstallation,
  planInstallationRepositories,
  planRepository,
} from "@/lib/watch/lifecycle";

// What each lifecycle event changes, on plain payloads in GitHub's shape (only the fields read).

type Arg<F extends (...args: never[]) => unknown> = Parameters<F>[0];
const repo = (name: string) => ({ id: 1, node_id: `R_${name}`, name, full_name: `octo/${name}` });

function installation(action: string, repositories = [repo("cli")]) {
  return planInstallation({
    action,
    installation: { id: 7 },
    repositories,
  } as unknown as Arg<typeof planInstallation>);
}

describe("installation events", () => {
  it("created: its repositories are watched from now on, the list cache dropped, work allowed", () => {
    expect(installation("created")).toEqual({
      installationId: 7,
      halt: null,
      forgetToken: false,
      forgetList: true,
      forgetNames: ["octo/cli"],
      start: [{ id: "R_cli", fullName: "octo/cli" }],
      drop: [],
      moved: null,
    });
  });

  it("deleted: its repositories' state dropped, its token forgotten, nothing done there again", () => {
    expect(installation("deleted")).toMatchObject({
      halt: "deleted",
      forgetToken: true,
      start: [],
      drop: [{ id: "R_cli", fullName: "octo/cli" }],
    });
  });

  it("suspend halts it (token dropped) and keeps the state; unsuspend lets it work again", () => {
    expect(installation("suspend")).toMatchObject({
      halt: "suspended",
      forgetToken: true,
      drop: [],
    });
    expect(installation("unsuspend")).toMatchObject({ halt: null, start: [], drop: [] });
  });

  it("new permissions accepted: only the cached token (and lookups) are dropped", () => {
    const plan = installation("new_permissions_accepted");
    expect(plan).toMatchObject({ forgetToken: true, start: [], drop: [] });
    expect(plan.halt).toBeUndefined();
  });
});

describe("installation_repositories events", () => {
  const event = (action: string) =>
    planInstallationRepositories({
      action,
      installation: { id: 7 },
      repositories_added: action === "added" ? [repo("new")] : [],
      repositories_removed: action === "removed" ? [repo("old")] : [],
    } as unknown as Arg<typeof planInstallationRepositories>);

  it("added: watched from now on and given a round; the list cache dropped", () => {
    expect(event("added")).toMatchObject({
      forgetList: true,
      forgetNames: ["octo/new"],
      start: [{ id: "R_new", fullName: "octo/new" }],
      drop: [],
    });
  });

  it("removed: the repository's state dropped", () => {
    expect(event("removed")).toMatchObject({
      forgetList: true,
      start: [],
      drop: [{ id: "R_old", fullName: "octo/old" }],
    });
  });
});

describe("repository events", () => {
  const repository = (owner: string, name: string) => ({
    node_id: "R_tool",
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner },
  });
  const event = (payload: object) =>
    planRepository({ installation: { id: 7 }, ...payload } as unknown as Arg<
      typeof planRepository
    >);

  it("renamed: the name leading to the state moves, the state stays under the node id", () => {
    expect(
      event({
        action: "renamed",
        changes: { repository: { name: { from: "tool" } } },
        repository: repository("octo", "toolkit"),
      }),
    ).toMatchObject({
      forgetNames: ["octo/tool", "octo/toolkit"],
      moved: { id: "R_tool", from: "octo/tool", to: "octo/toolkit" },
      drop: [],
    });
  });

  it("transferred from a user or an organisation: the owner part of the name moves", () => {
    for (const from of [{ user: { login: "octo" } }, { organization: { login: "octo" } }]) {
      expect(
        event({
          action: "transferred",
          changes: { owner: { from } },
          repository: repository("acme", "tool"),
        })?.moved,
      ).toEqual({ id: "R_tool", from: "octo/tool", to: "acme/tool" });
    }
  });

  it("other actions, or a rename that only changes letter case, change nothing", () => {
    expect(
      event({ action: "edited", changes: {}, repository: repository("octo", "tool") }),
    ).toBeNull();
    expect(
      event({
        action: "renamed",
        changes: { repository: { name: { from: "Tool" } } },
        repository: repository("octo", "tool"),
      }),
    ).toBeNull();
  });
});
