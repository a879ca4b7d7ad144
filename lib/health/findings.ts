import { isGitHubActionsLogin } from "./actors";
import { diagnoseNotTriggered, dispatchAdvice } from "./causes";
import {
  createReleaseCommand,
  dispatchCommand,
  listNames,
  publishCommand,
  rerunCommand,
} from "./commands";
import { getTagDate, type HealthContext, toWorkflowRef } from "./context";
import { type ExpectedAssets, getExpectedAssets } from "./expected-assets";
import { findReleaseTriggeredWorkflow, findWorkflow } from "./release-workflow";
import { isRerunnable, isRunFailed, isRunPending } from "./runs";
import {
  type Finding,
  type ReleaseInfo,
  type ReleaseWorkflowRef,
  TAG_STATUSES,
  type TagInfo,
  type TagStatus,
  type WorkflowRunInfo,
} from "./types";

export type TagJudgement = {
  release: ReleaseInfo | null;
  runs: WorkflowRunInfo[];
  assets: ExpectedAssets;
  workflow: ReleaseWorkflowRef | null;
  findings: Finding[];
};

function words(value: string): string {
  return value.replaceAll("_", " ");
}

function runLabel(run: WorkflowRunInfo): string {
  const file = run.workflowPath.split("/").pop() || run.workflowName;
  return `${file} run #${run.runNumber}`;
}

function assetCountOf(release: ReleaseInfo): number {
  return Math.max(release.assetCount, release.assets.length);
}

function releaseFindings(
  tag: TagInfo,
  release: ReleaseInfo,
  assets: ExpectedAssets,
  workflow: ReleaseWorkflowRef | null,
  context: HealthContext,
): Finding[] {
  const findings: Finding[] = [];
  const repository = context.repository;
  if (release.isDraft) {
    findings.push({
      code: "draft-release",
      message: `The release for ${tag.name} is still a draft, so nobody else can see or download it.`,
      hint: `Publish the draft on GitHub, or: ${publishCommand(tag.name, repository)}.`,
    });
  }
  const expected = assets.expected ?? [];
  const source = assets.source ? ` (${assets.source})` : "";
  const byHand = `gh release upload ${tag.name} <files> -R ${repository}`;
  const upload = workflow?.hasDispatchTrigger
    ? `upload them by hand (${byHand}) or ${dispatchAdvice(workflow, tag.name, repository, `dispatch ${workflow.file} again`)}`
    : `upload them by hand: ${byHand}`;
  if (assetCountOf(release) === 0 && expected.length > 0) {
    findings.push({
      code: "missing-assets",
      message: `The release for ${tag.name} has no assets; ${expected.length} were expected${source}.`,
      hint: `Check the release workflow's upload step; ${upload}.`,
    });
  } else if (assets.missing.length > 0) {
    findings.push({
      code: "missing-assets",
      message: `The release for ${tag.name} lacks ${assets.missing.length} of ${expected.length} expected assets${source}: ${listNames(assets.missing)}.`,
      hint: `Check the release run's upload steps; ${upload}.`,
    });
  }
  return findings;
}

function tokenReleaseFinding(
  tag: TagInfo,
  workflow: ReleaseWorkflowRef | null,
  context: HealthContext,
): Finding {
  const file = workflow?.file ?? "the on: release workflow";
  const now = workflow?.hasDispatchTrigger
    ? ` For this tag: ${dispatchCommand(workflow.file, tag.name, context.repository)}.`
    : "";
  return {
    code: "missing-assets",
    cause: "github-token-release",
    message: `The release for ${tag.name} was created by github-actions[bot] and has no assets: a release created with GITHUB_TOKEN does not start on: release workflows such as ${file}.`,
    hint: `Create the release with a personal access token or a GitHub App token (actions/create-github-app-token), or start ${file} with workflow_call or workflow_dispatch from the workflow that creates the release.${now}`,
  };
}

function runFindings(
  tag: TagInfo,
  newest: WorkflowRunInfo,
  release: ReleaseInfo | null,
  context: HealthContext,
  workflow: ReleaseWorkflowRef | null,
): Finding[] {
  if (isRunPending(newest)) {
    return [
      {
        code: "run-pending",
        message: `${runLabel(newest)} for ${tag.name} is ${words(newest.status)}.`,
        hint: "Wait for it to finish; this page refreshes while release runs are pending.",
      },
    ];
  }
  const outcome = release ? "" : " and no release was published";
  const rerun = isRerunnable(newest, context.now)
    ? `fix the cause, then re-run the failed jobs: ${rerunCommand(newest.id, context.repository)}`
    : `it is older than 30 days and can no longer be re-run, so ${dispatchAdvice(workflow, tag.name, context.repository, "dispatch the workflow instead")}`;
  return [
    {
      code: "run-failed",
      message: `${runLabel(newest)} for ${tag.name} ended with ${words(newest.conclusion ?? "failure")}${outcome}.`,
      hint: `Read the run's log (${newest.url}); ${rerun}.`,
    },
  ];
}

