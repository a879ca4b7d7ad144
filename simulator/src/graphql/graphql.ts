import {
  buildClientSchema,
  type DocumentNode,
  defaultFieldResolver,
  execute,
  type FieldNode,
  type GraphQLError,
  GraphQLInt,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getVariableValues,
  type IntrospectionQuery,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
  valueFromAST,
} from "graphql";
import { appOfBot, hasAppPermission, installationFor } from "../state/apps";
import type { Issue } from "../state/issues";
import {
  type Account,
  BOT,
  type Commit,
  type GitIdentity,
  nodeId,
  type Release,
  type Repo,
  type Run,
  sha1,
  type TagObject,
  WORKFLOW_DIR,
} from "../state/model";
import type { World } from "../state/world";

// GitHub's GraphQL API over the World: GitHub's real schema (@octokit/graphql-schema), default
// graphql-js resolvers over plain objects whose fields are values or functions of the arguments,
// plus GitHub's pagination rule and its rate-limit cost formula.

let cachedSchema: GraphQLSchema | null = null;

/** GitHub's schema, built once per process (~0.1 s). */
export async function loadSchema(): Promise<GraphQLSchema> {
  if (cachedSchema) return cachedSchema;
  const module = await import("@octokit/graphql-schema");
  cachedSchema = buildClientSchema(module.schema.json as unknown as IntrospectionQuery);
  return cachedSchema;
}

/** An error GitHub reports with a `type` (NOT_FOUND, RATE_LIMITED, ...). */
export class TypedGraphQLError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export type GraphQLResponseBody = { data?: unknown; errors?: Record<string, unknown>[] };

type Args = Record<string, unknown>;
type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function decodeCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match)
    throw new TypedGraphQLError(
      "INVALID_CURSOR_ARGUMENTS",
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  return Number(match[1]);
}

/** A GitHub-style connection over an already ordered list. */
function connection<T>(items: T[], args: PageArgs, toNode: (item: T) => unknown) {
  let start = 0;
  let end = items.length;
  const after = decodeCursor(args.after);
  const before = decodeCursor(args.before);
  if (after !== null) start = Math.min(after + 1, items.length);
  if (before !== null) end = Math.max(Math.min(before, items.length), start);
  let from = start;
  let to = end;
  if (typeof args.first === "number") to = Math.min(end, from + args.first);
  if (typeof args.last === "number") from = Math.max(from, to - args.last);
  const indices = Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: to < end,
      hasPreviousPage: from > start,
      startCursor: indices.length ? encodeCursor(indices[0] as number) : null,
      endCursor: indices.length ? encodeCursor(indices[indices.length - 1] as number) : null,
    },
    nodes: () => indices.map((index) => toNode(items[index] as T)),
    edges: () =>
      indices.map((index) => ({
        cursor: encodeCursor(index),
        node: () => toNode(items[index] as T),
      })),
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function blobOid(text: string): string {
  return sha1(`blob ${Buffer.byteLength(text)}\0${text}`);
}

/** Resolvers for one request: `viewer` is the token's user. */
export class GraphQLViews {
  constructor(
    private readonly world: World,
    private readonly viewer: string,
    private readonly base: string,
  ) {}

  private avatar(login: string) {
    return `${this.base}/avatars/${encodeURIComponent(login)}.svg`;
  }

  botUser() {
    return {
      __typename: "User",
      id: nodeId("Bot", BOT.id),
      databaseId: BOT.id,
      login: BOT.login,
      name: BOT.name,
      email: "",
      avatarUrl: () => this.avatar(BOT.login),
      url: `${this.base}/apps/github-actions`,
      resourcePath: "/apps/github-actions",
      isViewer: false,
    };
  }

  /** `viewer` for an installation token: GitHub answers a User named `<slug>[bot]`. */
  appViewer() {
    const app = appOfBot(this.world, this.viewer);
    if (!app) return null;
    return {
      __typename: "User",
      id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
      databaseId: app.botId,
      login: this.viewer,
      name: null,
      avatarUrl: () => this.avatar(this.viewer),
      url: `${this.base}/apps/${app.slug}`,
      resourcePath: `/apps/${app.slug}`,
      isViewer: true,
    };
  }

  userByLogin(login: string | null) {
    if (!login) return null;
    if (login === BOT.login) return this.botUser();
    const app = appOfBot(this.world, login);
    if (app) {
      // GraphQL names an App's bot by its slug (REST: `<slug>[bot]`).
      return {
        __typename: "Bot",
        id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
        databaseId: app.botId,
        login: app.slug,
        avatarUrl: () => this.avatar(login),
        url: `${this.base}/apps/${app.slug}`,
        resourcePath: `/apps/${app.slug}`,
        createdAt: iso(app.createdAt),
        updatedAt: iso(app.createdAt),
      };
    }
    const account = this.world.accounts.get(login.toLowerCase());
    return account ? this.owner(account) : null;
  }

