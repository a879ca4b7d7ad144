import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { WorkflowFile } from "@/lib/health/types";
import type { FileEdit } from "./fix";
import {
  addToFlow,
  addToMap,
  afterLastLine,
  applyInsertions,
  columnOf,
  type Insertion,
  pairOf,
  parse,
  scalarText,
  sourceOf,
  withBreaks,
} from "./yaml-splice";

// The release workflow's edit: a `workflow_dispatch` trigger under `on:`, in whichever shape
// `on:` is written (map, list, flow or a single event).

/** The edit that gives a workflow a `workflow_dispatch` trigger; null when it already has one. */
export function addDispatchTrigger(file: WorkflowFile): FileEdit | { error: string } | null {
  const document = parse(file.text);
  if (!document) return { error: `${file.path} is not valid YAML` };
  const onPair = pairOf(document.contents as YAMLMap, "on");
  if (!onPair) return { error: `${file.path} has no on:` };
  const text = file.text;
  const on = onPair.value as Node | null;
  let insertion: Insertion;
  if (isMap(on)) {
    if (pairOf(on, "workflow_dispatch")) return null;
    insertion = addToMap(text, on, "workflow_dispatch", on.flow ? "null" : "");
  } else if (isSeq(on)) {
    if (on.items.some((item) => scalarText(item) === "workflow_dispatch")) return null;
    if (!on.flow) {
      const first = on.items[0] as Node | undefined;
      const start = first?.range?.[0] ?? 0;
      const dash = text.lastIndexOf("-", start - 1);
      return {
        path: file.path,
        before: text,
        after: applyInsertions(text, [
          {
            at: afterLastLine(text, on),
            text: withBreaks([`${" ".repeat(columnOf(text, dash))}- workflow_dispatch`], text),
          },
        ]),
      };
    }
    insertion = addToFlow(on, "workflow_dispatch");
  } else if (isScalar(on) && typeof on.value === "string" && on.range) {
    if (on.value === "workflow_dispatch") return null;
    insertion = {
      at: on.range[0],
      replaceTo: on.range[1],
      text: `[${sourceOf(text, on)}, workflow_dispatch]`,
    };
  } else {
    return { error: `${file.path}: on: has a shape tagwatch does not edit` };
  }
  return { path: file.path, before: text, after: applyInsertions(text, [insertion]) };
}