/** An `on: release` release workflow that this published release should have started, with no run of it. */
function releaseRunMissing(workflow: ReleaseWorkflowRef | null, release: ReleaseInfo): boolean {
  if (workflow?.trigger !== "release" || release.isDraft) return false;
  const types = workflow.releaseTypes;
  if (types.length === 0) return true;
  return release.isPrerelease
    ? types.some((type) => type === "published" || type === "prereleased" || type === "created")
    : types.some((type) => type === "published" || type === "released" || type === "created");
}

/** Everything tagwatch finds wrong with one tag, plus the facts the findings rest on. */
export function getTagFindings(tag: TagInfo, context: HealthContext): TagJudgement {
  const repository = context.repository;
  const release = context.releaseFor(tag.name);
  const runs = context.releaseRuns.get(tag.name) ?? [];
  const newest = runs[0] ?? null;
  const assets = getExpectedAssets({
    tagName: tag.name,
    tagDate: getTagDate(tag),
    release,
    globs: context.globs,
    manifest: context.snapshot.manifests[tag.name],
    completeReleases: context.completeReleases,
  });
  const expectsAssets = (assets.expected?.length ?? 0) > 0;
  const zeroAssets = release !== null && assetCountOf(release) === 0;
  const complete =
    release !== null &&
    !release.isDraft &&
    assets.missing.length === 0 &&
    !(zeroAssets && expectsAssets);

  // A release made with the token and no assets: the `on: release` workflow it should have started
  // is looked for only then (it is a search through every workflow, for each of a hundred tags).
  const releaseTriggered =
    release !== null &&
    !release.isDraft &&
    zeroAssets &&
    isGitHubActionsLogin(release.author) &&
    !runs.some((run) => run.event === "release")
      ? findReleaseTriggeredWorkflow(tag, context)
      : null;
  const tokenRelease = releaseTriggered !== null;

  const parsed =
    releaseTriggered ??
    (newest ? findWorkflow(tag, context, newest.workflowPath) : null) ??
    context.choiceFor(tag)?.workflow ??
    null;
  const workflow = parsed ? toWorkflowRef(parsed, tag, context, newest?.workflowId) : null;

  const findings: Finding[] = [];
  if (context.judgeByReleasesOnly) {
    if (release) findings.push(...releaseFindings(tag, release, assets, null, context));
    else {
      findings.push({
        code: "missing-release",
        message: `There is no release for ${tag.name}.`,
        hint: `Create it on GitHub or with ${createReleaseCommand(tag.name, repository)}; no workflow in ${repository} makes releases.`,
      });
    }
  } else if (newest && (isRunPending(newest) || isRunFailed(newest))) {
    // A failed run beside a release tagwatch cannot check (nothing says what it should hold) is
    // reported: the release may be whatever the run managed before it failed.
    if (!complete || (isRunFailed(newest) && assets.expected === null)) {
      findings.push(...runFindings(tag, newest, release, context, workflow));
      if (release && isRunFailed(newest)) {
        findings.push(...releaseFindings(tag, release, assets, workflow, context));
      }
    }
  } else if (tokenRelease) {
    findings.push(tokenReleaseFinding(tag, workflow, context));
  } else if (newest && !release) {
    findings.push({
      code: "missing-release",
      message: `${runLabel(newest)} for ${tag.name} succeeded, but there is no release for ${tag.name}.`,
      hint: `Check the run's release step (${newest.url}); then ${dispatchAdvice(workflow, tag.name, repository, "dispatch it again")}.`,
    });
  } else if (
    !newest &&
    (!release ||
      // No workflow is meant for this tag (tags-ignore, say): its release is judged as it is.
      (workflow !== null &&
        ((zeroAssets && expectsAssets) || releaseRunMissing(workflow, release))))
  ) {
    const diagnosis = diagnoseNotTriggered(tag, context, workflow);
    findings.push({ code: "not-triggered", ...diagnosis });
  } else if (release) {
    findings.push(...releaseFindings(tag, release, assets, workflow, context));
  }

  if (release?.isPrerelease) {
    findings.push({
      code: "prerelease",
      message: `${tag.name} is published as a prerelease.`,
      hint: "Nothing to do if that is intended; a prerelease is checked like any other release.",
    });
  }
  return { release, runs, assets, workflow, findings };
}

/** A tag's status: its most severe finding's code, or healthy. */
export function getTagStatus(findings: readonly Finding[]): TagStatus {
  let worst: TagStatus = "healthy";
  for (const finding of findings) {
    const index = TAG_STATUSES.indexOf(finding.code as TagStatus);
    if (index !== -1 && index < TAG_STATUSES.indexOf(worst))
      worst = TAG_STATUSES[index] as TagStatus;
  }
  return worst;
}
