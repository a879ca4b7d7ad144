import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { installApp, registerApp } from "./app-installs";
import { dispatchWorkflow } from "./dispatch";
import { checkDispatchInputs, declaredInputs } from "./dispatch-inputs";
import {
  type HistoryOutcome,
  nodeId,
  type ReleaseBehaviour,
  type Repo,
  WORKFLOW_DIR,
} from "./model";
import { uploadAssets } from "./publish";
import { push } from "./push";
import { createRelease, publishRelease } from "./releases";
import { rerunInHistory, rerunRefusal } from "./runs";
import { World } from "./world";

// A scenario is a YAML file (simulator/scenarios/<name>.yaml, format in simulator/README.md):
// users, organisations, an OAuth app and repositories with their files and a history of pushes
// and releases. Loading it replays the history through World's rules.

const BINARIES = [
  "{repo}_{version}_linux_amd64.tar.gz",
  "{repo}_{version}_linux_arm64.tar.gz",
  "{repo}_{version}_darwin_amd64.tar.gz",
  "{repo}_{version}_darwin_arm64.tar.gz",
  "{repo}_{version}_windows_amd64.zip",
  "{repo}_{version}_windows_arm64.zip",
];

const permission = z.enum(["ADMIN", "MAINTAIN", "WRITE", "TRIAGE", "READ"]);
const conclusion = z.enum([
  "success",
  "failure",
  "cancelled",
  "timed_out",
  "startup_failure",
  "action_required",
  "neutral",
  "skipped",
  "stale",
]);
const outcome = z.union([
  z.enum(["queued", "in_progress"]),
  conclusion,
  z.object({
    status: z.enum(["queued", "in_progress", "completed"]).optional(),
    conclusion: conclusion.optional(),
    draft: z.boolean().optional(),
    skipUploads: z.array(z.string()).optional(),
    extraAssets: z.array(z.string()).optional(),
    /** Release bots: the run failed after it had pushed the tag. */
    after: z.literal("tag").optional(),
  }),
]);

const historyEntry = z.object({
  daysAgo: z.number(),
  by: z.string().optional(),
  withGithubToken: z.boolean().default(false),
  commit: z.string().optional(),
  files: z.record(z.string(), z.string().nullable()).optional(),
  tags: z.array(z.string()).optional(),
  annotated: z.boolean().default(true),
  tagMessage: z.string().optional(),
  outcomes: z.record(z.string(), outcome).optional(),
  release: z
    .object({
      tag: z.string(),
      draft: z.boolean().optional(),
      prerelease: z.boolean().optional(),
      /** Files `by` uploads to it by hand (no workflow involved). */
      assets: z.array(z.string()).optional(),
    })
    .optional(),
  /** A workflow_dispatch by `by` (inputs checked like the API does); `outcomes` apply to its run. */
  dispatch: z
    .object({
      workflow: z.string(),
      ref: z.string().optional(),
      inputs: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])).default({}),
      /** The run pushes this tag itself (a version it computes), if the workflow has `release`. */
      createsTag: z.string().optional(),
    })
    .optional(),
  /** Publishes an existing draft release (fires `published` and `released`/`prereleased`). */
  publishRelease: z.string().optional(),
  /**
   * A re-run by `by` of the newest run of `workflow` for `tag` (within GitHub's 30 days); ends as
   * `outcomes[workflow]`, success by default.
   */
  rerun: z.object({ tag: z.string(), workflow: z.string() }).optional(),
  /** Release bots: workflow file -> the tag its run on this entry's branch push creates. */
  botTags: z.record(z.string(), z.string()).optional(),
  workflowState: z.object({ file: z.string(), state: z.string() }).optional(),
});

const releaseBehaviour = z.object({
  assets: z.union([z.literal("binaries"), z.array(z.string())]).default("binaries"),
  checksums: z.string().nullable().default(null),
  draft: z.boolean().default(false),
  prerelease: z.union([z.boolean(), z.literal("auto")]).default("auto"),
  createRelease: z.boolean().default(true),
  versionInput: z.string().nullable().default(null),
  publishInput: z.string().nullable().default(null),
  dryRunInput: z.string().nullable().default(null),
});

