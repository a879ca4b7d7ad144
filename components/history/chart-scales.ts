import type { MonthHistory } from "@/lib/history/types";

// The few computations behind the history charts: counts on a linear scale, minutes on a log
// scale (a tag ships in minutes or in days: a linear axis would flatten one or the other), and the
// words for a duration. Pure, so the server renders the same SVG every time.

const MINUTE_TICKS: [minutes: number, label: string][] = [
  [1, "1 min"],
  [10, "10 min"],
  [60, "1 h"],
  [6 * 60, "6 h"],
  [24 * 60, "1 d"],
  [7 * 24 * 60, "1 wk"],
  [30 * 24 * 60, "30 d"],
  [365 * 24 * 60, "1 yr"],
];

/** "4 min", "3.5 h", "2 days": a duration in the unit a person would use. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  const one = (value: number) => String(Math.round(value * 10) / 10);
  if (minutes < 60) return `${one(minutes)} min`;
  if (minutes < 48 * 60) return `${one(minutes / 60)} h`;
  return `${one(minutes / (24 * 60))} days`;
}

/** "75%" for a share of 0..1. */
export function formatShare(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

/** Whole-number ticks from 0 to at least `max`, at most five of them. */
export function countTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  const top = step * Math.max(1, Math.ceil(max / step));
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

/** The minute ticks up to the first one at or above `max` (at least "1 h"). */
export function minuteTicks(max: number): [minutes: number, label: string][] {
  const top = MINUTE_TICKS.findIndex(([minutes]) => minutes >= Math.max(max, 60));
  return MINUTE_TICKS.slice(0, top === -1 ? MINUTE_TICKS.length : top + 1);
}

/** Where `minutes` sits between 0 (bottom) and 1 (`top`) on a log scale. */
export function logPosition(minutes: number, top: number): number {
  return Math.min(1, Math.log10(1 + Math.max(0, minutes)) / Math.log10(1 + top));
}

// One formatter for every label: toLocaleString with options builds a new one on each call, which
// was the warm repository page's largest cost of its own (12 labels per render).
const MONTH_NAME = new Intl.DateTimeFormat("en", { month: "short", timeZone: "UTC" });

/** The month's label on the axis: "Nov", with the year under January and the first month. */
export function monthLabel(month: string, index: number): { name: string; year: string | null } {
  const name = MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`));
  return { name, year: index === 0 || month.endsWith("-01") ? month.slice(0, 4) : null };
}

/** The period's totals, for the charts' descriptions. */
export function totalsOf(months: readonly MonthHistory[]) {
  return months.reduce(
    (sum, month) => ({
      tags: sum.tags + month.tags,
      shippedItself: sum.shippedItself + month.shippedItself,
      neededHelp: sum.neededHelp + month.neededHelp,
      notShipped: sum.notShipped + month.notShipped,
    }),
    { tags: 0, shippedItself: 0, neededHelp: 0, notShipped: 0 },
  );
}

/** The chart's three kinds of tag, bottom to top, with their colours (light and dark follow the page). */
export const SERIES = [
  { key: "shippedItself", label: "Shipped on its own", color: "var(--fg-success)" },
  { key: "neededHelp", label: "Needed help", color: "var(--fg-attention)" },
  { key: "notShipped", label: "Not shipped", color: "var(--fg-danger)" },
] as const;
