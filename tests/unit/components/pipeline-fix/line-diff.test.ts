import { describe, expect, it } from "vitest";
import { diffLines } from "@/components/pipeline-fix/line-diff";

describe("the preview's line diff", () => {
  it("shows inserted and replaced lines with three lines of context, in separate hunks", () => {
    const middle = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"];
    const before = ["a", "b", "c", "d", "e", "f", "g", ...middle, "k", "l"].join("\n");
    const after = ["a", "b", "c", "d", "X", "e", "f", "g", ...middle, "K", "l"].join("\n");
    const hunks = diffLines(before, after);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]?.map((line) => `${line.kind[0]}${line.text}`)).toEqual([
      "sb",
      "sc",
      "sd",
      "aX",
      "se",
      "sf",
      "sg",
    ]);
    expect(hunks[1]?.filter((line) => line.kind !== "same").map((line) => line.text)).toEqual([
      "k",
      "K",
    ]);
    expect(diffLines("same\n", "same\n")).toEqual([]);
  });
});
