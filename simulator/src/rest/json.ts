import { createHash } from "node:crypto";
import { appOfBot, type GitHubApp, type Installation } from "../state/apps";
import {
  artifactContent,
  BOT,
  checksumsContent,
  downloadUrl,
  iso,
  PERMISSION_RANK,
  type Release,
  type Repo,
  type Run,
  WORKFLOW_DIR,
  type Workflow,
} from "../state/model";
import type { RestContext } from "./context";

// GitHub's REST shapes of the records several endpoints (and webhook payloads) return, with
// GitHub's field names: users, repositories, releases and assets, workflows, runs.

/** The API links GitHub puts on every user object (`simple-user`). */
function userLinks(ctx: RestContext, login: string) {
  const url = `${ctx.api}/users/${encodeURIComponent(login)}`;
  return {
    url,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
  };
}

export function simpleUser(ctx: RestContext, login: string) {
  const avatar = (name: string) => `${ctx.base}/avatars/${encodeURIComponent(name)}.svg`;
  if (login === BOT.login) {
    return {
      login: BOT.login,
      id: BOT.id,
      node_id: "MDM6Qm90NDE4OTgyODI=",
      avatar_url: avatar(BOT.login),
      gravatar_id: "",
      ...userLinks(ctx, BOT.login),
      html_url: `${ctx.base}/apps/github-actions`,
      type: "Bot",
      user_view_type: "public",
      site_admin: false,
    };
  }
  const app = appOfBot(ctx.world, login);
  if (app) {
    return {
      login,
      id: app.botId,
      node_id: Buffer.from(`04:Bot${app.botId}`).toString("base64").replace(/=+$/, ""),
      avatar_url: avatar(login),
      gravatar_id: "",
      ...userLinks(ctx, login),
      html_url: `${ctx.base}/apps/${app.slug}`,
      type: "Bot",
      user_view_type: "public",
      site_admin: false,
    };
  }
  const account = ctx.world.accounts.get(login.toLowerCase());
  const name = account?.login ?? login;
  return {
    login: name,
    id: account?.id ?? 0,
    node_id: account?.nodeId ?? "",
    avatar_url: avatar(name),
    gravatar_id: "",
    ...userLinks(ctx, name),
    html_url: `${ctx.base}/${name}`,
    type: account?.type ?? "User",
    user_view_type: "public",
    site_admin: false,
  };
}

