// Reads ./expectations.yaml, the independent oracle for issue 10: for each pipeline shape in
// ./shapes, situations (tags, who made them, which runs exist on their commits, releases) and the
// answer a careful person reading the workflows gives. The schema is strict: an unknown key, a
// misspelt status or a shape without a folder fails the import with the entry's path.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import {
  type ReleaseTrigger,
  type ReleaseWorkflowEvidence,
  type RunConclusion,
  type RunStatus,
  TAG_STATUSES,
} from "@/lib/health/types";

const runStatus = z.enum([
  "queued",
  "in_progress",
  "completed",
  "waiting",
  "pending",
  "requested",
] as const satisfies readonly RunStatus[]);

const runConclusion = z.enum([
  "success",
  "failure",
  "cancelled",
  "timed_out",
  "startup_failure",
  "action_required",
  "neutral",
  "skipped",
  "stale",
] as const satisfies readonly RunConclusion[]);

const releaseTrigger = z.enum([
  "tag-push",
  "create",
  "release",
  "workflow-run",
  "release-bot",
  "dispatch",
] as const satisfies readonly ReleaseTrigger[]);

const evidence = z.enum([
  "config",
  "history",
  "jobs",
  "name",
  "only",
] as const satisfies readonly ReleaseWorkflowEvidence[]);

const tagStatus = z.enum(TAG_STATUSES);

/** Who made a tag: the tagger of an annotated tag, the committer of a lightweight tag's commit. */
const maker = z.union([
  // A person, with their own credentials: tag pushes start workflows.
  z.literal("maintainer"),
  // github-actions[bot]: GITHUB_TOKEN, tag pushes start nothing.
  z.literal("github-actions"),
  // GitHub's merge commit (a bot or the API made a lightweight tag on it).
  z.literal("web-flow"),
  // A custom bot identity set with `git config`.
  z.strictObject({ name: z.string(), email: z.string() }),
]);

const runSpec = z.strictObject({
  id: z.number().int(),
  /** Workflow file name inside the shape, e.g. "release.yml". */
  file: z.string(),
  /** "push", "workflow_dispatch", "release", "create", "workflow_run", "schedule", ... */
  event: z.string(),
  /** The branch the run was for (CheckSuite.branch); null/omitted for runs on a tag ref. */
  branch: z.string().nullable().optional(),
  conclusion: runConclusion.nullable().optional(),
  status: runStatus.optional(),
  /** Defaults to the tag's age. */
  daysAgo: z.number().optional(),
  /** Minutes after that day mark (runs later than the tag's commit have positive values). */
  minutesAfter: z.number().optional(),
});

const releaseSpec = z.strictObject({
  /** Login of the release's author; defaults to the maintainer. */
  author: z.string().optional(),
  prerelease: z.boolean().optional(),
  draft: z.boolean().optional(),
  assets: z.array(z.string()).optional(),
  /** Minutes after the tag's day mark the release was created (default 30). */
  minutesAfter: z.number().optional(),
});

const tagSpec = z.strictObject({
  name: z.string(),
  daysAgo: z.number(),
  by: maker,
  /** Defaults to true for "maintainer"/"github-actions"/custom makers, false for "web-flow". */
  annotated: z.boolean().optional(),
  /** Commit id; tags made by one run (changesets) share it. Defaults to `sha-<name>`. */
  commit: z.string().optional(),
  runs: z.array(runSpec).optional(),
  release: releaseSpec.nullable().optional(),
});

const expectedWorkflow = z.strictObject({
  /** The release workflow's file name; a list when either answer is defensible. */
  file: z.union([z.string(), z.array(z.string())]),
  trigger: z.union([releaseTrigger, z.array(releaseTrigger)]),
  chosenBy: evidence.optional(),
  releaseTypes: z.array(z.string()).optional(),
  upstream: z.array(z.string()).optional(),
});

const expectedAction = z.union([
  /**
   * One click: the dispatch sends these values (an input not listed must end up at its declared
   * default, whether sent explicitly or omitted; a list means any of these values). No input
   * outside the workflow's declared ones. `addDispatchTrigger`: the workflow has no
   * workflow_dispatch, so the action must say what YAML to add.
   */
  z.strictObject({
    kind: z.literal("dispatch"),
    needsReview: z.literal(false),
    inputs: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    addDispatchTrigger: z.boolean().optional(),
  }),
  /** A short form: these inputs must be marked for review (suggestion.confident === false). */
  z.strictObject({
    kind: z.literal("dispatch"),
    needsReview: z.literal(true),
    review: z.array(z.string()),
  }),
  z.strictObject({ kind: z.literal("rerun"), runId: z.number().int() }),
  /** Nothing to dispatch or re-run for this tag. */
  z.strictObject({ kind: z.literal("none") }),
]);

const scenario = z.strictObject({
  /** A folder of ./shapes. */
  shape: z.string(),
  title: z.string(),
  tags: z.array(tagSpec),
  tagwatchConfig: z.string().optional(),
  /** The tag whose judgement is checked. */
  examine: z.string(),
  expect: z.strictObject({
    status: tagStatus.optional(),
    statusNot: z.array(tagStatus).optional(),
    /** undefined: not checked; null: no workflow is this tag's release workflow. */
    releaseWorkflow: expectedWorkflow.nullable().optional(),
    /** Run ids that must be listed in the tag's `runs` (its release runs). */
    runsInclude: z.array(z.number().int()).optional(),
    /** Run ids that must NOT be listed in the tag's `runs`. */
    runsExclude: z.array(z.number().int()).optional(),
    action: expectedAction.optional(),
  }),
});

export type Maker = z.infer<typeof maker>;
export type RunSpec = z.infer<typeof runSpec>;
export type ReleaseSpec = z.infer<typeof releaseSpec>;
export type TagSpec = z.infer<typeof tagSpec>;
export type ExpectedWorkflow = z.infer<typeof expectedWorkflow>;
export type ExpectedAction = z.infer<typeof expectedAction>;
export type Scenario = z.infer<typeof scenario>;

const SHAPES = readdirSync(fileURLToPath(new URL("./shapes", import.meta.url)));

/** Every situation, in the file's order (the replay names its repositories by this index). */
export function loadScenarios(yaml: string): Scenario[] {
  const checked = z
    .array(
      scenario
        .refine((entry) => SHAPES.includes(entry.shape), {
          message: "no such folder in ./shapes",
          path: ["shape"],
        })
        .refine((entry) => entry.tags.some((tag) => tag.name === entry.examine), {
          message: "not one of the situation's tags",
          path: ["examine"],
        }),
    )
    .safeParse(parse(yaml));
  if (!checked.success)
    throw new Error(`expectations.yaml is invalid:\n${z.prettifyError(checked.error)}`);
  return checked.data;
}

export const SCENARIOS: Scenario[] = loadScenarios(
  readFileSync(fileURLToPath(new URL("./expectations.yaml", import.meta.url)), "utf8"),
);