  owner(account: Account) {
    const isOrg = account.type === "Organization";
    return {
      __typename: account.type,
      id: account.nodeId,
      databaseId: account.id,
      login: account.login,
      name: account.name,
      email: isOrg ? null : account.email,
      avatarUrl: () => this.avatar(account.login),
      url: `${this.base}/${account.login}`,
      resourcePath: `/${account.login}`,
      createdAt: iso(account.createdAt),
      updatedAt: iso(account.createdAt),
      isViewer: account.login.toLowerCase() === this.viewer.toLowerCase(),
      viewerIsAMember: isOrg ? account.members.has(this.viewer.toLowerCase()) : undefined,
      repository: (args: Args) => {
        const repo = this.world.repo(account.login, String(args.name));
        return repo && this.world.canSee(repo, this.viewer) ? this.repository(repo) : null;
      },
      repositories: (args: Args) => this.repositories(account, args),
    };
  }

  private repositories(account: Account, args: Args) {
    const isViewer = account.login.toLowerCase() === this.viewer.toLowerCase();
    const ownerAffiliations = (args.ownerAffiliations as string[] | null | undefined) ?? [
      "OWNER",
      "COLLABORATOR",
    ];
    const affiliations = args.affiliations as string[] | null | undefined;
    let repos = [...this.world.repos.values()].filter((repo) =>
      this.world.canSee(repo, this.viewer),
    );
    if (isViewer && account.type === "User") {
      repos = repos.filter((repo) => {
        const affiliation = this.world.affiliation(repo, account.login);
        if (!affiliation) return false;
        return (
          ownerAffiliations.includes(affiliation) &&
          (!affiliations || affiliations.includes(affiliation))
        );
      });
    } else {
      repos = repos.filter((repo) => repo.owner.toLowerCase() === account.login.toLowerCase());
    }
    if (typeof args.isArchived === "boolean")
      repos = repos.filter((repo) => repo.archived === args.isArchived);
    if (typeof args.isFork === "boolean" && args.isFork) repos = [];
    if (args.privacy)
      repos = repos.filter((repo) => (repo.private ? "PRIVATE" : "PUBLIC") === args.privacy);
    const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
      field: "CREATED_AT",
      direction: "ASC",
    };
    const key = (repo: Repo): number | string =>
      order.field === "NAME"
        ? repo.name.toLowerCase()
        : order.field === "PUSHED_AT"
          ? repo.pushedAt
          : order.field === "UPDATED_AT"
            ? repo.updatedAt
            : order.field === "STARGAZERS"
              ? 0
              : repo.createdAt;
    repos.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const compared = x < y ? -1 : x > y ? 1 : a.id - b.id;
      return order.direction === "DESC" ? -compared : compared;
    });
    return {
      ...connection(repos, args, (repo) => this.repository(repo)),
      totalDiskUsage: 0,
      isOverLimit: false,
    };
  }

  repository(repo: Repo) {
    const world = this.world;
    const path = `/${repo.owner}/${repo.name}`;
    const permission = world.permission(repo, this.viewer);
    const ownerAccount = world.accounts.get(repo.owner.toLowerCase());
    return {
      __typename: "Repository",
      id: repo.nodeId,
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: `${repo.owner}/${repo.name}`,
      owner: () => (ownerAccount ? this.owner(ownerAccount) : null),
      description: repo.description,
      url: `${this.base}${path}`,
      resourcePath: path,
      homepageUrl: null,
      sshUrl: `git@${new URL(this.base).host}:${repo.owner}/${repo.name}.git`,
      isPrivate: repo.private,
      visibility: repo.private ? "PRIVATE" : "PUBLIC",
      isArchived: repo.archived,
      isFork: false,
      isTemplate: false,
      isDisabled: false,
      isLocked: false,
      isMirror: false,
      isEmpty: repo.commits.size === 0,
      stargazerCount: 0,
      forkCount: 0,
      createdAt: iso(repo.createdAt),
      updatedAt: iso(repo.updatedAt),
      pushedAt: iso(repo.pushedAt),
      viewerPermission: permission,
      viewerCanAdminister: permission === "ADMIN",
      viewerHasStarred: false,
      defaultBranchRef: () =>
        repo.branches.has(repo.defaultBranch)
          ? this.ref(repo, "refs/heads/", repo.defaultBranch)
          : null,
      object: (args: Args) => this.object(repo, args),
      ref: (args: Args) => {
        const qualified = String(args.qualifiedName);
        const match = /^(refs\/(?:heads|tags)\/)(.+)$/.exec(qualified);
        if (match) return this.ref(repo, match[1] as string, match[2] as string);
        if (repo.branches.has(qualified)) return this.ref(repo, "refs/heads/", qualified);
        if (repo.tags.has(qualified)) return this.ref(repo, "refs/tags/", qualified);
        return null;
      },
      refs: (args: Args) => this.refs(repo, args),
      releases: (args: Args) => {
        const releases = world.visibleReleases(repo, this.viewer);
        const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
          field: "CREATED_AT",
          direction: "DESC",
        };
        releases.sort((a, b) => {
          const compared =
            order.field === "NAME"
              ? a.name.localeCompare(b.name)
              : a.createdAt - b.createdAt || a.id - b.id;
          return order.direction === "DESC" ? -compared : compared;
        });
        return connection(releases, args, (release) => this.release(repo, release));
      },
      release: (args: Args) => {
        const release = world
          .visibleReleases(repo, this.viewer)
          .find((candidate) => candidate.tagName === args.tagName);
        return release ? this.release(repo, release) : null;
      },
      latestRelease: () => {
        const latest = world.latestRelease(repo);
        return latest ? this.release(repo, latest) : null;
      },
      hasIssuesEnabled: true,
      issues: (args: Args) => this.issues(repo, args),
      issue: (args: Args) => {
        this.checkIssuesAccess(repo);
        const issue = world.issues.issue(repo, Number(args.number));
        return issue ? this.issue(repo, issue) : null;
      },
    };
  }

  /** An installation token needs the App's Issues permission to read issues. */
  private checkIssuesAccess(repo: Repo): void {
    const app = appOfBot(this.world, this.viewer);
    if (!app) return;
    const installation = installationFor(this.world, app, repo);
    if (!installation || !hasAppPermission(installation.permissions, "issues", "read"))
      throw new TypedGraphQLError("FORBIDDEN", "Resource not accessible by integration");
  }

  private issues(repo: Repo, args: Args) {
    this.checkIssuesAccess(repo);
    const states = (args.states as string[] | null | undefined)?.map((state) =>
      state.toLowerCase(),
    );
    const labels = (args.labels as string[] | null | undefined)?.map((label) =>
      label.toLowerCase(),
    );
    const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
      field: "CREATED_AT",
      direction: "ASC",
    };
    const key = (issue: Issue) =>
      order.field === "UPDATED_AT"
        ? issue.updatedAt
        : order.field === "COMMENTS"
          ? issue.comments.length
          : issue.createdAt;
    const issues = this.world.issues
      .issues(repo)
      .filter(
        (issue) =>
          (!states || states.includes(issue.state)) &&
          // GitHub's `labels` argument matches issues carrying any of the labels.
          (!labels || issue.labels.some((name) => labels.includes(name.toLowerCase()))),
      )
      .sort((a, b) => {
        const compared = key(a) - key(b) || a.number - b.number;
        return order.direction === "DESC" ? -compared : compared;
      });
    return connection(issues, args, (issue) => this.issue(repo, issue));
  }

  private issue(repo: Repo, issue: Issue) {
    const path = `/${repo.owner}/${repo.name}/issues/${issue.number}`;
    const labels = issue.labels.flatMap((name) => {
      const label = this.world.issues.label(repo, name);
      return label ? [label] : [];
    });
    return {
      __typename: "Issue",
      id: issue.nodeId,
      databaseId: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      bodyText: issue.body ?? "",
      state: issue.state.toUpperCase(),
      stateReason: issue.stateReason?.toUpperCase() ?? null,
      closed: issue.state === "closed",
      closedAt: issue.closedAt === null ? null : iso(issue.closedAt),
      createdAt: iso(issue.createdAt),
      updatedAt: iso(issue.updatedAt),
      locked: false,
      url: `${this.base}${path}`,
      resourcePath: path,
      author: () => this.userByLogin(issue.author),
      repository: () => this.repository(repo),
      labels: (args: Args) =>
        connection(labels, args, (label) => ({
          __typename: "Label",
          id: label.nodeId,
          name: label.name,
          color: label.color,
          description: label.description,
          isDefault: label.default,
          url: `${this.base}/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
          resourcePath: `/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
        })),
      comments: (args: Args) =>
        connection(issue.comments, args, (comment) => ({
          __typename: "IssueComment",
          id: comment.nodeId,
          databaseId: comment.id,
          body: comment.body,
          bodyText: comment.body,
          createdAt: iso(comment.createdAt),
          updatedAt: iso(comment.updatedAt),
          url: `${this.base}${path}#issuecomment-${comment.id}`,
          author: () => this.userByLogin(comment.author),
        })),
    };
  }

  private refs(repo: Repo, args: Args) {
    const prefix = String(args.refPrefix);
    let names: string[];
    if (prefix === "refs/tags/") names = [...repo.tags.keys()];
    else if (prefix === "refs/heads/") names = [...repo.branches.keys()];
    else names = [];
    if (typeof args.query === "string" && args.query)
      names = names.filter((name) => name.includes(args.query as string));
    const order = (args.orderBy as { field: string; direction: string } | null | undefined) ?? {
      field: "ALPHABETICAL",
      direction: "ASC",
    };
    const commitDate = (name: string) =>
      this.world.resolveCommit(repo, `${prefix}${name}`)?.committer.date ?? 0;
    const tagDate = (name: string) => repo.tags.get(name)?.createdAt ?? 0;
    names.sort((a, b) => {
      const compared =
        order.field === "TAG_COMMIT_DATE"
          ? commitDate(a) - commitDate(b) || tagDate(a) - tagDate(b) || a.localeCompare(b)
          : a.localeCompare(b);
      return order.direction === "DESC" ? -compared : compared;
    });
    return connection(names, args, (name) => this.ref(repo, prefix, name));
  }

  ref(repo: Repo, prefix: string, name: string) {
    const isTag = prefix === "refs/tags/";
    const tag = isTag ? repo.tags.get(name) : undefined;
    const branchSha = isTag ? undefined : repo.branches.get(name);
    if (isTag ? !tag : !branchSha) return null;
    return {
      __typename: "Ref",
      id: nodeId("Ref", `${repo.id}:${prefix}${name}`),
      name,
      prefix,
      repository: () => this.repository(repo),
      target: () => {
        if (tag) return this.gitObject(repo, tag.targetType, tag.targetSha);
        const commit = repo.commits.get(branchSha as string);
        return commit ? this.commit(repo, commit) : null;
      },
      associatedPullRequests: (args: Args) => connection([], args, () => null),
    };
  }

  gitObject(repo: Repo, type: "commit" | "tag", sha: string) {
    if (type === "tag") {
      const object = repo.tagObjects.get(sha);
      return object ? this.tag(repo, object) : null;
    }
    const commit = repo.commits.get(sha);
    return commit ? this.commit(repo, commit) : null;
  }

  private objectCommon(repo: Repo, oid: string, commitSha: string) {
    return {
      oid,
      abbreviatedOid: oid.slice(0, 7),
      commitUrl: `${this.base}/${repo.owner}/${repo.name}/commit/${commitSha}`,
      commitResourcePath: `/${repo.owner}/${repo.name}/commit/${commitSha}`,
      repository: () => this.repository(repo),
    };
  }

  tag(repo: Repo, object: TagObject) {
    const commit = this.world.peel(repo, object.sha, "tag");
    return {
      __typename: "Tag",
      id: nodeId("Tag", object.sha),
      ...this.objectCommon(repo, object.sha, commit.sha),
      name: object.name,
      message: object.message,
      tagger: this.actor(object.tagger),
      target: () => this.gitObject(repo, object.targetType, object.targetSha),
    };
  }

  actor(identity: GitIdentity) {
    return {
      name: identity.name,
      email: identity.email,
      date: iso(identity.date),
      avatarUrl: () => this.avatar(identity.login ?? BOT.login),
      // github-actions[bot] is linked to no user in GraphQL.
      user: () => (identity.login ? this.userByLogin(identity.login) : null),
    };
  }

  commit(repo: Repo, commit: Commit) {
    const path = `/${repo.owner}/${repo.name}/commit/${commit.sha}`;
    const [headline, ...body] = commit.message.split("\n");
    const pushedRuns = () => repo.runs.filter((run) => run.headSha === commit.sha);
    return {
      __typename: "Commit",
      id: nodeId("Commit", commit.sha),
      ...this.objectCommon(repo, commit.sha, commit.sha),
      url: `${this.base}${path}`,
      resourcePath: path,
      message: commit.message,
      messageHeadline: headline ?? "",
      messageBody: body.join("\n").trim(),
      committedDate: iso(commit.committer.date),
      authoredDate: iso(commit.author.date),
      pushedDate: iso(commit.committer.date),
      author: this.actor(commit.author),
      committer: this.actor(commit.committer),
      authoredByCommitter: true,
      committedViaWeb: false,
      additions: 1,
      deletions: 0,
      changedFiles: 1,
      changedFilesIfAvailable: 1,
      signature: null,
      status: null,
      statusCheckRollup: null,
      zipballUrl: `${this.base}/${repo.owner}/${repo.name}/archive/${commit.sha}.zip`,
      tarballUrl: `${this.base}/${repo.owner}/${repo.name}/archive/${commit.sha}.tar.gz`,
      treeUrl: `${this.base}/${repo.owner}/${repo.name}/tree/${commit.sha}`,
      treeResourcePath: `/${repo.owner}/${repo.name}/tree/${commit.sha}`,
      tree: () => this.tree(repo, commit, ""),
      file: (args: Args) =>
        this.treeEntry(repo, commit, String(args.path).replace(/^\/+|\/+$/g, "")),
      parents: (args: Args) =>
        connection(commit.parents, args, (sha) => {
          const parent = repo.commits.get(sha);
          return parent ? this.commit(repo, parent) : null;
        }),
      checkSuites: (args: Args) =>
        connection(pushedRuns(), args, (run) => this.checkSuite(repo, run)),
      associatedPullRequests: (args: Args) => connection([], args, () => null),
    };
  }

  private entryType(commit: Commit, path: string): "blob" | "tree" | null {
    if (path === "") return "tree";
    if (commit.files.has(path)) return "blob";
    for (const file of commit.files.keys()) if (file.startsWith(`${path}/`)) return "tree";
    return null;
  }

  tree(repo: Repo, commit: Commit, dir: string) {
    const prefix = dir ? `${dir}/` : "";
    const children = new Map<string, "blob" | "tree">();
    for (const file of commit.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash === -1) children.set(rest, "blob");
      else children.set(rest.slice(0, slash), "tree");
    }
    const listing = [...children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const oid = sha1(`tree:${commit.sha}:${dir}`);
    return {
      __typename: "Tree",
      id: nodeId("Tree", oid),
      ...this.objectCommon(repo, oid, commit.sha),
      entries: () => listing.map(([name]) => this.treeEntry(repo, commit, prefix + name)),
    };
  }

  treeEntry(repo: Repo, commit: Commit, path: string) {
    const type = this.entryType(commit, path);
    if (!type || path === "") return null;
    const name = path.split("/").pop() as string;
    const text = type === "blob" ? (commit.files.get(path) ?? "") : "";
    const object = () =>
      type === "blob" ? this.blob(repo, commit, text) : this.tree(repo, commit, path);
    const dot = name.lastIndexOf(".");
    return {
      name,
      path,
      nameRaw: Buffer.from(name).toString("base64"),
      pathRaw: Buffer.from(path).toString("base64"),
      type,
      mode: type === "blob" ? 33188 : 16384,
      oid: type === "blob" ? blobOid(text) : (object() as { oid: string }).oid,
      extension: type === "blob" && dot > 0 ? name.slice(dot) : null,
      size: Buffer.byteLength(text),
      lineCount: type === "blob" ? text.split("\n").length - (text.endsWith("\n") ? 1 : 0) : null,
      isGenerated: false,
      language: null,
      submodule: null,
      object,
      repository: () => this.repository(repo),
    };
  }

  blob(repo: Repo, commit: Commit, text: string) {
    const oid = blobOid(text);
    return {
      __typename: "Blob",
      id: nodeId("Blob", oid),
      ...this.objectCommon(repo, oid, commit.sha),
      text,
      byteSize: Buffer.byteLength(text),
      isBinary: false,
      isTruncated: false,
    };
  }

  /** `Repository.object(expression: "REF:path" | "REF", oid)`. */
  private object(repo: Repo, args: Args) {
    if (typeof args.oid === "string") {
      if (repo.tagObjects.has(args.oid)) return this.gitObject(repo, "tag", args.oid);
      if (repo.commits.has(args.oid)) return this.gitObject(repo, "commit", args.oid);
      return null;
    }
    const expression = String(args.expression ?? "");
    const colon = expression.indexOf(":");
    const refPart = colon === -1 ? expression : expression.slice(0, colon);
    if (colon === -1) {
      const tag = repo.tags.get(refPart.replace(/^refs\/tags\//, ""));
      if (tag && !repo.branches.has(refPart))
        return this.gitObject(repo, tag.targetType, tag.targetSha);
      const commit = this.world.resolveCommit(repo, refPart);
      return commit ? this.commit(repo, commit) : null;
    }
    const commit = this.world.resolveCommit(repo, refPart || "HEAD");
    if (!commit) return null;
    const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
    const type = this.entryType(commit, path);
    if (type === "blob") return this.blob(repo, commit, commit.files.get(path) ?? "");
    if (type === "tree") return this.tree(repo, commit, path);
    return null;
  }

  checkSuite(repo: Repo, run: Run) {
    const state = this.world.runState(run);
    const commit = repo.commits.get(run.headSha);
    return {
      __typename: "CheckSuite",
      id: run.checkSuiteNodeId,
      databaseId: run.checkSuiteId,
      status: state.status.toUpperCase(),
      conclusion: state.conclusion?.toUpperCase() ?? null,
      createdAt: iso(run.createdAt),
      updatedAt: iso(state.updatedAt),
      url: `${this.base}/${repo.owner}/${repo.name}/commit/${run.headSha}/checks?check_suite_id=${run.checkSuiteId}`,
      resourcePath: `/${repo.owner}/${repo.name}/commit/${run.headSha}/checks?check_suite_id=${run.checkSuiteId}`,
      app: {
        __typename: "App",
        id: nodeId("App", 15368),
        databaseId: 15368,
        slug: "github-actions",
        name: "GitHub Actions",
      },
      branch: () => (run.branch ? this.ref(repo, "refs/heads/", run.branch) : null),
      creator: () => this.userByLogin(run.actor === BOT.login ? null : run.actor),
      commit: () => (commit ? this.commit(repo, commit) : null),
      repository: () => this.repository(repo),
      workflowRun: () => this.workflowRun(repo, run),
      checkRuns: (args: Args) => connection([], args, () => null),
      matchingPullRequests: (args: Args) => connection([], args, () => null),
      push: null,
    };
  }

  workflowRun(repo: Repo, run: Run): Record<string, unknown> {
    const path = `/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
    const state = this.world.runState(run);
    return {
      __typename: "WorkflowRun",
      id: run.nodeId,
      databaseId: run.id,
      runNumber: run.runNumber,
      event: run.event,
      url: `${this.base}${path}`,
      resourcePath: path,
      createdAt: iso(run.createdAt),
      updatedAt: iso(state.updatedAt),
      checkSuite: () => this.checkSuite(repo, run),
      workflow: () => this.workflow(repo, run.workflowId),
      file: () => ({
        id: nodeId("WorkflowRunFile", `${run.id}`),
        path: run.path,
        url: `${this.base}/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
        resourcePath: `/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
        repositoryFileUrl: `${this.base}/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
        repositoryName: `${this.base}/${repo.owner}/${repo.name}`,
        run: () => this.workflowRun(repo, run),
        viewerCanPushRepository: this.world.hasWrite(repo, this.viewer),
        viewerCanReadRepository: true,
      }),
      deploymentReviews: (args: Args) => connection([], args, () => null),
      pendingDeploymentRequests: (args: Args) => connection([], args, () => null),
    };
  }

  workflow(repo: Repo, id: number) {
    const workflow = repo.workflows.find((candidate) => candidate.id === id);
    if (!workflow) return null;
    const file = workflow.path.slice(WORKFLOW_DIR.length);
    const path = `/${repo.owner}/${repo.name}/actions/workflows/${file}`;
    return {
      __typename: "Workflow",
      id: workflow.nodeId,
      databaseId: workflow.id,
      name: workflow.name,
      state: workflow.state.toUpperCase(),
      url: `${this.base}${path}`,
      resourcePath: path,
      createdAt: iso(workflow.createdAt),
      updatedAt: iso(workflow.updatedAt),
      runs: (args: Args) =>
        connection(repo.runs.filter((run) => run.workflowId === id).reverse(), args, (run) =>
          this.workflowRun(repo, run),
        ),
    };
  }

  release(repo: Repo, release: Release) {
    const latest = this.world.latestRelease(repo);
    const tag = repo.tags.get(release.tagName);
    const path = `/${repo.owner}/${repo.name}/releases/tag/${encodeURIComponent(release.tagName)}`;
    return {
      __typename: "Release",
      id: release.nodeId,
      databaseId: release.id,
      name: release.name,
      tagName: release.tagName,
      description: release.body,
      descriptionHTML: `<p>${release.body}</p>`,
      shortDescriptionHTML: () => `<p>${release.body}</p>`,
      isDraft: release.draft,
      isPrerelease: release.prerelease,
      isLatest: latest?.id === release.id,
      createdAt: iso(release.createdAt),
      updatedAt: iso(
        Math.max(release.createdAt, ...release.assets.map((asset) => asset.createdAt)),
      ),
      publishedAt: release.publishedAt === null ? null : iso(release.publishedAt),
      url: `${this.base}${path}`,
      resourcePath: path,
      author: () => this.userByLogin(release.author),
      repository: () => this.repository(repo),
      tag: () => (tag ? this.ref(repo, "refs/tags/", release.tagName) : null),
      tagCommit: () =>
        tag ? this.commit(repo, this.world.peel(repo, tag.targetSha, tag.targetType)) : null,
      releaseAssets: (args: Args) => {
        const assets =
          typeof args.name === "string"
            ? release.assets.filter((asset) => asset.name === args.name)
            : release.assets;
        return connection(assets, args, (asset) => ({
          __typename: "ReleaseAsset",
          id: asset.nodeId,
          name: asset.name,
          size: asset.size,
          downloadCount: asset.downloadCount,
          contentType: asset.contentType,
          createdAt: iso(asset.createdAt),
          updatedAt: iso(asset.createdAt),
          downloadUrl: downloadUrl(this.base, repo, release.tagName, asset.name),
          url: downloadUrl(this.base, repo, release.tagName, asset.name),
          uploadedBy: () => this.userByLogin(asset.uploader),
          release: () => this.release(repo, release),
        }));
      },
      mentions: (args: Args) => connection([], args, () => null),
      reactions: (args: Args) => connection([], args, () => null),
      reactionGroups: [],
      viewerCanReact: false,
    };
  }
}

