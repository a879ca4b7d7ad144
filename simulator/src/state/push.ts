import { runDispatchSteps } from "./dispatch-step";
import {
  BOT,
  type Commit,
  type HistoryOutcome,
  nodeId,
  type OutcomeFor,
  type PushReport,
  type Repo,
  sha1,
  WORKFLOW_DIR,
} from "./model";
import { createRun } from "./runs";
import { pushStarts } from "./workflow-rules";
import type { World } from "./world";

// A `git push` to the default branch: a commit and/or tags, and GitHub's rules for which
// workflows that starts (none with GITHUB_TOKEN, none for more than three tags, `push` then
// `create` for a tag).

/** Workflows are registered (get an id and a state) when their file reaches the default branch. */
function registerWorkflows(world: World, repo: Repo, commit: Commit, at: number): void {
  for (const file of world.workflowFiles(commit)) {
    const existing = world.workflowByPath(repo, file.path);
    const name = file.triggers.name ?? file.path;
    if (existing) {
      if (existing.name !== name) {
        existing.name = name;
        existing.updatedAt = at;
      }
      continue;
    }
    const id = world.nextId("workflow");
    repo.workflows.push({
      id,
      nodeId: nodeId("Workflow", id),
      path: file.path,
      name,
      state: world.configOf(repo, file.path).state,
      createdAt: at,
      updatedAt: at,
    });
  }
}

function makeCommit(
  world: World,
  repo: Repo,
  options: { message: string; by: string; at: number; files: Record<string, string | null> },
): Commit {
  const parent = world.head(repo);
  const files = new Map(parent?.files ?? []);
  for (const [path, content] of Object.entries(options.files)) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  const identity = world.identity(options.by, options.at);
  const sha = sha1(
    `commit:${repo.owner}/${repo.name}:${repo.commits.size}:${options.message}:${parent?.sha ?? ""}`,
  );
  const commit: Commit = {
    sha,
    message: options.message,
    author: identity,
    committer: identity,
    parents: parent ? [parent.sha] : [],
    files,
  };
  repo.commits.set(sha, commit);
  return commit;
}

/**
 * A push to the default branch: optionally a new commit, then `tags` pointing at the head, in
 * one `git push`. Applies GitHub's rules for which workflows start.
 */
