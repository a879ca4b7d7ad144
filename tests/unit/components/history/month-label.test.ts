import { describe, expect, it } from "vitest";
import { monthLabel } from "@/components/history/chart-scales";

describe("the release history chart's month labels", () => {
  it("names the month in English whatever the server's locale, with the year under the first month and January", () => {
    expect(monthLabel("2026-11", 0)).toEqual({ name: "Nov", year: "2026" });
    expect(monthLabel("2026-12", 1)).toEqual({ name: "Dec", year: null });
    expect(monthLabel("2027-01", 2)).toEqual({ name: "Jan", year: "2027" });
  });
});
