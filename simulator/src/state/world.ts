import { createHash } from "node:crypto";
import {
  appOfBot,
  botPermission,
  type GitHubApp,
  type Installation,
  type InstallationToken,
} from "./apps";
import { targetOfVersionInput } from "./dispatch-inputs";
import { runDispatchSteps } from "./dispatch-step";
import type { WorldEvent } from "./events";
import { IssueStore } from "./issues";
import {
  parseTriggers,
  pushStarts,
  releaseActivities,
  type Triggers,
  workflowRunStarts,
} from "./workflow-rules";

// The simulated GitHub's state and the rules that change it. Everything that happens (a push, a
// release, a dispatch, a re-run) goes through the functions here, both when a scenario's history
// is replayed and when a client acts on the running server, so the outcomes are produced by the
// same rules either way.

export type Permission = "ADMIN" | "MAINTAIN" | "WRITE" | "TRIAGE" | "READ";
export const PERMISSION_RANK: Record<Permission, number> = {
  READ: 1,
  TRIAGE: 2,
  WRITE: 3,
  MAINTAIN: 4,
  ADMIN: 5,
};

export const BOT = {
  login: "github-actions[bot]",
  id: 41898282,
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
} as const;

export type RunStatus = "queued" | "in_progress" | "completed";
export type Conclusion =
  | "success"
  | "failure"
  | "cancelled"
  | "timed_out"
  | "startup_failure"
  | "action_required"
  | "neutral"
  | "skipped"
  | "stale";

export type Account = {
  login: string;
  id: number;
  nodeId: string;
  name: string;
  email: string;
  type: "User" | "Organization";
  createdAt: number;
  /** Not offered on the OAuth authorize page (machine users). */
  hidden: boolean;
  /** Organisations: member login -> role. */
  members: Map<string, "admin" | "member">;
};

export type GitIdentity = { name: string; email: string; date: number; login: string | null };

export type Commit = {
  sha: string;
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  parents: string[];
  files: Map<string, string>;
};

export type TagObject = {
  sha: string;
  name: string;
  message: string;
  tagger: GitIdentity;
  targetSha: string;
  targetType: "commit" | "tag";
};
export type TagRef = {
  name: string;
  targetType: "commit" | "tag";
  targetSha: string;
  createdAt: number;
};

export type ReleaseBehaviour = {
  /** Asset name templates ({repo}, {version}, {tag}). */
  assets: string[];
  /** Name of a GoReleaser-style checksums asset listing every artifact, or null. */
  checksums: string | null;
  draft: boolean;
  /** "auto": a tag with a "-" (v2.0.0-rc.1) is a prerelease. */
  prerelease: boolean | "auto";
  /** False for upload-only workflows (on: release). */
  createRelease: boolean;
  /** Dispatched runs publish the tag/version this input names instead of the ref (dispatch-inputs.ts). */
  versionInput: string | null;
  /** A boolean input: "false" builds but publishes nothing. */
  publishInput: string | null;
  /** A boolean input that, when "true", makes the run a rehearsal: it publishes nothing. */
  dryRunInput: string | null;
};

export type WorkflowConfig = {
  state: string;
  release: ReleaseBehaviour | null;
  /** A release bot (semantic-release, release-please...): its branch runs create the tag and release. */
  bot?: boolean;
};

export type Workflow = {
  id: number;
  nodeId: string;
  path: string;
  name: string;
  state: string;
  createdAt: number;
  updatedAt: number;
};

/** What a successful run does: publish a release for `tag` and upload its assets. */
export type RunEffect = {
  tag: string;
  behaviour: ReleaseBehaviour;
  draft: boolean;
  skipUploads: string[];
  extraAssets: string[];
  /** Dispatches and re-runs: create if missing, publish a draft, upload everything missing. */
  complete: boolean;
  /** The run creates the tag itself (release bots, a version input naming a new version) at this commit. */
  createTagAt?: string | null;
  /** Overrides the behaviour's prerelease rule (rolling `nightly` releases). */
  prerelease?: boolean;
};

export type Run = {
  id: number;
  nodeId: string;
  workflowId: number;
  path: string;
  name: string;
  runNumber: number;
  runAttempt: number;
  event: string;
  headBranch: string | null;
  headSha: string;
  actor: string;
  triggeringActor: string;
  createdAt: number;
  runStartedAt: number;
  /** CheckSuite.branch: the branch for branch runs, null for tags. */
  branch: string | null;
  checkSuiteId: number;
  checkSuiteNodeId: string;
  /** Runs seeded by history sit in a final (or stuck) state. */
  fixed: { status: RunStatus; conclusion: Conclusion | null; updatedAt: number } | null;
  /** Live runs: queued at startedAt, in_progress one step later, completed (success) after two. */
  lifecycle: {
    startedAt: number;
    stepMs: number;
    applied: boolean;
    /** The last status reported to webhooks (workflow_run in_progress / completed). */
    notified?: RunStatus;
  } | null;
  effect: RunEffect | null;
  /** workflow_dispatch runs: the inputs the run received (defaults filled in). */
  inputs: Record<string, string> | null;
  /** 1 for a run started by an event, +1 per `workflow_run` link (GitHub stops after 3). */
  chainDepth: number;
};

