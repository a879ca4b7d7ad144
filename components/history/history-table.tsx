import { ScrollRegion } from "@/components/ui/scroll-region";
import type { MonthHistory } from "@/lib/history/types";
import { formatMinutes } from "./chart-scales";

type Props = { months: MonthHistory[] };

const CELL = "px-3 py-1.5 text-right tabular-nums";
/** A number or a time ("38 min") is never broken over two lines on a narrow screen. */
const VALUE = `${CELL} whitespace-nowrap`;
/** One history per page: its table's caption names the box it scrolls in. */
const CAPTION_ID = "release-history-table";

/** The chart's numbers, month by month, for screen readers and for people who would rather read. */
export function HistoryTable({ months }: Props) {
  return (
    <ScrollRegion labelledBy={CAPTION_ID} className="rounded-md border border-line">
      <table className="w-full border-collapse text-sm" data-table="release-history">
        <caption id={CAPTION_ID} className="sr-only">
          Tags per month, how they shipped and how long it took
        </caption>
        <thead className="bg-canvas-subtle text-xs text-fg-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 text-left font-medium">
              Month (UTC)
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              Tags
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              Shipped on their own
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              Needed help
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              Not shipped
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              Median time to ship
            </th>
            <th scope="col" className={`${CELL} font-medium`}>
              90th percentile
            </th>
          </tr>
        </thead>
        <tbody>
          {[...months].reverse().map((month) => (
            <tr key={month.month} data-month={month.month} className="border-t border-line-muted">
              <th
                scope="row"
                className="whitespace-nowrap px-3 py-1.5 text-left font-mono font-normal"
              >
                {month.month}
              </th>
              <td className={VALUE}>{month.tags}</td>
              <td className={VALUE}>{month.shippedItself}</td>
              <td className={VALUE}>{month.neededHelp}</td>
              <td className={VALUE}>{month.notShipped}</td>
              <td className={VALUE}>{formatMinutes(month.medianMinutesToShip)}</td>
              <td className={VALUE}>{formatMinutes(month.p90MinutesToShip)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