const repository = z.object({
  owner: z.string(),
  name: z.string(),
  description: z.string().default(""),
  private: z.boolean().default(false),
  archived: z.boolean().default(false),
  defaultBranch: z.string().default("main"),
  createdDaysAgo: z.number().optional(),
  collaborators: z.record(z.string(), permission).default({}),
  workflows: z
    .record(
      z.string(),
      z.object({
        state: z.string().default("active"),
        release: releaseBehaviour.nullable().default(null),
        bot: z.boolean().default(false),
      }),
    )
    .default({}),
  files: z.record(z.string(), z.string()).default({}),
  history: z.array(historyEntry).default([]),
});

const appPermissionLevel = z.enum(["read", "write", "admin"]);

/** GitHub Apps (apps.ts, app-installs.ts): registrations and their installations. */
const app = z.object({
  id: z.number().int().positive(),
  slug: z.string(),
  name: z.string(),
  owner: z.string(),
  description: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  /** PEM inline, or a file relative to simulator/; neither: a key generated once per process. */
  privateKey: z.string().optional(),
  privateKeyFile: z.string().optional(),
  webhookSecret: z.string().nullable().default(null),
  webhookUrl: z.string().nullable().default(null),
  permissions: z.record(z.string(), appPermissionLevel).default({}),
  events: z.array(z.string()).default([]),
  installations: z
    .array(
      z.object({
        id: z.number().int().positive(),
        account: z.string(),
        repositories: z.union([z.literal("all"), z.array(z.string())]).default("all"),
        createdDaysAgo: z.number().default(30),
      }),
    )
    .default([]),
});

export const scenarioSchema = z.object({
  description: z.string().optional(),
  oauthApps: z
    .array(z.object({ clientId: z.string(), clientSecret: z.string(), name: z.string() }))
    .default([]),
  users: z.array(
    z.object({
      login: z.string(),
      name: z.string(),
      email: z.string().optional(),
      tokens: z.array(z.string()).default([]),
      hidden: z.boolean().default(false),
    }),
  ),
  organizations: z
    .array(
      z.object({
        login: z.string(),
        name: z.string(),
        members: z.record(z.string(), z.enum(["admin", "member"])).default({}),
      }),
    )
    .default([]),
  /** Free-form: a place for YAML anchors (shared workflow files). */
  templates: z.unknown().optional(),
  repositories: z.array(repository).default([]),
  apps: z.array(app).default([]),
  /** Chat and webhook endpoints that stand in for Slack, Discord, Teams or a receiver (src/sink/). */
  sinks: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
        platform: z.enum(["slack", "discord", "teams", "webhook"]),
        /** A signed webhook's whsec_ secret, to check its signatures; optional. */
        secret: z.string().optional(),
      }),
    )
    .default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;

const DAY = 86_400_000;
/** simulator/: scenario names and `privateKeyFile` paths are relative to it. */
const SIMULATOR_ROOT = path.resolve(__dirname, "../..");

export function scenarioPath(name: string): string {
  if (name.endsWith(".yaml") || name.endsWith(".yml") || name.includes("/"))
    return path.resolve(name);
  return path.join(SIMULATOR_ROOT, "scenarios", `${name}.yaml`);
}