export type DispatchRecord = {
  owner: string;
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  by: string;
  at: string;
  runId: number;
};

export type Asset = {
  id: number;
  nodeId: string;
  name: string;
  size: number;
  contentType: string;
  downloadCount: number;
  createdAt: number;
  uploader: string;
};

export type Release = {
  id: number;
  nodeId: string;
  tagName: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  createdAt: number;
  publishedAt: number | null;
  author: string;
  /** Every artifact the release was meant to carry (what a checksums file lists). */
  planned: string[];
  checksums: string | null;
  assets: Asset[];
};

export type RepoEvent = {
  id: number;
  type: string;
  actor: string;
  createdAt: number;
  payload: Record<string, unknown>;
};

export type Repo = {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  description: string;
  private: boolean;
  archived: boolean;
  defaultBranch: string;
  createdAt: number;
  pushedAt: number;
  updatedAt: number;
  /** Explicit collaborators (owners and organisation admins are derived). */
  collaborators: Map<string, Permission>;
  commits: Map<string, Commit>;
  branches: Map<string, string>;
  tags: Map<string, TagRef>;
  tagObjects: Map<string, TagObject>;
  workflows: Workflow[];
  workflowConfig: Map<string, WorkflowConfig>;
  runNumbers: Map<number, number>;
  runs: Run[];
  releases: Release[];
  events: RepoEvent[];
};

export type OAuthApp = { clientId: string; clientSecret: string; name: string };

export type SkipReason =
  | "github-token"
  | "too-many-tags"
  | "workflow-disabled"
  | "no-matching-workflow";

export type PushReport = {
  commit: string | null;
  tags: string[];
  runs: { id: number; workflow: string; ref: string; event: string }[];
  skipped: { ref: string; reason: SkipReason; workflow?: string }[];
};

export type HistoryOutcome = {
  status?: RunStatus;
  conclusion?: Conclusion;
  draft?: boolean;
  skipUploads?: string[];
  extraAssets?: string[];
  /** A failed release-bot run that had already pushed its tag (tag exists, no release). */
  after?: "tag";
};

type OutcomeFor = (path: string) => HistoryOutcome | undefined;

// Ids are well below 2^31-1: GraphQL's Int cannot carry github.com's real (larger) run ids, and
// graphql-js rejects them, so the simulator uses small ones on purpose.
const ID_BASE = {
  account: 1000,
  repo: 500_000,
  workflow: 2_000_000,
  run: 10_000_000,
  checkSuite: 30_000_000,
  release: 40_000_000,
  asset: 60_000_000,
  event: 80_000_000,
} as const;

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`04:${type}${id}`).toString("base64").replace(/=+$/, "");
}

export const WORKFLOW_DIR = ".github/workflows/";

export function isWorkflowPath(path: string): boolean {
  return (
    path.startsWith(WORKFLOW_DIR) &&
    /\.ya?ml$/.test(path) &&
    !path.slice(WORKFLOW_DIR.length).includes("/")
  );
}

