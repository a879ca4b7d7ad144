import { type Document, isMap, isSeq, type Node, type YAMLMap } from "yaml";
import type { WorkflowFile } from "@/lib/health/types";
import { normalizeWorkflowPath, workflowFileName } from "@/lib/health/workflows";
import { pairOf, parse, scalarText, sourceOf, valueAt } from "./yaml-splice";

// Finding the step that makes the tag in the repository's other workflows: `git push` of tags,
// a tag action, `gh release create`, a release action. What cannot be read with certainty is
// reported as "unsure" rather than guessed.

/** Where the tag is made: the workflow, job and step tagwatch inserts after. */
export type TaggingStep = {
  path: string;
  job: string;
  /** Index in the job's steps. */
  index: number;
  /** The step's name, else its `uses`, else its first command line. */
  label: string;
  kind: "git-push" | "tag-action" | "gh-release" | "release-action";
};

/** A tagging step with what the edit needs to know about it. */
export type Candidate = TaggingStep & {
  document: Document;
  text: string;
  job: string;
  jobMap: YAMLMap;
  step: YAMLMap;
  /** The shell expression for the tag(s), or null for "every tag at HEAD" (git push). */
  tagValue: string | null;
  /** The step needs an `id:` so its outputs can be read. */
  needsId: string | null;
  condition: string | null;
};

/** The tagging steps found in some workflows, and what could not be read with certainty. */
export type Scan = { candidates: Candidate[]; unsure: string[] };

const TAG_ACTIONS: Record<string, { output: string; defaultId: string }> = {
  "mathieudutour/github-tag-action": { output: "new_tag", defaultId: "tag" },
  "anothrnick/github-tag-action": { output: "new_tag", defaultId: "tag" },
};

/** `git push` that sends tags: --tags, --follow-tags, or a ref that looks like a tag. */
const GIT_PUSH_TAGS =
  /\bgit\s+push\b[^\n;&|]*?(?:--tags|--follow-tags|refs\/tags\/|\s["']?\$\{?\w*tag\w*\}?["']?|\sv\d[\w.-]*)/i;
const GH_RELEASE_CREATE = /\bgh\s+release\s+create\s+("[^"]+"|'[^']+'|[^\s;&|]+)/;

/** A tag value that means the same thing in a new step: literal, `${{ }}` or GitHub's own env. */
function portableShellValue(raw: string): string | null {
  const unquoted = raw.replace(/^["']|["']$/g, "");
  const withoutExpressions = unquoted.replace(/\$\{\{[^}]*\}\}/g, "");
  const withoutGitHubEnv = withoutExpressions.replace(/\$\{?GITHUB_[A-Z_]+\}?/g, "");
  if (withoutGitHubEnv.includes("$") || withoutGitHubEnv.includes("`")) return null;
  return unquoted;
}

type Classified = Pick<Candidate, "kind" | "tagValue" | "needsId" | "condition">;

function classifyStep(text: string, step: YAMLMap): Classified | { unsure: string } | null {
  const uses = scalarText(valueAt(step, "uses"))?.toLowerCase() ?? null;
  const id = scalarText(valueAt(step, "id"));
  const ifNode = valueAt(step, "if");
  const ifSource = ifNode ? sourceOf(text, ifNode as Node) : null;
  // A multi-line condition cannot be copied as written at another indentation.
  const condition = ifSource?.includes("\n") ? JSON.stringify(scalarText(ifNode)) : ifSource;
  const withNode = valueAt(step, "with");
  const withMap = isMap(withNode) ? withNode : null;
  if (uses) {
    const action = uses.split("@")[0] ?? "";
    const tagAction = TAG_ACTIONS[action];
    if (tagAction) {
      const stepId = id ?? tagAction.defaultId;
      return {
        kind: "tag-action",
        tagValue: `\${{ steps.${stepId}.outputs.${tagAction.output} }}`,
        needsId: id ? null : stepId,
        condition: `steps.${stepId}.outputs.${tagAction.output} != ''`,
      };
    }
    const key =
      action === "rickstaa/action-create-tag"
        ? "tag"
        : action === "softprops/action-gh-release"
          ? "tag_name"
          : action === "ncipollo/release-action"
            ? "tag"
            : null;
    if (!key) return null;
    const value = withMap ? scalarText(valueAt(withMap, key)) : null;
    if (!value) {
      // Without an explicit tag these use the triggering ref: a tag only on tag pushes.
      return action === "rickstaa/action-create-tag"
        ? { unsure: `${action} has no tag input` }
        : null;
    }
    return {
      kind: action === "rickstaa/action-create-tag" ? "tag-action" : "release-action",
      tagValue: value,
      needsId: null,
      condition,
    };
  }
  const run = scalarText(valueAt(step, "run"));
  if (!run) return null;
  const release = GH_RELEASE_CREATE.exec(run);
  if (release?.[1]) {
    const value = portableShellValue(release[1]);
    if (value === null) {
      return {
        unsure: `its gh release create names the tag with a shell variable (${release[1]}) tagwatch cannot read from another step`,
      };
    }
    return { kind: "gh-release", tagValue: value, needsId: null, condition };
  }
  if (GIT_PUSH_TAGS.test(run))
    return { kind: "git-push", tagValue: null, needsId: null, condition };
  return null;
}

function stepLabel(step: YAMLMap): string {
  return (
    scalarText(valueAt(step, "name")) ??
    scalarText(valueAt(step, "uses")) ??
    (scalarText(valueAt(step, "run")) ?? "").trim().split("\n")[0]?.slice(0, 60) ??
    "a step"
  );
}

/** Whether the workflow runs on tag pushes (then it is a release workflow, not the tagger). */
function runsOnTags(document: Document): boolean {
  const root = document.contents as YAMLMap;
  const on = valueAt(root, "on");
  if (!isMap(on)) return false;
  const push = valueAt(on, "push");
  return (
    isMap(push) && (pairOf(push, "tags") !== undefined || pairOf(push, "tags-ignore") !== undefined)
  );
}

/** Every step of a workflow that creates or pushes tags (none in a workflow that runs on tags). */
export function scanWorkflow(file: WorkflowFile): Scan {
  const result: Scan = { candidates: [], unsure: [] };
  const document = parse(file.text);
  if (!document || runsOnTags(document)) return result;
  const jobs = valueAt(document.contents as YAMLMap, "jobs");
  if (!isMap(jobs)) return result;
  for (const jobPair of jobs.items) {
    const job = scalarText(jobPair.key);
    const jobMap = jobPair.value;
    if (!job || !isMap(jobMap)) continue;
    const steps = valueAt(jobMap, "steps");
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const found = classifyStep(file.text, step);
      if (!found) return;
      if ("unsure" in found) {
        result.unsure.push(`${workflowFileName(file.path)} (job ${job}): ${found.unsure}`);
        return;
      }
      result.candidates.push({
        ...found,
        path: normalizeWorkflowPath(file.path),
        job,
        index,
        label: stepLabel(step),
        document,
        text: file.text,
        jobMap,
        step,
      });
    });
  }
  return result;
}
