import type { MonthHistory } from "@/lib/history/types";
import { SERIES, totalsOf } from "./chart-scales";

// A repository's last 12 months in 72 x 20 pixels: one bar per month, as high as its tag count,
// coloured like the repository page's chart. Server-rendered SVG.

const WIDTH = 72;
const HEIGHT = 20;

type Props = { months: MonthHistory[] };

/** The overview card's sparkline of a release history. */
export function HistorySparkline({ months }: Props) {
  const totals = totalsOf(months);
  const label = `Release history since ${months[0]?.month}: ${totals.tags} tags, ${totals.shippedItself} shipped on their own, ${totals.neededHelp} needed help, ${totals.notShipped} not shipped`;
  const most = Math.max(1, ...months.map((month) => month.tags));
  const slot = WIDTH / Math.max(1, months.length);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={label}
      data-sparkline={totals.tags}
      className="shrink-0"
    >
      <title>{label}</title>
      <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="var(--border)" />
      {months.map((month, index) => {
        let top = HEIGHT;
        return (
          <g key={month.month}>
            {SERIES.map((series) => {
              const height = (month[series.key] / most) * (HEIGHT - 1);
              top -= height;
              return height > 0 ? (
                <rect
                  key={series.key}
                  x={index * slot + 1}
                  y={top}
                  width={Math.max(1, slot - 2)}
                  height={height}
                  fill={series.color}
                />
              ) : null;
            })}
          </g>
        );
      })}
    </svg>
  );
}
