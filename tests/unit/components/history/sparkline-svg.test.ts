import { describe, expect, it } from "vitest";
import { describeSparkline, renderSparklineSvg } from "@/components/history/sparkline-svg";
import type { MonthHistory } from "@/lib/history/types";

function month(name: string, counts: Partial<MonthHistory> = {}): MonthHistory {
  const shippedItself = counts.shippedItself ?? 0;
  const neededHelp = counts.neededHelp ?? 0;
  const notShipped = counts.notShipped ?? 0;
  return {
    month: name,
    tags: shippedItself + neededHelp + notShipped,
    shippedItself,
    neededHelp,
    notShipped,
    medianMinutesToShip: null,
    p90MinutesToShip: null,
  };
}

describe("the overview's sparkline image", () => {
  const months = [
    month("2026-10", { shippedItself: 2, neededHelp: 2 }),
    month("2026-11"),
    month("2026-12", { shippedItself: 1, notShipped: 1 }),
  ];

  it("says its numbers in its title", () => {
    const svg = renderSparklineSvg("octo/app", months);
    expect(svg).toContain(
      "<title>Release history of octo/app since 2026-10: 6 tags, 3 shipped on their own, 2 needed help, 1 not shipped</title>",
    );
    expect(describeSparkline("octo/app", [month("2026-12")])).toBe(
      "Release history of octo/app: no tags in the last 12 months",
    );
  });

  it("draws one stacked bar per month with tags, the busiest month at full height", () => {
    const svg = renderSparklineSvg("octo/app", months);
    const rects = [
      ...svg.matchAll(/<rect class="(\w+)" data-month="([\d-]+)"[^>]* height="([\d.]+)"/g),
    ];
    expect(rects.map(([, kind, name]) => `${name} ${kind}`)).toEqual([
      "2026-10 shippedItself",
      "2026-10 neededHelp",
      "2026-12 shippedItself",
      "2026-12 notShipped",
    ]);
    const heights = rects.map(([, , , height]) => Number(height));
    expect(heights[0]! + heights[1]!).toBeCloseTo(19, 1);
    expect(heights[2]! + heights[3]!).toBeCloseTo(9.5, 1);
  });

  it("follows light and dark by itself: an image cannot read the page's colours", () => {
    const svg = renderSparklineSvg("octo/app", months);
    expect(svg).toMatch(
      /<style>\.shippedItself\{fill:#1a7f37\}.*@media \(prefers-color-scheme: dark\)\{\.shippedItself\{fill:#3fb950\}/,
    );
  });

  it("escapes what it is given and carries nothing that runs", () => {
    const svg = renderSparklineSvg('a/<script>"x"', months);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;&#34;x&#34;");
    expect(svg).not.toMatch(/href=|\son\w+=/);
  });
});
