// What every part of the GraphQL API shares: GitHub's connections (cursors, pageInfo, nodes and
// edges over an ordered list), its timestamp format, and errors that carry GitHub's `type`.

/** An error GitHub reports with a `type` (NOT_FOUND, FORBIDDEN, ...). */
export class TypedGraphQLError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export type Args = Record<string, unknown>;
type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match)
    throw new TypedGraphQLError(
      "INVALID_CURSOR_ARGUMENTS",
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  return Number(match[1]);
}

/** A GitHub-style connection over an already ordered list. */
export function connection<T>(items: T[], args: PageArgs, toNode: (item: T) => unknown) {
  let start = 0;
  let end = items.length;
  const after = decodeCursor(args.after);
  const before = decodeCursor(args.before);
  if (after !== null) start = Math.min(after + 1, items.length);
  if (before !== null) end = Math.max(Math.min(before, items.length), start);
  let from = start;
  let to = end;
  if (typeof args.first === "number") to = Math.min(end, from + args.first);
  if (typeof args.last === "number") from = Math.max(from, to - args.last);
  const indices = Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: to < end,
      hasPreviousPage: from > start,
      startCursor: indices.length ? encodeCursor(indices[0] as number) : null,
      endCursor: indices.length ? encodeCursor(indices[indices.length - 1] as number) : null,
    },
    nodes: () => indices.map((index) => toNode(items[index] as T)),
    edges: () =>
      indices.map((index) => ({
        cursor: encodeCursor(index),
        node: () => toNode(items[index] as T),
      })),
  };
}