export function contentTypeOf(name: string): string {
  if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "application/gzip";
  if (name.endsWith(".zip")) return "application/zip";
  if (name.endsWith(".txt") || name.endsWith(".sha256")) return "text/plain";
  if (name.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}

export function versionOf(tag: string): string {
  return tag.replace(/^v/, "");
}

export function expandTemplate(template: string, repo: string, tag: string): string {
  return template
    .replaceAll("{repo}", repo)
    .replaceAll("{version}", versionOf(tag))
    .replaceAll("{tag}", tag);
}

/** Stand-in bytes served for an uploaded artifact (real archives would be megabytes). */
export function artifactContent(repo: Repo, tag: string, name: string): string {
  return `simulated artifact ${name} of ${repo.owner}/${repo.name}@${tag}\n`;
}

/** GoReleaser-style checksums: `<sha256>  <file>` for every artifact the release was meant to have. */
export function checksumsContent(repo: Repo, release: Release): string {
  return release.planned
    .map(
      (name) =>
        `${createHash("sha256")
          .update(artifactContent(repo, release.tagName, name))
          .digest("hex")}  ${name}\n`,
    )
    .join("");
}

export class World {
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, Repo>();
  readonly oauthApps = new Map<string, OAuthApp>();
  /** Fixed tokens from the scenario plus tokens issued through OAuth. */
  readonly tokens = new Map<
    string,
    { login: string; scope: string; issuedAt: number; fixed: boolean }
  >();
  /** Every accepted workflow dispatch, oldest first (GET /_simulator/dispatches). */
  readonly dispatches: DispatchRecord[] = [];
  private readonly counters = new Map<keyof typeof ID_BASE, number>();
  /** GitHub Apps (apps.ts) by id, their installations by id, and installation tokens. */
  readonly apps = new Map<number, GitHubApp>();
  readonly installations = new Map<number, Installation>();
  readonly installationTokens = new Map<string, InstallationToken>();
  /** Issues, labels and comments (issues.ts). */
  readonly issues = new IssueStore();
  /** Listeners for live events (webhooks.ts). */
  readonly listeners: ((event: WorldEvent) => void)[] = [];

  emit(event: WorldEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  constructor(
    public runStepMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  now(): number {
    return this.clock();
  }

  nextId(kind: keyof typeof ID_BASE): number {
    const next = (this.counters.get(kind) ?? ID_BASE[kind]) + 1;
    this.counters.set(kind, next);
    return next;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The user's permission on a repository; null when they have none (private repos are then invisible). */
  permission(repo: Repo, login: string | null): Permission | null {
    if (!login) return null;
    const bot = botPermission(this, repo, login);
    if (bot !== undefined) return bot;
    if (repo.owner.toLowerCase() === login.toLowerCase()) return "ADMIN";
    const owner = this.accounts.get(repo.owner.toLowerCase());
    const role = owner?.members.get(login.toLowerCase());
    if (role === "admin") return "ADMIN";
    const explicit = repo.collaborators.get(login.toLowerCase());
    if (explicit) return explicit;
    // Public repositories are readable by every signed-in user, as on github.com.
    return repo.private ? null : "READ";
  }

  /** How the user is related to a repository (RepositoryAffiliation), or null. */
  affiliation(repo: Repo, login: string): "OWNER" | "COLLABORATOR" | "ORGANIZATION_MEMBER" | null {
    if (repo.owner.toLowerCase() === login.toLowerCase()) return "OWNER";
    if (repo.collaborators.has(login.toLowerCase())) return "COLLABORATOR";
    const owner = this.accounts.get(repo.owner.toLowerCase());
    if (owner?.members.has(login.toLowerCase())) return "ORGANIZATION_MEMBER";
    return null;
  }

  canSee(repo: Repo, login: string | null): boolean {
    return this.permission(repo, login) !== null;
  }

  hasWrite(repo: Repo, login: string | null): boolean {
    const permission = this.permission(repo, login);
    return permission !== null && PERMISSION_RANK[permission] >= PERMISSION_RANK.WRITE;
  }

  identity(login: string, date: number): GitIdentity {
    if (login === BOT.login) return { name: BOT.name, email: BOT.email, date, login: null };
    const app = appOfBot(this, login);
    if (app)
      return {
        name: login,
        email: `${app.botId}+${login}@users.noreply.github.com`,
        date,
        login: null,
      };
    const account = this.accounts.get(login.toLowerCase());
    if (!account) throw new Error(`Unknown user ${login}`);
    return { name: account.name, email: account.email, date, login: account.login };
  }

  // ---------------------------------------------------------------------------------------------
  // Runs

  /** A run's status as of `now` (lazy lifecycle: computed from timestamps). */
  runState(
    run: Run,
    now = this.now(),
  ): { status: RunStatus; conclusion: Conclusion | null; updatedAt: number } {
    if (run.fixed) return run.fixed;
    const life = run.lifecycle;
    if (!life) return { status: "queued", conclusion: null, updatedAt: run.createdAt };
    const elapsed = now - life.startedAt;
    if (elapsed < life.stepMs)
      return { status: "queued", conclusion: null, updatedAt: life.startedAt };
    if (elapsed < 2 * life.stepMs)
      return { status: "in_progress", conclusion: null, updatedAt: life.startedAt + life.stepMs };
    return {
      status: "completed",
      conclusion: "success",
      updatedAt: life.startedAt + 2 * life.stepMs,
    };
  }

  /** Applies the effects of live runs that have completed by `now`. Called before every request. */
  tick(now = this.now()): void {
    for (const repo of this.repos.values()) {
      // A completed run may start `workflow_run` runs: iterate over the runs as they were.
      for (const run of [...repo.runs]) {
        const life = run.lifecycle;
        if (life && this.listeners.length > 0) this.notifyRun(repo, run, now);
        if (!life || life.applied || now < life.startedAt + 2 * life.stepMs) continue;
        life.applied = true;
        const at = life.startedAt + 2 * life.stepMs;
        if (run.effect) this.applyEffect(repo, run.effect, at);
        this.startWorkflowRunChain(repo, run, "completed", at, false);
      }
    }
  }

  /** Reports a live run's status changes (in_progress, completed) to the listeners once each. */
  private notifyRun(repo: Repo, run: Run, now: number): void {
    const life = run.lifecycle;
    if (!life) return;
    const status = this.runState(run, now).status;
    const order: RunStatus[] = ["queued", "in_progress", "completed"];
    while (order.indexOf(life.notified ?? "queued") < order.indexOf(status)) {
      life.notified = order[order.indexOf(life.notified ?? "queued") + 1] as RunStatus;
      this.emit({
        kind: "workflow_run",
        repo,
        run,
        action: life.notified === "completed" ? "completed" : "in_progress",
      });
    }
  }

  /** The time at which the next live run changes state, for a timer that keeps effects timely. */
  nextTransition(now = this.now()): number | null {
    let next: number | null = null;
    for (const repo of this.repos.values()) {
      for (const run of repo.runs) {
        const life = run.lifecycle;
        if (!life || life.applied) continue;
        const at = life.startedAt + 2 * life.stepMs;
        if (next === null || at < next) next = Math.max(at, now);
      }
    }
    return next;
  }

  workflowFiles(commit: Commit): { path: string; text: string; triggers: Triggers }[] {
    // Commits never change once made, so their workflow files are read once.
    let files = this.workflowFileCache.get(commit);
    if (!files) {
      files = [...commit.files.entries()]
        .filter(([path]) => isWorkflowPath(path))
        .map(([path, text]) => ({ path, text, triggers: parseTriggers(text) }));
      this.workflowFileCache.set(commit, files);
    }
    return files;
  }

  private readonly workflowFileCache = new WeakMap<
    Commit,
    { path: string; text: string; triggers: Triggers }[]
  >();

  workflowByPath(repo: Repo, path: string): Workflow | undefined {
    return repo.workflows.find((workflow) => workflow.path === path);
  }

  configOf(repo: Repo, path: string): WorkflowConfig {
    const file = path.slice(WORKFLOW_DIR.length);
    return repo.workflowConfig.get(file) ?? { state: "active", release: null };
  }

  /**
   * `on: workflow_run`: a run of `upstream` reaching `activity` starts every workflow listening
   * for it. Like GitHub, the file is read from the default branch and the new run is a run of the
   * default branch (its head commit); the upstream's tag is what its release steps publish.
   */
  startWorkflowRunChain(
    repo: Repo,
    upstream: Run,
    activity: "requested" | "in_progress" | "completed",
    at: number,
    history: boolean,
    outcomeFor?: OutcomeFor,
  ): void {
    if (upstream.chainDepth >= 3) return; // GitHub chains at most three levels.
    const head = this.head(repo);
    if (!head) return;
    const tag =
      upstream.branch === null && upstream.headBranch && repo.tags.has(upstream.headBranch)
        ? upstream.headBranch
        : (upstream.effect?.tag ?? null);
    for (const file of this.workflowFiles(head)) {
      const upstreamRef = { name: upstream.name, headBranch: upstream.headBranch };
      if (!workflowRunStarts(file.triggers, upstreamRef, activity)) continue;
      const workflow = this.workflowByPath(repo, file.path);
      if (workflow?.state !== "active") continue;
      this.createRun(repo, workflow, {
        event: "workflow_run",
        headBranch: repo.defaultBranch,
        headSha: head.sha,
        actor: upstream.actor,
        branch: repo.defaultBranch,
        tag,
        at,
        history,
        outcome: outcomeFor?.(file.path),
        outcomeFor,
        chainDepth: upstream.chainDepth + 1,
      });
    }
  }

  /** Workflows are registered (get an id and a state) when their file reaches the default branch. */
  private registerWorkflows(repo: Repo, commit: Commit, at: number): void {
    for (const file of this.workflowFiles(commit)) {
      const existing = this.workflowByPath(repo, file.path);
      const name = file.triggers.name ?? file.path;
      if (existing) {
        if (existing.name !== name) {
          existing.name = name;
          existing.updatedAt = at;
        }
        continue;
      }
      const id = this.nextId("workflow");
      repo.workflows.push({
        id,
        nodeId: nodeId("Workflow", id),
        path: file.path,
        name,
        state: this.configOf(repo, file.path).state,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  setWorkflowState(repo: Repo, file: string, state: string, at: number): void {
    const workflow = repo.workflows.find(
      (candidate) => candidate.path === `${WORKFLOW_DIR}${file}` || String(candidate.id) === file,
    );
    if (!workflow) throw new Error(`${repo.owner}/${repo.name}: no workflow ${file}`);
    workflow.state = state;
    workflow.updatedAt = at;
  }

  private createRun(
    repo: Repo,
    workflow: Workflow,
    options: {
      event: string;
      headBranch: string | null;
      headSha: string;
      actor: string;
      branch: string | null;
      tag: string | null;
      at: number;
      history: boolean;
      outcome?: HistoryOutcome;
      /** Outcomes of `workflow_run` runs this run starts (history). */
      outcomeFor?: OutcomeFor;
      chainDepth?: number;
      inputs?: Record<string, string> | null;
      /** The run creates `tag` itself, at this commit. */
      createTagAt?: string | null;
      prerelease?: boolean;
    },
  ): Run {
    const id = this.nextId("run");
    const checkSuiteId = this.nextId("checkSuite");
    const runNumber = (repo.runNumbers.get(workflow.id) ?? 0) + 1;
    repo.runNumbers.set(workflow.id, runNumber);
    const behaviour = this.configOf(repo, workflow.path).release;
    const outcome = options.outcome ?? {};
    const effect: RunEffect | null =
      behaviour && options.tag
        ? {
            tag: options.tag,
            behaviour,
            draft: options.history ? (outcome.draft ?? behaviour.draft) : false,
            skipUploads: options.history ? (outcome.skipUploads ?? []) : [],
            extraAssets: options.history ? (outcome.extraAssets ?? []) : [],
            complete: !options.history,
            createTagAt: options.createTagAt ?? null,
            ...(options.prerelease !== undefined ? { prerelease: options.prerelease } : {}),
          }
        : null;
    const createdAt = options.at + 5_000;
    const run: Run = {
      id,
      nodeId: nodeId("WorkflowRun", id),
      workflowId: workflow.id,
      path: workflow.path,
      name: workflow.name,
      runNumber,
      runAttempt: 1,
      event: options.event,
      headBranch: options.headBranch,
      headSha: options.headSha,
      actor: options.actor,
      triggeringActor: options.actor,
      createdAt,
      runStartedAt: createdAt,
      branch: options.branch,
      checkSuiteId,
      checkSuiteNodeId: nodeId("CheckSuite", checkSuiteId),
      fixed: null,
      lifecycle: null,
      effect,
      inputs: options.inputs ?? null,
      chainDepth: options.chainDepth ?? 1,
    };
    if (options.history) {
      const status = outcome.status ?? "completed";
      const conclusion = status === "completed" ? (outcome.conclusion ?? "success") : null;
      // A deterministic duration of 2-6 minutes, so replays are stable.
      const duration = 120_000 + (id % 5) * 60_000;
      const updatedAt = status === "completed" ? createdAt + duration : createdAt + 30_000;
      run.fixed = { status, conclusion, updatedAt };
      repo.runs.push(run);
      this.startWorkflowRunChain(repo, run, "requested", createdAt, true, options.outcomeFor);
      if (status !== "queued")
        this.startWorkflowRunChain(repo, run, "in_progress", createdAt, true, options.outcomeFor);
      if (conclusion === "success" && effect) this.applyEffect(repo, effect, updatedAt);
      else if (effect?.createTagAt && outcome.after === "tag")
        this.createTagInRun(repo, effect.tag, effect.createTagAt, updatedAt - 60_000);
      if (status === "completed")
        this.startWorkflowRunChain(repo, run, "completed", updatedAt, true, options.outcomeFor);
    } else {
      run.lifecycle = {
        startedAt: this.now(),
        stepMs: this.runStepMs,
        applied: false,
        notified: "queued",
      };
      run.createdAt = this.now();
      run.runStartedAt = run.createdAt;
      repo.runs.push(run);
      this.emit({ kind: "workflow_run", repo, run, action: "requested" });
      // Live runs: `requested` now; `in_progress` is fired with it (the simulator has no step hook).
      this.startWorkflowRunChain(repo, run, "requested", run.createdAt, false);
      this.startWorkflowRunChain(repo, run, "in_progress", run.createdAt, false);
    }
    return run;
  }

  // ---------------------------------------------------------------------------------------------
  // Releases

  private addEvent(
    repo: Repo,
    type: string,
    actor: string,
    at: number,
    payload: Record<string, unknown>,
  ): void {
    repo.events.push({ id: this.nextId("event"), type, actor, createdAt: at, payload });
  }

  /**
   * A tag a run pushes itself (release bots, `git push origin $VERSION`): lightweight, made with
   * GITHUB_TOKEN by github-actions[bot], so it starts no workflow. An existing tag is left alone.
   */
  createTagInRun(repo: Repo, name: string, sha: string, at: number): void {
    if (repo.tags.has(name)) return;
    repo.tags.set(name, { name, targetType: "commit", targetSha: sha, createdAt: at });
    repo.pushedAt = Math.max(repo.pushedAt, at);
    this.addEvent(repo, "CreateEvent", BOT.login, at, {
      ref: name,
      ref_type: "tag",
      master_branch: repo.defaultBranch,
    });
  }

  private applyEffect(repo: Repo, effect: RunEffect, at: number): void {
    const { behaviour, tag } = effect;
    if (effect.createTagAt) this.createTagInRun(repo, tag, effect.createTagAt, at - 60_000);
    let release = repo.releases.find((candidate) => candidate.tagName === tag);
    if (!release) {
      if (!behaviour.createRelease && !effect.complete) return;
      const prerelease =
        effect.prerelease ??
        (behaviour.prerelease === "auto" ? tag.includes("-") : behaviour.prerelease);
      // Made with GITHUB_TOKEN: authored by github-actions[bot], fires no `on: release` workflows.
      release = this.createReleaseRecord(repo, {
        tag,
        author: BOT.login,
        draft: effect.draft,
        prerelease,
        at,
      });
    } else if (effect.complete && release.draft) {
      release.draft = false;
      release.publishedAt = at;
      this.emitPublished(repo, release, BOT.login);
      this.addEvent(repo, "ReleaseEvent", BOT.login, at, {
        action: "published",
        releaseId: release.id,
      });
    }
    const names = [...behaviour.assets, ...effect.extraAssets].map((template) =>
      expandTemplate(template, repo.name, tag),
    );
    for (const name of names) if (!release.planned.includes(name)) release.planned.push(name);
    release.checksums ??= behaviour.checksums;
    const uploads = [...release.planned, ...(release.checksums ? [release.checksums] : [])];
    for (const name of uploads) {
      if (
        effect.skipUploads
          .map((template) => expandTemplate(template, repo.name, tag))
          .includes(name)
      )
        continue;
      if (release.assets.some((asset) => asset.name === name)) continue;
      const id = this.nextId("asset");
      const size =
        name === release.checksums
          ? Buffer.byteLength(checksumsContent(repo, release))
          : 1_000_000 + (Number.parseInt(sha1(name).slice(0, 6), 16) % 9_000_000);
      release.assets.push({
        id,
        nodeId: nodeId("ReleaseAsset", id),
        name,
        size,
        contentType: contentTypeOf(name),
        downloadCount: 0,
        createdAt: at,
        uploader: BOT.login,
      });
    }
  }

  private createReleaseRecord(
    repo: Repo,
    options: {
      tag: string;
      author: string;
      draft: boolean;
      prerelease: boolean;
      at: number;
      name?: string;
    },
  ): Release {
    const id = this.nextId("release");
    const release: Release = {
      id,
      nodeId: nodeId("Release", id),
      tagName: options.tag,
      name: options.name ?? options.tag,
      body: `Release ${options.tag}`,
      draft: options.draft,
      prerelease: options.prerelease,
      createdAt: options.at,
      publishedAt: options.draft ? null : options.at,
      author: options.author,
      planned: [],
      checksums: null,
      assets: [],
    };
    repo.releases.push(release);
    this.emit({ kind: "release", repo, release, action: "created", actor: options.author });
    if (!options.draft) this.emitPublished(repo, release, options.author);
    if (!options.draft)
      this.addEvent(repo, "ReleaseEvent", options.author, options.at, {
        action: "published",
        releaseId: id,
      });
    return release;
  }

  /** GitHub's `release` webhook actions for a release becoming public. */
  private emitPublished(repo: Repo, release: Release, actor: string): void {
    this.emit({ kind: "release", repo, release, action: "published", actor });
    const action = release.prerelease ? "prereleased" : "released";
    this.emit({ kind: "release", repo, release, action, actor });
  }

  /** A release created by someone; with personal credentials it fires `on: release` workflows. */
  createRelease(
    repo: Repo,
    options: {
      tag: string;
      by: string;
      withGithubToken: boolean;
      draft?: boolean;
      prerelease?: boolean;
      at: number;
      history: boolean;
    },
  ): { release: Release; runs: Run[] } {
    const tag = repo.tags.get(options.tag);
    if (!tag) throw new Error(`${repo.owner}/${repo.name}: no tag ${options.tag}`);
    const author = options.withGithubToken ? BOT.login : options.by;
    const release = this.createReleaseRecord(repo, {
      tag: options.tag,
      author,
      draft: options.draft ?? false,
      prerelease: options.prerelease ?? options.tag.includes("-"),
      at: options.at,
    });
    const runs = this.startReleaseRuns(repo, release, "create", {
      actor: author,
      withGithubToken: options.withGithubToken,
      at: options.at,
      history: options.history,
    });
    return { release, runs };
  }

  /** Files a person uploads to a release by hand (web UI or API); they start no workflow. */
  uploadAssets(release: Release, names: string[], by: string, at: number): void {
    for (const name of names) {
      if (release.assets.some((asset) => asset.name === name)) continue;
      const id = this.nextId("asset");
      release.assets.push({
        id,
        nodeId: nodeId("ReleaseAsset", id),
        name,
        size: 1_000_000 + (Number.parseInt(sha1(name).slice(0, 6), 16) % 9_000_000),
        contentType: contentTypeOf(name),
        downloadCount: 0,
        createdAt: at,
        uploader: by,
      });
    }
  }

  /** Publishes a draft release; with personal credentials it fires `published` and `released`/`prereleased`. */
  publishRelease(
    repo: Repo,
    options: { tag: string; by: string; withGithubToken: boolean; at: number; history: boolean },
  ): Run[] {
    const release = repo.releases.find((candidate) => candidate.tagName === options.tag);
    if (!release?.draft) throw new Error(`${repo.owner}/${repo.name}: no draft for ${options.tag}`);
    const actor = options.withGithubToken ? BOT.login : options.by;
    release.draft = false;
    release.publishedAt = options.at;
    this.addEvent(repo, "ReleaseEvent", actor, options.at, {
      action: "published",
      releaseId: release.id,
    });
    return this.startReleaseRuns(repo, release, "publish", { ...options, actor });
  }

  /**
   * `on: release`: one run per activity type the action fires and the workflow lists (a bare
   * `on: release` runs once for each). Made with GITHUB_TOKEN: none.
   */
  private startReleaseRuns(
    repo: Repo,
    release: Release,
    action: "create" | "publish",
    options: { actor: string; withGithubToken: boolean; at: number; history: boolean },
  ): Run[] {
    const runs: Run[] = [];
    const tag = repo.tags.get(release.tagName);
    if (options.withGithubToken || !tag) return runs;
    const commit = this.peel(repo, tag.targetSha, tag.targetType);
    for (const activity of releaseActivities(action, release)) {
      for (const file of this.workflowFiles(commit)) {
        if (!file.triggers.release?.includes(activity)) continue;
        const workflow = this.workflowByPath(repo, file.path);
        if (workflow?.state !== "active") continue;
        runs.push(
          this.createRun(repo, workflow, {
            event: "release",
            headBranch: release.tagName,
            headSha: commit.sha,
            actor: options.actor,
            branch: null,
            tag: release.tagName,
            at: options.at,
            history: options.history,
          }),
        );
      }
    }
    return runs;
  }

  /** The releases the user may see: drafts only with write access. */
  visibleReleases(repo: Repo, login: string | null): Release[] {
    const write = this.hasWrite(repo, login);
    return repo.releases.filter((release) => write || !release.draft);
  }

  latestRelease(repo: Repo): Release | null {
    const published = repo.releases.filter((release) => !release.draft && !release.prerelease);
    return published.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0] ?? null;
  }

  // ---------------------------------------------------------------------------------------------
  // Git

  peel(repo: Repo, sha: string, type: "commit" | "tag"): Commit {
    let currentSha = sha;
    let currentType = type;
    for (let depth = 0; depth < 10 && currentType === "tag"; depth++) {
      const object = repo.tagObjects.get(currentSha);
      if (!object) break;
      currentSha = object.targetSha;
      currentType = object.targetType;
    }
    const commit = repo.commits.get(currentSha);
    if (!commit) throw new Error(`${repo.owner}/${repo.name}: dangling ref ${sha}`);
    return commit;
  }

  head(repo: Repo): Commit | undefined {
    const sha = repo.branches.get(repo.defaultBranch);
    return sha ? repo.commits.get(sha) : undefined;
  }

  /** Resolves a branch, tag, `refs/...` name or (abbreviated) commit sha to a commit. */
  resolveCommit(repo: Repo, ref: string): Commit | undefined {
    if (ref === "HEAD") return this.head(repo);
    const short = ref.replace(/^refs\/(heads|tags)\//, "");
    if (!ref.startsWith("refs/tags/")) {
      const branch = repo.branches.get(short);
      if (branch) return repo.commits.get(branch);
    }
    if (!ref.startsWith("refs/heads/")) {
      const tag = repo.tags.get(short);
      if (tag) return this.peel(repo, tag.targetSha, tag.targetType);
    }
    if (/^[0-9a-f]{4,40}$/.test(ref)) {
      for (const commit of repo.commits.values()) if (commit.sha.startsWith(ref)) return commit;
    }
    return undefined;
  }

  private makeCommit(
    repo: Repo,
    options: { message: string; by: string; at: number; files: Record<string, string | null> },
  ): Commit {
    const parent = this.head(repo);
    const files = new Map(parent?.files ?? []);
    for (const [path, content] of Object.entries(options.files)) {
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
    const identity = this.identity(options.by, options.at);
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
  push(
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
      const commit = this.makeCommit(repo, {
        message: options.commit.message,
        by: actor,
        at: options.at,
        files: options.commit.files,
      });
      repo.branches.set(repo.defaultBranch, commit.sha);
      repo.pushedAt = options.at;
      repo.updatedAt = options.at;
      report.commit = commit.sha;
      this.registerWorkflows(repo, commit, options.at);
      this.addEvent(repo, "PushEvent", actor, options.at, {
        ref: `refs/heads/${repo.defaultBranch}`,
        before,
        head: commit.sha,
        size: 1,
        message: commit.message,
      });
      this.emit({
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
      this.startPushRuns(
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
    const head = this.head(repo);
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
          tagger: this.identity(actor, tagAt),
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
    if (options.withGithubToken && !options.history) runDispatchSteps(this, repo, tags, report);
    if (tags.length > 3) {
      // GitHub creates no events at all for a push of more than three tags.
      for (const name of tags) report.skipped.push({ ref: name, reason: "too-many-tags" });
      return report;
    }
    for (const name of tags) {
      this.addEvent(repo, "CreateEvent", actor, tagAt, {
        ref: name,
        ref_type: "tag",
        master_branch: repo.defaultBranch,
      });
      const ref = repo.tags.get(name);
      this.emit({
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
      this.emit({ kind: "create", repo, ref: name, refType: "tag", actor, at: tagAt });
      this.startPushRuns(
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

  private startPushRuns(
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
      for (const file of this.workflowFiles(commit)) {
        if (event === "push" ? !pushStarts(file.triggers, ref) : !file.triggers.create) continue;
        const workflow = this.workflowByPath(repo, file.path);
        if (!workflow) continue;
        if (workflow.state !== "active") {
          report.skipped.push({ ref: ref.name, reason: "workflow-disabled", workflow: file.path });
          continue;
        }
        // A release bot's run on a branch push creates the tag the history says it does.
        const fileName = file.path.slice(WORKFLOW_DIR.length);
        const botTag =
          ref.type === "branch" && this.configOf(repo, file.path).bot
            ? options.botTags?.[fileName]
            : undefined;
        const run = this.createRun(repo, workflow, {
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

  /** A workflow_dispatch run of `workflow` at `ref` (checked by the caller). */
  dispatch(
    repo: Repo,
    workflow: Workflow,
    ref: { name: string; type: "branch" | "tag"; commit: Commit },
    actor: string,
    inputs: Record<string, string> = {},
    /**
     * History replay: a dispatch in the past, ending as `outcome` (its workflow_run followers as
     * `outcomeFor` says); not listed in `dispatches`. `createsTag`: the run pushes a tag it
     * computes itself (a version-bump script, github-tag-action) at the dispatched commit.
     */
    past?: { at: number; outcome?: HistoryOutcome; outcomeFor?: OutcomeFor; createsTag?: string },
  ): Run {
    const target = past?.createsTag
      ? { tag: past.createsTag, createTagAt: ref.commit.sha }
      : this.dispatchTarget(repo, workflow, ref, inputs);
    const run = this.createRun(repo, workflow, {
      event: "workflow_dispatch",
      headBranch: ref.name,
      headSha: ref.commit.sha,
      actor,
      // CheckSuite.branch is null for a dispatch on a tag.
      branch: ref.type === "branch" ? ref.name : null,
      tag: target.tag,
      createTagAt: target.createTagAt,
      ...(target.prerelease !== undefined ? { prerelease: target.prerelease } : {}),
      at: past?.at ?? this.now(),
      history: past !== undefined,
      ...(past?.outcome ? { outcome: past.outcome } : {}),
      ...(past?.outcomeFor ? { outcomeFor: past.outcomeFor } : {}),
      inputs,
    });
    if (past) return run;
    this.dispatches.push({
      owner: repo.owner,
      repo: repo.name,
      workflow: workflow.path,
      ref: ref.name,
      inputs,
      by: actor,
      at: new Date(run.createdAt).toISOString(),
      runId: run.id,
    });
    return run;
  }

  /**
   * What a dispatched run publishes. By default the ref's tag (nothing on a branch); with
   * `publishInput` "false" or `dryRunInput` "true" nothing; with `versionInput` the tag or version that input names
   * (created by the run when new), a rolling prerelease for `nightly`, nothing for `dry-run`/"".
   */
  private dispatchTarget(
    repo: Repo,
    workflow: Workflow,
    ref: { name: string; type: "branch" | "tag"; commit: Commit },
    inputs: Record<string, string>,
  ): { tag: string | null; createTagAt: string | null; prerelease?: boolean } {
    const behaviour = this.configOf(repo, workflow.path).release;
    const refTag = { tag: ref.type === "tag" ? ref.name : null, createTagAt: null };
    if (!behaviour) return refTag;
    if (behaviour.publishInput && inputs[behaviour.publishInput] === "false")
      return { tag: null, createTagAt: null };
    if (behaviour.dryRunInput && inputs[behaviour.dryRunInput] === "true")
      return { tag: null, createTagAt: null };
    // A version input the file at this ref does not declare: the workflow falls back to the ref.
    if (!behaviour.versionInput || !(behaviour.versionInput in inputs)) return refTag;
    const target = targetOfVersionInput(inputs[behaviour.versionInput], (name) =>
      repo.tags.has(name),
    );
    if (!target) return { tag: null, createTagAt: null };
    if (target.kind === "rolling")
      return { tag: target.tag, createTagAt: ref.commit.sha, prerelease: true };
    return { tag: target.tag, createTagAt: target.exists ? null : ref.commit.sha };
  }

  /** Re-runs a completed run: same commit, ref and event; the new attempt succeeds. */
  rerun(repo: Repo, run: Run, by: string): void {
    run.runAttempt += 1;
    run.triggeringActor = by;
    run.fixed = null;
    run.runStartedAt = this.now();
    run.lifecycle = {
      startedAt: this.now(),
      stepMs: this.runStepMs,
      applied: false,
      notified: "queued",
    };
    this.emit({ kind: "workflow_run", repo, run, action: "requested" });
    const behaviour = this.configOf(repo, run.path).release;
    // Same inputs, same ref: a run that published a tag (or a bot's) publishes it again.
    const tag =
      run.effect?.tag ??
      (run.event !== "workflow_dispatch" &&
      run.branch === null &&
      run.headBranch &&
      repo.tags.has(run.headBranch)
        ? run.headBranch
        : null);
    run.effect =
      behaviour && tag
        ? {
            ...run.effect,
            tag,
            behaviour,
            draft: false,
            skipUploads: [],
            extraAssets: [],
            complete: true,
          }
        : null;
  }
}
