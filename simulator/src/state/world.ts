import {
  appOfBot,
  botPermission,
  type GitHubApp,
  type Installation,
  type InstallationToken,
} from "./apps";
import type { WorldEvent } from "./events";
import { IssueStore } from "./issues";
import {
  type Account,
  BOT,
  type Commit,
  type Conclusion,
  type DispatchRecord,
  type GitIdentity,
  isWorkflowPath,
  type OAuthApp,
  PERMISSION_RANK,
  type Permission,
  type Release,
  type Repo,
  type Run,
  type RunStatus,
  WORKFLOW_DIR,
  type Workflow,
  type WorkflowConfig,
} from "./model";
import { parseTriggers, type Triggers } from "./workflow-rules";

// The simulated GitHub's state: its stores and the questions asked of them (who may see what,
// which commit a ref names, a run's status now). What changes the state lives beside it, one
// file per GitHub event: push.ts, dispatch.ts, releases.ts, runs.ts (run lifecycle and
// workflow_run chains) and publish.ts (what a release run leaves behind). History replay and the
// live server call the same functions, so outcomes come from the same rules either way.

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

export class World {
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<string, Repo>();
  readonly oauthApps = new Map<string, OAuthApp>();
  /** Fixed tokens from the scenario plus tokens issued through OAuth. */
  readonly tokens = new Map<
    string,
    {
      login: string;
      scope: string;
      issuedAt: number;
      fixed: boolean;
      /** The OAuth app that issued it (revoking that app's authorization ends it). */
      clientId?: string;
    }
  >();
  /** Every accepted workflow dispatch, oldest first (GET /_simulator/dispatches). */
  readonly dispatches: DispatchRecord[] = [];
  private readonly counters = new Map<keyof typeof ID_BASE, number>();
  /** GitHub Apps (apps.ts, app-*.ts) by id, their installations by id, and installation tokens. */
  readonly apps = new Map<number, GitHubApp>();
  readonly installations = new Map<number, Installation>();
  readonly installationTokens = new Map<string, InstallationToken>();
  /** Issues, labels and comments (issues.ts). */
  readonly issues = new IssueStore();
  /** Listeners for live events (webhooks/webhooks.ts). */
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

  private nodeIndex: { size: number; byNodeId: Map<string, Repo> } | null = null;

  /** A repository by its GraphQL node id (`nodes(ids:)`); repositories are never removed. */
  repoByNodeId(id: string): Repo | undefined {
    if (this.nodeIndex?.size !== this.repos.size) {
      const byNodeId = new Map([...this.repos.values()].map((repo) => [repo.nodeId, repo]));
      this.nodeIndex = { size: this.repos.size, byNodeId };
    }
    return this.nodeIndex.byNodeId.get(id);
  }

  /** Old "owner/name" (lower case) of renamed or transferred repositories -> their id. */
  readonly movedRepos = new Map<string, number>();

  repoById(id: number): Repo | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /** The repository an old name now points at (GitHub redirects renamed and transferred ones). */
  movedRepo(owner: string, name: string): Repo | undefined {
    const id = this.movedRepos.get(`${owner}/${name}`.toLowerCase());
    return id === undefined ? undefined : this.repoById(id);
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
  // Workflows and runs

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

  setWorkflowState(repo: Repo, file: string, state: string, at: number): void {
    const workflow = repo.workflows.find(
      (candidate) => candidate.path === `${WORKFLOW_DIR}${file}` || String(candidate.id) === file,
    );
    if (!workflow) throw new Error(`${repo.owner}/${repo.name}: no workflow ${file}`);
    workflow.state = state;
    workflow.updatedAt = at;
  }

  // ---------------------------------------------------------------------------------------------
  // Releases and the events API

  /** Records an event for the events API (`GET /repos/{o}/{r}/events`). */
  addEvent(
    repo: Repo,
    type: string,
    actor: string,
    at: number,
    payload: Record<string, unknown>,
  ): void {
    repo.events.push({ id: this.nextId("event"), type, actor, createdAt: at, payload });
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
}