/** Reads and validates a scenario by name (`demo`) or path. */
export function readScenario(name: string): Scenario {
  const text = readFileSync(scenarioPath(name), "utf8");
  const result = scenarioSchema.safeParse(parse(text, { maxAliasCount: -1 }));
  if (!result.success)
    throw new Error(`Scenario ${name} is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

function toOutcome(value: z.infer<typeof outcome>): HistoryOutcome {
  if (typeof value !== "string") return value;
  if (value === "queued" || value === "in_progress") return { status: value };
  return { status: "completed", conclusion: value };
}

function toBehaviour(value: z.infer<typeof releaseBehaviour>): ReleaseBehaviour {
  return { ...value, assets: value.assets === "binaries" ? BINARIES : value.assets };
}

function dispatchInHistory(
  world: World,
  repo: Repo,
  entry: z.infer<typeof historyEntry>,
  by: string,
  at: number,
  where: string,
): void {
  const spec = entry.dispatch as NonNullable<typeof entry.dispatch>;
  const path = `${WORKFLOW_DIR}${spec.workflow}`;
  const workflow = world.workflowByPath(repo, path);
  const refName = spec.ref ?? repo.defaultBranch;
  const commit = world.resolveCommit(repo, refName);
  const text = commit?.files.get(path);
  if (!workflow || !commit || text === undefined)
    throw new Error(`${where}: cannot dispatch ${spec.workflow} at ${refName}`);
  const checked = checkDispatchInputs(declaredInputs(text), spec.inputs);
  if (!checked.ok) throw new Error(`${where}: dispatch refused: ${checked.message}`);
  const type = repo.branches.has(refName) ? "branch" : "tag";
  const outcome = entry.outcomes?.[spec.workflow];
  const outcomes = entry.outcomes ?? {};
  dispatchWorkflow(world, repo, workflow, { name: refName, type, commit }, by, checked.inputs, {
    at,
    ...(outcome ? { outcome: toOutcome(outcome) } : {}),
    outcomeFor: (file) => {
      const value = outcomes[file.slice(WORKFLOW_DIR.length)];
      return value === undefined ? undefined : toOutcome(value);
    },
    ...(spec.createsTag ? { createsTag: spec.createsTag } : {}),
  });
}

function rerunInReplay(
  world: World,
  repo: Repo,
  entry: z.infer<typeof historyEntry>,
  by: string,
  at: number,
  where: string,
): void {
  const spec = entry.rerun as NonNullable<typeof entry.rerun>;
  const path = `${WORKFLOW_DIR}${spec.workflow}`;
  const run = repo.runs
    .filter((candidate) => candidate.path === path && candidate.headBranch === spec.tag)
    .at(-1);
  if (!run) throw new Error(`${where}: no run of ${spec.workflow} for ${spec.tag} to re-run`);
  // GitHub's refusals (the REST endpoint's rule): a run still going, or one older than 30 days.
  const refusal = rerunRefusal(world, run, at);
  if (refusal === "running")
    throw new Error(`${where}: the run of ${spec.workflow} for ${spec.tag} is still running`);
  if (refusal === "too-old")
    throw new Error(`${where}: the run of ${spec.workflow} for ${spec.tag} is over a month old`);
  const outcome = entry.outcomes?.[spec.workflow];
  rerunInHistory(world, repo, run, by, at, outcome ? toOutcome(outcome) : {});
}

/** Builds a World from a scenario, replaying every repository's history relative to `now`. */
export function loadScenario(
  scenario: Scenario,
  options: { runStepMs: number; now?: number },
): World {
  const now = options.now ?? Date.now();
  const world = new World(options.runStepMs);
  for (const user of scenario.users) {
    const id = world.nextId("account");
    world.accounts.set(user.login.toLowerCase(), {
      login: user.login,
      id,
      nodeId: nodeId("User", id),
      name: user.name,
      email: user.email ?? `${id}+${user.login}@users.noreply.github.com`,
      type: "User",
      createdAt: now - 900 * DAY,
      hidden: user.hidden,
      members: new Map(),
    });
    for (const token of user.tokens)
      world.tokens.set(token, {
        login: user.login,
        scope: "repo,read:user,user:email",
        issuedAt: now,
        fixed: true,
      });
  }
  for (const org of scenario.organizations) {
    const id = world.nextId("account");
    world.accounts.set(org.login.toLowerCase(), {
      login: org.login,
      id,
      nodeId: nodeId("Organization", id),
      name: org.name,
      email: "",
      type: "Organization",
      createdAt: now - 800 * DAY,
      hidden: true,
      members: new Map(
        Object.entries(org.members).map(([login, role]) => [login.toLowerCase(), role]),
      ),
    });
  }
  for (const app of scenario.oauthApps) world.oauthApps.set(app.clientId, app);

  for (const spec of scenario.repositories) addRepository(world, spec, now);
  for (const spec of scenario.apps) loadApp(world, spec, now);
  return world;
}

/** A repository spec as scenarios give it (defaults applied by the schema). */
export type RepositorySpec = z.infer<typeof repository>;

/** Reads one repository spec (a scenario's, or a generated one), applying the defaults. */
export function repositorySpec(input: z.input<typeof repository>): RepositorySpec {
  return repository.parse(input);
}

/** Creates one repository and replays its history through World's rules. */
export function addRepository(world: World, spec: RepositorySpec, now: number): Repo {
  if (!world.accounts.has(spec.owner.toLowerCase()))
    throw new Error(`Repository ${spec.owner}/${spec.name}: unknown owner`);
  const id = world.nextId("repo");
  const firstEntry = spec.history[0]?.daysAgo ?? 30;
  const createdAt = now - (spec.createdDaysAgo ?? firstEntry + 1) * DAY;
  const repo: Repo = {
    id,
    nodeId: nodeId("Repository", id),
    owner: spec.owner,
    name: spec.name,
    description: spec.description,
    private: spec.private,
    archived: false,
    defaultBranch: spec.defaultBranch,
    createdAt,
    pushedAt: createdAt,
    updatedAt: createdAt,
    collaborators: new Map(
      Object.entries(spec.collaborators).map(([login, level]) => [login.toLowerCase(), level]),
    ),
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    tagObjects: new Map(),
    workflows: [],
    workflowConfig: new Map(
      Object.entries(spec.workflows).map(([file, config]) => [
        file,
        {
          state: config.state,
          release: config.release ? toBehaviour(config.release) : null,
          bot: config.bot,
        },
      ]),
    ),
    runNumbers: new Map(),
    runs: [],
    releases: [],
    events: [],
  };
  world.repos.set(`${spec.owner}/${spec.name}`.toLowerCase(), repo);
  const history = [...spec.history].sort((a, b) => b.daysAgo - a.daysAgo);
  // Organisation repositories are pushed to by their first admin unless an entry says who.
  const ownerAccount = world.accounts.get(spec.owner.toLowerCase());
  const defaultActor =
    ownerAccount?.type === "Organization"
      ? ([...ownerAccount.members.entries()].find(([, role]) => role === "admin")?.[0] ??
        spec.owner)
      : spec.owner;
  let first = true;
  for (const entry of history) {
    const at = now - entry.daysAgo * DAY;
    const by = entry.by ?? defaultActor;
    const where = `${spec.owner}/${spec.name} (daysAgo ${entry.daysAgo})`;
    if (entry.workflowState)
      world.setWorkflowState(repo, entry.workflowState.file, entry.workflowState.state, at);
    if (entry.commit || entry.tags) {
      const files = first ? { ...spec.files, ...entry.files } : (entry.files ?? {});
      if (first && !entry.commit)
        throw new Error(`${where}: the first history entry must make a commit`);
      try {
        push(world, repo, {
          by,
          withGithubToken: entry.withGithubToken,
          at,
          commit: entry.commit ? { message: entry.commit, files } : undefined,
          tags: entry.tags,
          annotated: entry.annotated,
          tagMessage: entry.tagMessage,
          history: true,
          outcomes: Object.fromEntries(
            Object.entries(entry.outcomes ?? {}).map(([file, value]) => [file, toOutcome(value)]),
          ),
          botTags: entry.botTags,
        });
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
      first = false;
    }
    if (entry.release) {
      const { release } = createRelease(world, repo, {
        tag: entry.release.tag,
        by,
        withGithubToken: entry.withGithubToken,
        draft: entry.release.draft,
        prerelease: entry.release.prerelease,
        at: at + 60_000,
        history: true,
      });
      if (entry.release.assets)
        uploadAssets(world, release, entry.release.assets, release.author, at + 90_000);
    }
    if (entry.dispatch) dispatchInHistory(world, repo, entry, by, at + 90_000, where);
    if (entry.rerun) rerunInReplay(world, repo, entry, by, at, where);
    if (entry.publishRelease) {
      try {
        publishRelease(world, repo, {
          tag: entry.publishRelease,
          by,
          withGithubToken: entry.withGithubToken,
          at: at + 120_000,
          history: true,
        });
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
    }
  }
  repo.archived = spec.archived;
  return repo;
}

function loadApp(world: World, spec: z.infer<typeof app>, now: number): void {
  if (!world.accounts.has(spec.owner.toLowerCase()))
    throw new Error(`App ${spec.slug}: unknown owner ${spec.owner}`);
  const registered = registerApp(world, {
    ...spec,
    privateKeyPem:
      spec.privateKey ??
      (spec.privateKeyFile
        ? readFileSync(path.join(SIMULATOR_ROOT, spec.privateKeyFile), "utf8")
        : undefined),
    createdAt: now - 60 * DAY,
  });
  for (const installation of spec.installations) {
    const account = world.accounts.get(installation.account.toLowerCase());
    if (!account) throw new Error(`App ${spec.slug}: unknown account ${installation.account}`);
    const ids =
      installation.repositories === "all"
        ? []
        : installation.repositories.map((name) => {
            const repo = world.repo(account.login, name);
            if (!repo) throw new Error(`App ${spec.slug}: no repository ${account.login}/${name}`);
            return repo.id;
          });
    installApp(world, registered, {
      id: installation.id,
      account: account.login,
      selection: installation.repositories === "all" ? "all" : "selected",
      repositoryIds: ids,
      by: account.login,
      at: now - installation.createdDaysAgo * DAY,
      notify: false,
    });
  }
}
