import { ScrollRegion } from "@/components/ui/scroll-region";
import type { MonthHistory } from "@/lib/history/types";
import {
  countTicks,
  formatMinutes,
  logPosition,
  minuteTicks,
  monthLabel,
  SERIES,
  totalsOf,
} from "./chart-scales";

// Monthly bars (tags shipped on their own / that needed help / not shipped) and the median time
// to ship as a line on a log scale. Plain SVG written by hand (no chart library), colours from the
// page's variables so it follows light and dark.

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 56, bottom: 36, left: 36 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const BOTTOM = MARGIN.top + PLOT_HEIGHT;

type Props = { months: MonthHistory[]; id: string };

function linePath(points: ({ x: number; y: number } | null)[]): string {
  let path = "";
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? "L" : "M"}${point.x.toFixed(1)},${point.y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/** The release history of a period as a chart; its numbers are also in HistoryTable. */
export function HistoryChart({ months, id }: Props) {
  const slot = PLOT_WIDTH / Math.max(1, months.length);
  const barWidth = Math.min(40, slot * 0.6);
  const ticks = countTicks(Math.max(0, ...months.map((month) => month.tags)));
  const maxCount = ticks.at(-1) ?? 1;
  const countY = (count: number) => BOTTOM - (count / maxCount) * PLOT_HEIGHT;
  const medians = months.map((month) => month.medianMinutesToShip);
  const timeTicks = minuteTicks(Math.max(0, ...medians.map((value) => value ?? 0)));
  const maxMinutes = timeTicks.at(-1)?.[0] ?? 60;
  const minutesY = (minutes: number) => BOTTOM - logPosition(minutes, maxMinutes) * PLOT_HEIGHT;
  const centre = (index: number) => MARGIN.left + slot * (index + 0.5);
  const points = medians.map((value, index) =>
    value === null ? null : { x: centre(index), y: minutesY(value) },
  );
  const totals = totalsOf(months);
  const first = months[0]?.month;
  const last = months.at(-1)?.month;

  // Never drawn narrower than 36rem: on a phone its labels would shrink with it out of reading; it
  // scrolls sideways instead.
  return (
    <ScrollRegion labelledBy={`${id}-title`}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full min-w-[36rem]"
        data-chart="release-history"
      >
        <title id={`${id}-title`}>Tags per month and median time to ship</title>
        <desc id={`${id}-desc`}>
          {`From ${first} to ${last}: ${totals.tags} tags, ${totals.shippedItself} shipped on their own, ${totals.neededHelp} needed help, ${totals.notShipped} not shipped. The line is each month's median time from push to shipped release. The table below has the numbers.`}
        </desc>
        <g fontSize="11" fill="var(--fg-muted)">
          {ticks.map((tick) => (
            <g key={`count-${tick}`}>
              <line
                x1={MARGIN.left}
                x2={MARGIN.left + PLOT_WIDTH}
                y1={countY(tick)}
                y2={countY(tick)}
                stroke="var(--border-muted)"
              />
              <text x={MARGIN.left - 6} y={countY(tick) + 4} textAnchor="end">
                {tick}
              </text>
            </g>
          ))}
          {timeTicks.map(([minutes, label]) => (
            <text
              key={`time-${minutes}`}
              x={MARGIN.left + PLOT_WIDTH + 6}
              y={minutesY(minutes) + 4}
              fill="var(--fg-accent)"
            >
              {label}
            </text>
          ))}
          {months.map((month, index) => {
            const label = monthLabel(month.month, index);
            return (
              <text
                key={`label-${month.month}`}
                x={centre(index)}
                y={BOTTOM + 14}
                textAnchor="middle"
              >
                {label.name}
                {label.year ? (
                  <tspan x={centre(index)} dy="12">
                    {label.year}
                  </tspan>
                ) : null}
              </text>
            );
          })}
        </g>
        {months.map((month, index) => {
          let base = 0;
          return (
            <g key={month.month} data-month={month.month}>
              {SERIES.map((series) => {
                const count = month[series.key];
                const y = countY(base + count);
                const height = countY(base) - y;
                base += count;
                return count > 0 ? (
                  <rect
                    key={series.key}
                    x={centre(index) - barWidth / 2}
                    y={y}
                    width={barWidth}
                    height={height}
                    fill={series.color}
                    data-series={series.key}
                    data-count={count}
                  />
                ) : null;
              })}
            </g>
          );
        })}
        <path
          d={linePath(points)}
          fill="none"
          stroke="var(--fg-accent)"
          strokeWidth="2"
          strokeLinejoin="round"
        />
        {points.map((point, index) =>
          point ? (
            <circle
              key={months[index]?.month}
              cx={point.x}
              cy={point.y}
              r="3.5"
              fill="var(--bg)"
              stroke="var(--fg-accent)"
              strokeWidth="2"
            >
              <title>{`${months[index]?.month}: median ${formatMinutes(medians[index] ?? null)}`}</title>
            </circle>
          ) : null,
        )}
      </svg>
    </ScrollRegion>
  );
}
