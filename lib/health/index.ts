import { describeActor } from "./actors";
import { parseTagwatchConfig } from "./config";
import { createHealthContext, getTagDate, type HealthContext } from "./context";
import { getTagFindings, getTagStatus } from "./findings";
import { getHealthSummary } from "./summary";
import type {
  ExpectedAssetRules,
  JudgedRepository,
  JudgedTag,
  RepositorySnapshot,
  TagInfo,
} from "./types";

export type HealthOptions = {
  now: Date;
  /** Overrides `.github/tagwatch.yml` when given (e.g. a user's setting); the file applies otherwise. */
  expectedAssets?: ExpectedAssetRules;
};

function judgeTag(tag: TagInfo, context: HealthContext): JudgedTag {
  const judgement = getTagFindings(tag, context);
  const status = getTagStatus(judgement.findings);
  return {
    name: tag.name,
    commitOid: tag.commitOid,
    commitUrl: tag.commitUrl,
    date: getTagDate(tag),
    annotated: tag.annotated,
    pushedBy:
      tag.annotated && tag.tagger ? describeActor(tag.tagger) : describeActor(tag.commitCommitter),
    status,
    release: judgement.release,
    expectedAssets: judgement.assets.expected,
    missingAssets: judgement.assets.missing,
    runs: judgement.runs,
    releaseWorkflow: judgement.workflow,
    findings: judgement.findings,
  };
}

function getRepositoryNotes(snapshot: RepositorySnapshot, context: HealthContext): string[] {
  const notes: string[] = [];
  const repository = context.repository;
  if (snapshot.isArchived)
    notes.push(`${repository} is archived: nothing can be dispatched or re-run.`);
  if (snapshot.tags.length === 0) notes.push(`${repository} has no tags yet.`);
  const hasWorkflows =
    snapshot.headWorkflowFiles.length > 0 ||
    (snapshot.workflows ?? []).length > 0 ||
    snapshot.tags.some((tag) => (tag.workflowFiles ?? []).length > 0);
  if (!hasWorkflows) {
    notes.push(
      `${repository} has no GitHub Actions workflows: tags are judged by their releases alone.`,
    );
  } else if (context.judgeByReleasesOnly) {
    notes.push(
      `No workflow in ${repository} runs on tags or releases: tags are judged by their releases alone.`,
    );
  }
  const tagNames = new Set(snapshot.tags.map((tag) => tag.name));
  for (const release of snapshot.releases) {
    if (release.tagCommitOid !== null || tagNames.has(release.tagName)) continue;
    notes.push(
      release.isDraft
        ? `The draft release ${release.name ?? release.tagName} is for tag ${release.tagName}, which does not exist (yet).`
        : `Release ${release.name ?? release.tagName} points to tag ${release.tagName}, which no longer exists.`,
    );
  }
  return notes;
}

/** What the core found, and the context it judged with (for features that reason about the same tags). */
export type Judgement = { repository: JudgedRepository; context: HealthContext };

/** Judges every tag of a repository snapshot: status, findings, cause and hint, from data alone. */
export function judgeRepository(snapshot: RepositorySnapshot, options: HealthOptions): Judgement {
  const config = parseTagwatchConfig(snapshot.tagwatchConfig);
  const globs = options.expectedAssets?.globs ?? config.expectedAssets;
  const context = createHealthContext(snapshot, options.now, globs, config.releaseWorkflow);
  const tags = snapshot.tags.map((tag) => judgeTag(tag, context));
  const repository: JudgedRepository = {
    repository: context.repository,
    owner: snapshot.owner,
    name: snapshot.name,
    url: snapshot.url,
    isPrivate: snapshot.isPrivate,
    isArchived: snapshot.isArchived,
    viewerPermission: snapshot.viewerPermission,
    tags,
    summary: getHealthSummary(tags, snapshot.releases),
    notes: [...config.notes, ...getRepositoryNotes(snapshot, context)],
    nextTagsCursor: snapshot.nextTagsCursor,
    pending: tags.some((tag) => tag.status === "run-pending"),
  };
  return { repository, context };
}
