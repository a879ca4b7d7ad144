// A small line diff for the pipeline-fix preview (workflow files are short): longest common
// subsequence, then hunks with three lines of context.

export type DiffLine = {
  kind: "same" | "add" | "remove";
  text: string;
  oldLine: number | null;
  newLine: number | null;
};
export type DiffHunk = DiffLine[];

/** The changed regions of `after` against `before`, each with up to `context` unchanged lines around it. */
export function diffLines(before: string, after: string, context = 3): DiffHunk[] {
  const a = before.replace(/\r\n/g, "\n").split("\n");
  const b = after.replace(/\r\n/g, "\n").split("\n");
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i] as number[];
    const next = lengths[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i] ?? "", oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j >= b.length || (lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0))
    ) {
      // Removals before additions, as GitHub shows a replaced line.
      lines.push({ kind: "remove", text: a[i] ?? "", oldLine: i + 1, newLine: null });
      i++;
    } else {
      lines.push({ kind: "add", text: b[j] ?? "", oldLine: null, newLine: j + 1 });
      j++;
    }
  }
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (
      let k = Math.max(0, index - context);
      k <= Math.min(lines.length - 1, index + context);
      k++
    )
      keep[k] = true;
  });
  const hunks: DiffHunk[] = [];
  let current: DiffHunk | null = null;
  lines.forEach((line, index) => {
    if (!keep[index]) {
      current = null;
      return;
    }
    if (!current) {
      current = [];
      hunks.push(current);
    }
    current.push(line);
  });
  return hunks;
}
