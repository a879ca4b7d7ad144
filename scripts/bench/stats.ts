// Summaries of repeated measurements: median and p90 (nearest rank), and readable numbers.

export type Summary = { n: number; median: number; p90: number; min: number; max: number };

export function summarize(values: number[]): Summary | null {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    n: sorted.length,
    median,
    p90: rank(0.9),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

export function ms(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** "median / p90" of a summary in ms. */
export function msPair(summary: Summary | null): string {
  return summary ? `${ms(summary.median)} / ${ms(summary.p90)}` : "–";
}

/** How many times more the baseline costs than tagwatch, e.g. "38×"; "∞" when tagwatch costs nothing. */
export function ratio(
  tagwatch: number | undefined | null,
  baseline: number | undefined | null,
): string {
  if (tagwatch === undefined || tagwatch === null || baseline === undefined || baseline === null)
    return "–";
  if (!Number.isFinite(tagwatch) || !Number.isFinite(baseline)) return "–";
  if (tagwatch === 0) return baseline === 0 ? "1×" : "∞ (tagwatch: 0)";
  const value = baseline / tagwatch;
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)}×`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
