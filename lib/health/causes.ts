import { isGitHubActionsActor } from "./actors";
import { dispatchCommand, listNames } from "./commands";
import type { HealthContext } from "./context";
import type { Cause, ReleaseWorkflowRef, TagInfo } from "./types";
import { describeTagFilter, tagPatternMatches } from "./workflows";

export type Diagnosis = { cause: Cause; message: string; hint: string };

/** How to ship the tag now through its release workflow, as a clause ("dispatch it now: gh ..."). */
export function dispatchAdvice(
  workflow: ReleaseWorkflowRef | null,
  tagName: string,
  repository: string,
  lead = "dispatch it now",
): string {
  if (!workflow)
    return `create the release by hand (gh release create ${tagName} -R ${repository})`;
  if (workflow.hasDispatchTrigger) {
    return `${lead}: ${dispatchCommand(workflow.file, tagName, repository)}`;
  }
  return `add workflow_dispatch under on: in ${workflow.file} (a dispatched run reads the file as it is at the tag, so this helps tags pushed after the change)`;
}

function pushedByBot(tag: TagInfo): boolean {
  if (tag.annotated) return isGitHubActionsActor(tag.tagger);
  return isGitHubActionsActor(tag.commitCommitter) || isGitHubActionsActor(tag.commitAuthor);
}

/** Why a tag that should have started a release run started none, most specific cause first. */
export function diagnoseNotTriggered(
  tag: TagInfo,
  context: HealthContext,
  workflow: ReleaseWorkflowRef | null,
): Diagnosis {
  const repository = context.repository;
  const file = workflow?.file ?? "your release workflow";
  const advice = dispatchAdvice(workflow, tag.name, repository);
  const adviceForTag = dispatchAdvice(workflow, tag.name, repository, "dispatch it for this tag");
  const forThisTag = workflow && !workflow.hasDispatchTrigger ? advice : `for this tag, ${advice}`;
  const noRun = `No release run started for ${tag.name}`;

  if (pushedByBot(tag)) {
    const who = tag.annotated ? "tagged" : "committed";
    return {
      cause: "github-token",
      message: `${noRun}: it was ${who} by github-actions[bot], so it was most likely pushed with GITHUB_TOKEN, and pushes made with GITHUB_TOKEN start no workflow runs.`,
      hint: `Push tags with a personal access token or a GitHub App token (actions/create-github-app-token), call ${file} with workflow_call from the workflow that tags, or ${advice}.`,
    };
  }

  const cluster = context.clusters.get(tag.name);
  if (cluster) {
    const others = cluster.filter((name) => name !== tag.name);
    return {
      cause: "too-many-tags",
      message: `${noRun}: it and ${listNames(others)} seem to have been pushed together, and GitHub creates no tag events when more than three tags are pushed at once.`,
      hint: `Push tags one or a few at a time (git push origin ${tag.name}); ${forThisTag}.`,
    };
  }

  const matching = context
    .workflowsAt(tag)
    .filter((candidate) => candidate.isRelease && tagPatternMatches(candidate, tag.name));
  const states = matching.map((candidate) => context.restWorkflow(candidate.path)?.state ?? null);
  if (matching.length > 0 && states.every((state) => state !== null && state !== "active")) {
    const disabled = matching[0];
    const name = disabled?.file ?? file;
    return {
      cause: "workflow-disabled",
      message: `${noRun}: ${name}, whose tag pattern matches it, is disabled (${states[0]}).`,
      hint: `Enable ${name} in the repository's Actions tab (or gh workflow enable ${name} -R ${repository}), then ${adviceForTag}.`,
    };
  }

  if (matching.length === 0) {
    const files = tag.workflowFiles ?? context.snapshot.headWorkflowFiles;
    const filters = context.workflowsAt(tag).flatMap((candidate) => {
      const filter = describeTagFilter(candidate);
      return filter ? [`${candidate.file}: ${filter}`] : [];
    });
    const message =
      files.length === 0
        ? `${noRun}: there are no workflow files at its commit.`
        : filters.length === 0
          ? `${noRun}: no workflow at its commit runs on pushed tags (none has on.push.tags).`
          : `${noRun}: no workflow at its commit has an on.push.tags pattern that matches "${tag.name}" (${filters.join("; ")}).`;
    const fix =
      filters.length === 0
        ? `Add on.push.tags to ${file}`
        : `Name tags so ${file}'s pattern matches them, or widen the pattern`;
    return {
      cause: "no-matching-workflow",
      message,
      hint: `${fix}; ${forThisTag}.`,
    };
  }

  const unknownState =
    context.snapshot.workflows === null ? " (workflow states could not be fetched)" : "";
  return {
    cause: "unknown",
    message: `${noRun}, and tagwatch could not tell why${unknownState}.`,
    hint: `Look for a run of ${file} on ${tag.name} in the repository's Actions tab; to ship the tag, ${advice}.`,
  };
}
