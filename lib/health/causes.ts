import { isGitHubActionsActor, isGitHubActionsLogin } from "./actors";
import { dispatchCommand, listNames } from "./commands";
import type { HealthContext } from "./context";
import { findWorkflow, getReleaseTrigger, upstreamsOf } from "./release-workflow";
import type { Cause, ReleaseWorkflowRef, TagInfo } from "./types";
import { describeTagFilter, type ParsedWorkflow, tagPatternMatches } from "./workflows";

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

/** Whether a run on the tag's commit was for the tag (not a branch push of the same commit). */
function ranForTag(tag: TagInfo, path: string): boolean {
  return tag.runs.some(
    (run) =>
      run.workflowPath.split("@")[0] === path && (run.branch === null || run.branch === tag.name),
  );
}

/** Release workflows that a push of no tag starts: release bots, `on: release`, manual-only. */
function diagnoseOtherTrigger(
  tag: TagInfo,
  context: HealthContext,
  workflow: ReleaseWorkflowRef,
): Diagnosis | null {
  const repository = context.repository;
  const advice = dispatchAdvice(workflow, tag.name, repository);
  const release = context.releaseFor(tag.name);
  if (workflow.trigger === "release-bot") {
    const branch = context.snapshot.defaultBranch ?? "the default branch";
    return {
      cause: "release-bot",
      message: `Releases in ${repository} are made by ${workflow.file}, a release bot that runs on pushes to ${branch} and creates the tag and the release itself; no run of it is on ${tag.name}'s commit, so nothing released this tag.`,
      hint: `If ${workflow.file} was meant to make ${tag.name}, look at its runs on ${branch} and re-run the one that should have; a tag pushed by hand is not released by the bot: create the release with gh release create ${tag.name} -R ${repository}.`,
    };
  }
  if (workflow.trigger === "dispatch") {
    return {
      cause: "manual-only",
      message: `${workflow.file} runs only when someone dispatches it, and nobody did for ${tag.name}.`,
      hint: workflow.hasDispatchTrigger
        ? `Dispatch it for this tag: ${dispatchCommand(workflow.file, tag.name, repository)}.`
        : advice,
    };
  }
  if (workflow.trigger !== "release") return null;
  const types = workflow.releaseTypes.length > 0 ? workflow.releaseTypes : ["any"];
  if (!release) {
    return {
      cause: "no-release-published",
      message: `${workflow.file} runs when a release is published (on: release, types: ${types.join(", ")}), and no release was published for ${tag.name}.`,
      hint: `Publish a release for the tag with your own account or a GitHub App token (a release made with GITHUB_TOKEN starts no workflow): gh release create ${tag.name} --verify-tag -R ${repository}; or ${advice}.`,
    };
  }
  if (isGitHubActionsLogin(release.author) && !release.isDraft) {
    return {
      cause: "github-token-release",
      message: `The release for ${tag.name} was created by github-actions[bot]: a release created with GITHUB_TOKEN does not start on: release workflows, so ${workflow.file} never ran.`,
      hint: `Create releases with a personal access token or a GitHub App token (actions/create-github-app-token), or start ${workflow.file} with workflow_call or workflow_dispatch from the workflow that creates the release; for this tag, ${advice}.`,
    };
  }
  const onlyReleased =
    workflow.releaseTypes.length > 0 && workflow.releaseTypes.every((type) => type === "released");
  if (release.isPrerelease && onlyReleased) {
    return {
      cause: "release-type",
      message: `${workflow.file} listens to release type "released", which a prerelease such as ${tag.name}'s does not fire.`,
      hint: `Add "prereleased" (or use "published") under on.release.types, or mark the release as a full release; for this tag, ${advice}.`,
    };
  }
  return null;
}

/** Why a workflow_run chain did not reach its release workflow on this tag. */
function diagnoseChain(
  tag: TagInfo,
  context: HealthContext,
  workflow: ReleaseWorkflowRef,
  parsed: ParsedWorkflow,
): Diagnosis | null {
  const all = context.workflowsAt(tag);
  const upstreams = upstreamsOf(parsed, all);
  const wanted = parsed.workflowRun?.workflows ?? [];
  if (upstreams.length === 0 && wanted.length > 0) {
    const names = all
      .filter((candidate) => candidate.valid)
      .map((candidate) => `"${candidate.name}"`);
    return {
      cause: "chain-not-fired",
      message: `${workflow.file} runs after the workflow named ${wanted.map((name) => `"${name}"`).join(" or ")} (on: workflow_run), and no workflow at ${tag.name} has that name${names.length > 0 ? ` (there are ${listNames(names)})` : ""}, so nothing started it.`,
      hint: `Name the upstream under workflow_run.workflows exactly as its name: says (GitHub reads that list from the default branch). For this tag, ${dispatchAdvice(workflow, tag.name, context.repository)}.`,
    };
  }
  const ran = upstreams.filter((upstream) => ranForTag(tag, upstream.path));
  if (ran.length === 0) return null;
  const names = ran.map((upstream) => upstream.file).join(", ");
  const branch = context.snapshot.defaultBranch ?? "the default branch";
  return {
    cause: "chain-not-fired",
    message: `${names} ran on ${tag.name}, but ${workflow.file}, which should run after it (on: workflow_run), did not start.`,
    hint: `GitHub starts workflow_run workflows only from the file on ${branch}, only for the upstream names under workflows: and the listed types; check those in ${workflow.file} on ${branch}. For this tag, ${dispatchAdvice(workflow, tag.name, context.repository)}.`,
  };
}

/** Why a tag that should have started a release run started none, most specific cause first. */
export function diagnoseNotTriggered(
  tag: TagInfo,
  context: HealthContext,
  workflow: ReleaseWorkflowRef | null,
): Diagnosis {
  const parsed = workflow ? findWorkflow(tag, context, workflow.path) : null;
  // A chain that should have started it comes first: a workflow_dispatch beside it is the way out, not the cause.
  if (
    workflow &&
    parsed?.workflowRun &&
    (workflow.trigger === "workflow-run" || workflow.trigger === "dispatch")
  ) {
    const chain = diagnoseChain(tag, context, workflow, parsed);
    if (chain) return chain;
  }
  if (workflow) {
    const other = diagnoseOtherTrigger(tag, context, workflow);
    if (other) return other;
  }
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

  // The workflows a push of this tag starts: the chosen one if it runs for the tag, else any release-like one.
  const all = context.workflowsAt(tag);
  const startsForTag = (candidate: ParsedWorkflow) => {
    const trigger = getReleaseTrigger(candidate, tag.name, all);
    return trigger === "tag-push" || trigger === "create" || trigger === "workflow-run";
  };
  const chosen = parsed && all.includes(parsed) && startsForTag(parsed) ? [parsed] : [];
  const matching =
    chosen.length > 0
      ? chosen
      : all.filter((candidate) => candidate.isRelease && startsForTag(candidate));
  const states = matching.map((candidate) => context.restWorkflow(candidate.path)?.state ?? null);
  if (matching.length > 0 && states.every((state) => state !== null && state !== "active")) {
    const disabled = matching[0];
    const name = disabled?.file ?? file;
    return {
      cause: "workflow-disabled",
      message: `${noRun}: ${name}, ${disabled && tagPatternMatches(disabled, tag.name) ? "whose tag pattern matches it" : "which runs for it"}, is disabled (${states[0]}).`,
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
