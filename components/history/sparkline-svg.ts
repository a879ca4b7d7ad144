import type { MonthHistory } from "@/lib/history/types";
import { SERIES, totalsOf } from "./chart-scales";

// A repository's last 12 months in 72 x 20 pixels, as a standalone SVG document: one bar per
// month, as high as its tag count, coloured like the repository page's chart. The overview shows it
// as an <img> loaded lazily, so a cold overview does not wait for (or pay) a history per card.
// An image cannot read the page's CSS variables: it carries Primer's colours (app/globals.css)
// and follows light and dark the same way, by prefers-color-scheme.

const WIDTH = 72;
const HEIGHT = 20;

const COLORS = {
  light: {
    shippedItself: "#1a7f37",
    neededHelp: "#7d4e00",
    notShipped: "#c21e2a",
    axis: "#d1d9e0",
  },
  dark: { shippedItself: "#3fb950", neededHelp: "#d29922", notShipped: "#f85149", axis: "#3d444d" },
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function style(colors: (typeof COLORS)["light"]): string {
  return [
    ...SERIES.map((series) => `.${series.key}{fill:${colors[series.key]}}`),
    `.axis{stroke:${colors.axis}}`,
  ].join("");
}

/** What the sparkline says, in words: its title and the overview image's description. */
export function describeSparkline(repository: string, months: readonly MonthHistory[]): string {
  const totals = totalsOf(months);
  if (totals.tags === 0) return `Release history of ${repository}: no tags in the last 12 months`;
  return `Release history of ${repository} since ${months[0]?.month}: ${totals.tags} tags, ${totals.shippedItself} shipped on their own, ${totals.neededHelp} needed help, ${totals.notShipped} not shipped`;
}

/** The sparkline of a release history as an SVG document (image/svg+xml). */
export function renderSparklineSvg(repository: string, months: readonly MonthHistory[]): string {
  const label = escapeXml(describeSparkline(repository, months));
  const most = Math.max(1, ...months.map((month) => month.tags));
  const slot = WIDTH / Math.max(1, months.length);
  const bars = months.flatMap((month, index) => {
    let top = HEIGHT;
    return SERIES.flatMap((series) => {
      const height = (month[series.key] / most) * (HEIGHT - 1);
      top -= height;
      if (height <= 0) return [];
      const x = index * slot + 1;
      const width = Math.max(1, slot - 2);
      return [
        `<rect class="${series.key}" data-month="${month.month}" x="${x.toFixed(2)}" y="${top.toFixed(2)}" width="${width.toFixed(2)}" height="${height.toFixed(2)}"/>`,
      ];
    });
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    `<style>${style(COLORS.light)}@media (prefers-color-scheme: dark){${style(COLORS.dark)}}</style>`,
    `<line class="axis" x1="0" x2="${WIDTH}" y1="${HEIGHT - 0.5}" y2="${HEIGHT - 0.5}"/>`,
    ...bars,
    "</svg>",
  ].join("");
}
