import { describe, expect, it } from "vitest";
import { canWrite, mayWrite, writeRefusal } from "@/lib/tag-actions/access";

// Who may dispatch, re-run, enable or open a pull request: one rule for the page and the server.

const repository = "octo/cli";

describe("who may change a repository", () => {
  it("admins, maintainers and writers may; triage and read may not", () => {
    expect(["ADMIN", "MAINTAIN", "WRITE"].map(canWrite)).toEqual([true, true, true]);
    expect(["TRIAGE", "READ", null, undefined].map(canWrite)).toEqual([false, false, false, false]);
  });

  it("nobody may change an archived repository", () => {
    expect(mayWrite({ isArchived: true, viewerPermission: "ADMIN" })).toBe(false);
    expect(
      writeRefusal(
        { repository, isArchived: true, viewerPermission: "ADMIN" },
        "dispatching",
        "nothing can be dispatched there",
      ),
    ).toBe("octo/cli is archived: nothing can be dispatched there.");
  });

  it("says which access the viewer has, or that tagwatch could not tell", () => {
    expect(
      writeRefusal({ repository, isArchived: false, viewerPermission: "READ" }, "re-running", "-"),
    ).toBe("You have read access to octo/cli; re-running needs write access.");
    expect(
      writeRefusal({ repository, isArchived: false, viewerPermission: null }, "dispatching", "-"),
    ).toBe("tagwatch could not tell your access to octo/cli; dispatching needs write access.");
    expect(
      writeRefusal({ repository, isArchived: false, viewerPermission: "MAINTAIN" }, "x", "-"),
    ).toBeNull();
  });
});