export function downloadUrl(base: string, repo: Repo, tag: string, name: string): string {
  return `${base}/${repo.owner}/${repo.name}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(name)}`;
}

// -----------------------------------------------------------------------------------------------
// Cost and pagination

export type CostResult = { cost: number; nodeCount: number; errors: Record<string, unknown>[] };

/**
 * GitHub's rules: every connection needs `first` or `last` (1..100); cost = sum over connections
 * of the requests needed assuming full pages (product of the ancestors' page sizes), / 100,
 * rounded, at least 1.
 */
export function analyzeQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): CostResult {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION
        ? [[definition.name.value, definition] as const]
        : [],
    ),
  );
  const errors: Record<string, unknown>[] = [];
  let requests = 0;
  let nodeCount = 0;

  const intArg = (field: FieldNode, name: string): number | null => {
    const arg = field.arguments?.find((candidate) => candidate.name.value === name);
    if (!arg) return null;
    const value = valueFromAST(arg.value, GraphQLInt, variables);
    return typeof value === "number" ? value : null;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType,
    multiplier: number,
    path: string[],
    seen: Set<string>,
  ) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? parentType)
          : parentType;
        walk(selection.selectionSet, type, multiplier, path, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parentType;
        walk(
          fragment.selectionSet,
          type,
          multiplier,
          path,
          new Set([...seen, fragment.name.value]),
        );
        continue;
      }
      if (!(isObjectType(parentType) || isInterfaceType(parentType))) continue;
      const fieldName = selection.name.value;
      const definition = (parentType as GraphQLObjectType | GraphQLInterfaceType).getFields()[
        fieldName
      ];
      if (!definition) continue;
      const type = getNamedType(definition.type);
      const responseKey = selection.alias?.value ?? fieldName;
      let childMultiplier = multiplier;
      if (type.name.endsWith("Connection")) {
        const first = intArg(selection, "first");
        const last = intArg(selection, "last");
        const pageSize = first ?? last;
        if (pageSize === null) {
          errors.push({
            type: "MISSING_PAGINATION_BOUNDARIES",
            path: [...path, responseKey],
            locations: selection.loc
              ? [{ line: selection.loc.startToken.line, column: selection.loc.startToken.column }]
              : [],
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${fieldName}\` connection.`,
          });
          continue;
        }
        if (pageSize < 1 || pageSize > 100) {
          const argument = first !== null ? "first" : "last";
          errors.push({
            type: "EXCESSIVE_PAGINATION",
            path: [...path, responseKey],
            locations: selection.loc
              ? [{ line: selection.loc.startToken.line, column: selection.loc.startToken.column }]
              : [],
            message:
              pageSize > 100
                ? `Requesting ${pageSize} records on the \`${fieldName}\` connection exceeds the \`${argument}\` limit of 100 records.`
                : `\`${argument}\` on the \`${fieldName}\` connection must be between 1 and 100.`,
          });
          continue;
        }
        requests += multiplier;
        childMultiplier = multiplier * pageSize;
        nodeCount += childMultiplier;
      }
      if (selection.selectionSet) {
        const named =
          isUnionType(type) || isInterfaceType(type) || isObjectType(type) ? type : null;
        if (named)
          walk(selection.selectionSet, named, childMultiplier, [...path, responseKey], seen);
      }
    }
  };

  const root =
    operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, [], new Set());
  if (nodeCount > 500_000) {
    errors.push({
      type: "MAX_NODE_LIMIT_EXCEEDED",
      message: `This query requests up to ${nodeCount.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of 500,000.`,
    });
  }
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount, errors };
}

