import { describe, expect, it } from "vitest";
import { deadline, LATE, within } from "@/lib/deadline";

describe("waiting no longer than a given time", () => {
  it("answers the value in time, LATE after the time, and passes a rejection in time on", async () => {
    expect(await within(Promise.resolve("answer"), 1_000)).toBe("answer");
    expect(await within(new Promise(() => {}), 10)).toBe(LATE);
    await expect(within(Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
  });

  it("a deadline that is cleared never runs out", async () => {
    const cleared = deadline(10);
    cleared.clear();
    const other = deadline(50);
    expect(await Promise.race([cleared.late, other.late.then(() => "other")])).toBe("other");
  });
});