/** An organisation as events name it (`organization-simple`). */
export function organizationJson(ctx: RestContext, login: string) {
  const account = ctx.world.accounts.get(login.toLowerCase());
  const url = `${ctx.api}/orgs/${encodeURIComponent(login)}`;
  return {
    login: account?.login ?? login,
    id: account?.id ?? 0,
    node_id: account?.nodeId ?? "",
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${ctx.base}/avatars/${encodeURIComponent(login)}.svg`,
    description: null,
  };
}

/** A user's public profile (`public-user`): GET /user and /users/{login}. */
export function publicUserJson(ctx: RestContext, login: string) {
  const account = ctx.world.accounts.get(login.toLowerCase());
  const owned = [...ctx.world.repos.values()].filter(
    (repo) => repo.owner.toLowerCase() === login.toLowerCase(),
  );
  const created = iso(account?.createdAt ?? 0);
  return {
    ...simpleUser(ctx, login),
    name: account?.name ?? null,
    company: null,
    blog: "",
    location: null,
    email: account?.email ?? null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: owned.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
  };
}

/** The API links GitHub puts on every repository object (`minimal-repository` and up). */
function repositoryLinks(ctx: RestContext, full: string) {
  const url = `${ctx.api}/repos/${full}`;
  return {
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

/** A repository as runs and other records embed it (`minimal-repository`'s required part). */
export function minimalRepoJson(ctx: RestContext, repo: Repo) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: simpleUser(ctx, repo.owner),
    html_url: `${ctx.base}/${full}`,
    description: repo.description || null,
    fork: false,
    ...repositoryLinks(ctx, full),
  };
}

/** A repository as GET /repos/{o}/{r} answers it (`full-repository`); lists use the same. */
export function repoJson(ctx: RestContext, repo: Repo) {
  const permission = ctx.world.permission(repo, ctx.viewer);
  const rank = permission ? PERMISSION_RANK[permission] : 0;
  const full = `${repo.owner}/${repo.name}`;
  const host = new URL(ctx.base).host;
  // GitHub counts open pull requests here too; the simulator counts its issues.
  const openIssues = ctx.world.issues.issues(repo).filter((issue) => issue.state === "open").length;
  return {
    ...minimalRepoJson(ctx, repo),
    homepage: null,
    language: null,
    license: null,
    mirror_url: null,
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    clone_url: `${ctx.base}/${full}.git`,
    svn_url: `${ctx.base}/${full}`,
    size: 0,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    subscribers_count: 0,
    network_count: 0,
    open_issues: openIssues,
    open_issues_count: openIssues,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    is_template: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.updatedAt),
    pushed_at: iso(repo.pushedAt),
    archived: repo.archived,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    default_branch: repo.defaultBranch,
    permissions: {
      admin: rank >= PERMISSION_RANK.ADMIN,
      maintain: rank >= PERMISSION_RANK.MAINTAIN,
      push: rank >= PERMISSION_RANK.WRITE,
      triage: rank >= PERMISSION_RANK.TRIAGE,
      pull: rank >= PERMISSION_RANK.READ,
    },
  };
}

function assetDigest(repo: Repo, release: Release, name: string): string {
  const content =
    name === release.checksums
      ? checksumsContent(repo, release)
      : artifactContent(repo, release.tagName, name);
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}

export function releaseJson(ctx: RestContext, repo: Repo, release: Release) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${ctx.api}/repos/${full}/releases/${release.id}`;
  return {
    url,
    html_url: `${ctx.base}/${full}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${url}/assets`,
    upload_url: `${ctx.base}/uploads/repos/${full}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${ctx.api}/repos/${full}/tarball/${release.tagName}`,
    zipball_url: `${ctx.api}/repos/${full}/zipball/${release.tagName}`,
    id: release.id,
    node_id: release.nodeId,
    tag_name: release.tagName,
    target_commitish: repo.defaultBranch,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: iso(release.createdAt),
    updated_at: iso(
      Math.max(
        release.createdAt,
        release.publishedAt ?? 0,
        ...release.assets.map((asset) => asset.createdAt),
      ),
    ),
    published_at: release.publishedAt === null ? null : iso(release.publishedAt),
    author: simpleUser(ctx, release.author),
    assets: release.assets.map((asset) => assetJson(ctx, repo, release, asset)),
  };
}

export function assetJson(
  ctx: RestContext,
  repo: Repo,
  release: Release,
  asset: Release["assets"][number],
) {
  return {
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/releases/assets/${asset.id}`,
    browser_download_url: downloadUrl(ctx.base, repo, release.tagName, asset.name),
    id: asset.id,
    node_id: asset.nodeId,
    name: asset.name,
    label: "",
    state: "uploaded",
    content_type: asset.contentType,
    size: asset.size,
    digest: assetDigest(repo, release, asset.name),
    download_count: asset.downloadCount,
    created_at: iso(asset.createdAt),
    updated_at: iso(asset.createdAt),
    uploader: simpleUser(ctx, asset.uploader),
  };
}

export function workflowJson(ctx: RestContext, repo: Repo, workflow: Workflow) {
  const full = `${repo.owner}/${repo.name}`;
  const file = workflow.path.slice(WORKFLOW_DIR.length);
  return {
    id: workflow.id,
    node_id: workflow.nodeId,
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    created_at: iso(workflow.createdAt),
    updated_at: iso(workflow.updatedAt),
    url: `${ctx.api}/repos/${full}/actions/workflows/${workflow.id}`,
    html_url: `${ctx.base}/${full}/blob/${repo.defaultBranch}/${workflow.path}`,
    badge_url: `${ctx.base}/${full}/workflows/${encodeURIComponent(file)}/badge.svg`,
  };
}

export function runJson(ctx: RestContext, repo: Repo, run: Run) {
  const full = `${repo.owner}/${repo.name}`;
  const state = ctx.world.runState(run);
  const url = `${ctx.api}/repos/${full}/actions/runs/${run.id}`;
  const commit = repo.commits.get(run.headSha);
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: commit?.message.split("\n")[0] ?? run.name,
    run_number: run.runNumber,
    event: run.event,
    status: state.status,
    conclusion: state.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: run.checkSuiteNodeId,
    url,
    html_url: `${ctx.base}/${full}/actions/runs/${run.id}`,
    created_at: iso(run.createdAt),
    updated_at: iso(state.updatedAt),
    run_attempt: run.runAttempt,
    previous_attempt_url: run.runAttempt > 1 ? `${url}/attempts/${run.runAttempt - 1}` : null,
    run_started_at: iso(run.runStartedAt),
    actor: simpleUser(ctx, run.actor),
    triggering_actor: simpleUser(ctx, run.triggeringActor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.api}/repos/${full}/check-suites/${run.checkSuiteId}`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    artifacts_url: `${url}/artifacts`,
    workflow_url: `${ctx.api}/repos/${full}/actions/workflows/${run.workflowId}`,
    pull_requests: [],
    referenced_workflows: [],
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.sha,
          message: commit.message,
          timestamp: iso(commit.committer.date),
          author: { name: commit.author.name, email: commit.author.email },
          committer: { name: commit.committer.name, email: commit.committer.email },
        }
      : null,
    repository: minimalRepoJson(ctx, repo),
    head_repository: minimalRepoJson(ctx, repo),
  };
}

export function integrationJson(ctx: RestContext, app: GitHubApp) {
  return {
    id: app.id,
    slug: app.slug,
    node_id: app.nodeId,
    client_id: app.clientId,
    owner: simpleUser(ctx, app.owner),
    name: app.name,
    description: app.description,
    external_url: app.externalUrl,
    html_url: `${ctx.base}/apps/${app.slug}`,
    created_at: iso(app.createdAt),
    updated_at: iso(app.createdAt),
    permissions: app.permissions,
    events: app.events,
    installations_count: [...ctx.world.installations.values()].filter(
      (installation) => installation.appId === app.id,
    ).length,
  };
}

export function installationJson(ctx: RestContext, installation: Installation) {
  const app = ctx.world.apps.get(installation.appId);
  const account = ctx.world.accounts.get(installation.account.toLowerCase());
  const org = account?.type === "Organization";
  return {
    id: installation.id,
    account: simpleUser(ctx, installation.account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${ctx.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.api}/installation/repositories`,
    html_url: org
      ? `${ctx.base}/organizations/${installation.account}/settings/installations/${installation.id}`
      : `${ctx.base}/settings/installations/${installation.id}`,
    app_id: installation.appId,
    app_slug: app?.slug ?? "",
    target_id: account?.id ?? 0,
    target_type: account?.type ?? "User",
    permissions: installation.permissions,
    events: installation.events,
    created_at: iso(installation.createdAt),
    updated_at: iso(installation.updatedAt),
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: installation.suspendedBy ? simpleUser(ctx, installation.suspendedBy) : null,
    suspended_at: installation.suspendedAt === null ? null : iso(installation.suspendedAt),
  };
}