// -----------------------------------------------------------------------------------------------
// Execution

export type RateLimitState = { limit: number; used: number; resetAt: number };

export type RateLimitShape = "current" | "legacy";

/** GitHub's used-up GraphQL limit error: github.com's shape today, or the older `RATE_LIMITED`. */
export function rateLimitError(shape: RateLimitShape, viewerId: number): Record<string, string> {
  return shape === "legacy"
    ? { type: "RATE_LIMITED", message: `API rate limit exceeded for user ID ${viewerId}.` }
    : {
        type: "RATE_LIMIT",
        code: "graphql_rate_limit",
        message: `API rate limit already exceeded for user ID ${viewerId}.`,
      };
}

export type GraphQLRequest = { query?: unknown; variables?: unknown; operationName?: unknown };

export type GraphQLOutcome = {
  body: GraphQLResponseBody;
  cost: number;
  operationName: string | null;
  rateLimited: boolean;
};

function locationsOf(error: GraphQLError) {
  return error.locations?.map(({ line, column }) => ({ line, column }));
}

/** Runs one GraphQL request for `viewer`, charging its cost to `limits`. */
export async function runGraphQL(options: {
  schema: GraphQLSchema;
  world: World;
  viewer: string;
  viewerId: number;
  base: string;
  request: GraphQLRequest;
  limits: RateLimitState;
  /** Fault injection: these fields fail the way GitHub fails a field the token may not read. */
  failingFields?: string[];
}): Promise<GraphQLOutcome> {
  const { schema, request, limits } = options;
  const operationName = typeof request.operationName === "string" ? request.operationName : null;
  const fail = (errors: Record<string, unknown>[]): GraphQLOutcome => ({
    body: { errors },
    cost: 0,
    operationName,
    rateLimited: false,
  });
  if (typeof request.query !== "string" || !request.query.trim())
    return fail([{ message: "A query attribute must be specified and must be a string." }]);
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const graphError = error as GraphQLError;
    return fail([{ message: graphError.message, locations: locationsOf(graphError) }]);
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    return fail(
      validationErrors.map((error) => ({ locations: locationsOf(error), message: error.message })),
    );
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((candidate) => candidate.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation)
    return fail([
      {
        message: operationName
          ? `Unknown operation named "${operationName}".`
          : "An operation name is required when the document has several operations.",
      },
    ]);
  const name = operation.name?.value ?? operationName;
  if (operation.operation !== "query")
    return fail([{ message: "The simulator supports queries only." }]);
  const rawVariables = (
    request.variables && typeof request.variables === "object" ? request.variables : {}
  ) as Record<string, unknown>;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors)
    return {
      ...fail(
        coerced.errors.map((error) => ({ message: error.message, locations: locationsOf(error) })),
      ),
      operationName: name,
    };
  const analysis = analyzeQuery(schema, document, operation, coerced.coerced);
  if (analysis.errors.length > 0) return { ...fail(analysis.errors), operationName: name };

  const now = Date.now();
  if (now >= limits.resetAt) {
    limits.used = 0;
    limits.resetAt = now + 3_600_000;
  }
  if (limits.used + analysis.cost > limits.limit) {
    return {
      body: {
        errors: [rateLimitError("current", options.viewerId)],
      },
      cost: 0,
      operationName: name,
      rateLimited: true,
    };
  }
  limits.used += analysis.cost;

  const views = new GraphQLViews(options.world, options.viewer, options.base);
  const viewerAccount = options.world.accounts.get(options.viewer.toLowerCase());
  const rootValue = {
    viewer: () => (viewerAccount ? views.owner(viewerAccount) : views.appViewer()),
    rateLimit: () => ({
      cost: analysis.cost,
      limit: limits.limit,
      used: limits.used,
      remaining: Math.max(0, limits.limit - limits.used),
      resetAt: iso(limits.resetAt),
      nodeCount: analysis.nodeCount,
    }),
    repository: (args: Args) => {
      const repo = options.world.repo(String(args.owner), String(args.name));
      if (!repo || !options.world.canSee(repo, options.viewer)) {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`,
        );
      }
      return views.repository(repo);
    },
    repositoryOwner: (args: Args) => {
      const account = options.world.accounts.get(String(args.login).toLowerCase());
      return account ? views.owner(account) : null;
    },
    user: (args: Args) => {
      const account = options.world.accounts.get(String(args.login).toLowerCase());
      if (account?.type !== "User") {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to a User with the login of '${args.login}'.`,
        );
      }
      return views.owner(account);
    },
    organization: (args: Args) => {
      const account = options.world.accounts.get(String(args.login).toLowerCase());
      if (account?.type !== "Organization") {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to an Organization with the login of '${args.login}'.`,
        );
      }
      return views.owner(account);
    },
  };
  const failing = new Set(options.failingFields ?? []);
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: rawVariables,
    operationName: name ?? undefined,
    fieldResolver:
      failing.size === 0
        ? undefined
        : (source, args, context, info) => {
            if (failing.has(info.fieldName)) {
              throw new TypedGraphQLError("FORBIDDEN", "Resource not accessible by integration");
            }
            return defaultFieldResolver(source, args, context, info);
          },
  });
  const body: GraphQLResponseBody = { data: result.data ?? null };
  if (result.errors?.length) {
    body.errors = result.errors.map((error) => {
      const original = error.originalError;
      const typed = original instanceof TypedGraphQLError ? original : null;
      return {
        ...(typed ? { type: typed.type } : {}),
        path: error.path,
        locations: locationsOf(error),
        message: error.message,
      };
    });
  }
  return { body, cost: analysis.cost, operationName: name, rateLimited: false };
}
