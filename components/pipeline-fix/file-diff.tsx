import { ScrollRegion } from "@/components/ui/scroll-region";
import { diffLines } from "./line-diff";

/** One file of the pull request as GitHub shows a diff: changed lines with context, numbered. */
export function FileDiff({ path, before, after }: { path: string; before: string; after: string }) {
  const hunks = diffLines(before, after);
  return (
    <figure className="overflow-hidden rounded-md border border-line">
      <figcaption className="border-b border-line bg-canvas-subtle px-3 py-1.5 font-mono text-xs font-semibold">
        {path}
      </figcaption>
      <ScrollRegion label={`Changes to ${path}`}>
        <table
          className="w-full border-collapse font-mono text-xs"
          aria-label={`Changes to ${path}`}
        >
          <tbody>
            {hunks.flatMap((hunk, index) => [
              index > 0 ? (
                <tr
                  key={`gap-${hunk[0]?.oldLine ?? index}`}
                  className="bg-canvas-subtle text-fg-muted"
                >
                  <td colSpan={3} className="px-2">
                    ⋯
                  </td>
                </tr>
              ) : null,
              ...hunk.map((line) => (
                <tr
                  key={`${line.kind}-${line.oldLine}-${line.newLine}`}
                  data-diff={line.kind}
                  className={
                    line.kind === "add"
                      ? "bg-success-subtle"
                      : line.kind === "remove"
                        ? "bg-danger-subtle"
                        : ""
                  }
                >
                  <td className="w-10 select-none px-2 text-right text-fg-muted">
                    {line.newLine ?? line.oldLine}
                  </td>
                  <td className="w-4 select-none text-fg-muted" aria-hidden>
                    {line.kind === "add" ? "+" : line.kind === "remove" ? "-" : " "}
                  </td>
                  <td className="whitespace-pre pr-3">
                    <span className="sr-only">
                      {line.kind === "add" ? "added: " : line.kind === "remove" ? "removed: " : ""}
                    </span>
                    {line.text}
                  </td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </ScrollRegion>
    </figure>
  );
}