export function push(
  world: World,
  repo: Repo,
  options: {
    by: string;
    withGithubToken: boolean;
    at: number;
    commit?: { message: string; files: Record<string, string | null> };
    tags?: string[];
    annotated?: boolean;
    tagMessage?: string;
    history: boolean;
    outcomes?: Record<string, HistoryOutcome>;
    /** Release bots: workflow file -> the tag its run on this branch push creates. */
    botTags?: Record<string, string>;
  },
): PushReport {
  const actor = options.withGithubToken ? BOT.login : options.by;
  const report: PushReport = { commit: null, tags: [], runs: [], skipped: [] };
  const before = repo.branches.get(repo.defaultBranch) ?? "0".repeat(40);
  const outcomeFor = (path: string) => options.outcomes?.[path.slice(WORKFLOW_DIR.length)];

  if (options.commit) {
    const commit = makeCommit(world, repo, {
      message: options.commit.message,
      by: actor,
      at: options.at,
      files: options.commit.files,
    });
    repo.branches.set(repo.defaultBranch, commit.sha);
    repo.pushedAt = options.at;
    repo.updatedAt = options.at;
    report.commit = commit.sha;
    registerWorkflows(world, repo, commit, options.at);
    world.addEvent(repo, "PushEvent", actor, options.at, {
      ref: `refs/heads/${repo.defaultBranch}`,
      before,
      head: commit.sha,
      size: 1,
      message: commit.message,
    });
    world.emit({
      kind: "push",
      repo,
      ref: `refs/heads/${repo.defaultBranch}`,
      before,
      after: commit.sha,
      headCommit: commit,
      commits: [commit],
      actor,
      created: false,
      at: options.at,
    });
    startPushRuns(
      world,
      repo,
      commit,
      { type: "branch", name: repo.defaultBranch },
      actor,
      options,
      report,
      outcomeFor,
    );
  }

  const tags = options.tags ?? [];
  if (tags.length === 0) return report;
  const head = world.head(repo);
  if (!head) throw new Error(`${repo.owner}/${repo.name}: nothing to tag`);
  const tagAt = options.at + 30_000;
  for (const name of tags) {
    if (repo.tags.has(name)) throw new Error(`${repo.owner}/${repo.name}: tag ${name} exists`);
    if (options.annotated ?? true) {
      const sha = sha1(`tag:${repo.owner}/${repo.name}:${name}`);
      repo.tagObjects.set(sha, {
        sha,
        name,
        message: options.tagMessage ?? `Release ${name}`,
        tagger: world.identity(actor, tagAt),
        targetSha: head.sha,
        targetType: "commit",
      });
      repo.tags.set(name, { name, targetType: "tag", targetSha: sha, createdAt: tagAt });
    } else {
      repo.tags.set(name, { name, targetType: "commit", targetSha: head.sha, createdAt: tagAt });
    }
    report.tags.push(name);
  }
  repo.pushedAt = tagAt;
  // The tagging workflow's `gh workflow run` step (tagwatch's pipeline fix), if it has one.
  if (options.withGithubToken && !options.history) runDispatchSteps(world, repo, tags, report);
  if (tags.length > 3) {
    // GitHub creates no events at all for a push of more than three tags.
    for (const name of tags) report.skipped.push({ ref: name, reason: "too-many-tags" });
    return report;
  }
  for (const name of tags) {
    world.addEvent(repo, "CreateEvent", actor, tagAt, {
      ref: name,
      ref_type: "tag",
      master_branch: repo.defaultBranch,
    });
    const ref = repo.tags.get(name);
    world.emit({
      kind: "push",
      repo,
      ref: `refs/tags/${name}`,
      before: "0".repeat(40),
      after: ref?.targetSha ?? head.sha,
      headCommit: head,
      commits: [],
      actor,
      created: true,
      at: tagAt,
    });
    world.emit({ kind: "create", repo, ref: name, refType: "tag", actor, at: tagAt });
    startPushRuns(
      world,
      repo,
      head,
      { type: "tag", name },
      actor,
      { ...options, at: tagAt },
      report,
      outcomeFor,
    );
  }
  return report;
}

function startPushRuns(
  world: World,
  repo: Repo,
  commit: Commit,
  ref: { type: "branch" | "tag"; name: string },
  actor: string,
  options: {
    withGithubToken: boolean;
    at: number;
    history: boolean;
    botTags?: Record<string, string>;
  },
  report: PushReport,
  outcomeFor: OutcomeFor,
): void {
  if (options.withGithubToken) {
    report.skipped.push({ ref: ref.name, reason: "github-token" });
    return;
  }
  let started = 0;
  // A tag push is also a `create` event (no filters); `push` runs come first, as on GitHub.
  const events = ref.type === "tag" ? (["push", "create"] as const) : (["push"] as const);
  for (const event of events) {
    for (const file of world.workflowFiles(commit)) {
      if (event === "push" ? !pushStarts(file.triggers, ref) : !file.triggers.create) continue;
      const workflow = world.workflowByPath(repo, file.path);
      if (!workflow) continue;
      if (workflow.state !== "active") {
        report.skipped.push({ ref: ref.name, reason: "workflow-disabled", workflow: file.path });
        continue;
      }
      // A release bot's run on a branch push creates the tag the history says it does.
      const fileName = file.path.slice(WORKFLOW_DIR.length);
      const botTag =
        ref.type === "branch" && world.configOf(repo, file.path).bot
          ? options.botTags?.[fileName]
          : undefined;
      const run = createRun(world, repo, workflow, {
        event,
        headBranch: ref.name,
        headSha: commit.sha,
        actor,
        branch: ref.type === "branch" ? ref.name : null,
        tag: ref.type === "tag" ? ref.name : (botTag ?? null),
        createTagAt: botTag ? commit.sha : null,
        at: options.at,
        history: options.history,
        outcome: outcomeFor(file.path),
        outcomeFor,
      });
      report.runs.push({ id: run.id, workflow: file.path, ref: ref.name, event });
      started++;
    }
  }
  if (
    started === 0 &&
    ref.type === "tag" &&
    !report.skipped.some((skip) => skip.ref === ref.name)
  ) {
    report.skipped.push({ ref: ref.name, reason: "no-matching-workflow" });
  }
}

// ---------------------------------------------------------------------------------------------
// Dispatch and re-run
