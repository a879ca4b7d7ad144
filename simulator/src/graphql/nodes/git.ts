import {
  BOT,
  type Commit,
  type GitIdentity,
  iso,
  nodeId,
  type Repo,
  sha1,
  type TagObject,
} from "../../state/model";
import { type Args, connection } from "../connection";
import type { Graph } from "../graph";

// Git objects: refs (branches, tags), annotated tags, commits (with their check suites), trees,
// blobs, and `Repository.object(expression:)`.

function blobOid(text: string): string {
  return sha1(`blob ${Buffer.byteLength(text)}\0${text}`);
}

export function refsConnection(g: Graph, repo: Repo, args: Args) {
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
    g.world.resolveCommit(repo, `${prefix}${name}`)?.committer.date ?? 0;
  const tagDate = (name: string) => repo.tags.get(name)?.createdAt ?? 0;
  names.sort((a, b) => {
    const compared =
      order.field === "TAG_COMMIT_DATE"
        ? commitDate(a) - commitDate(b) || tagDate(a) - tagDate(b) || a.localeCompare(b)
        : a.localeCompare(b);
    return order.direction === "DESC" ? -compared : compared;
  });
  return connection(names, args, (name) => refNode(g, repo, prefix, name));
}

export function refNode(g: Graph, repo: Repo, prefix: string, name: string) {
  const isTag = prefix === "refs/tags/";
  const tag = isTag ? repo.tags.get(name) : undefined;
  const branchSha = isTag ? undefined : repo.branches.get(name);
  if (isTag ? !tag : !branchSha) return null;
  return {
    __typename: "Ref",
    id: nodeId("Ref", `${repo.id}:${prefix}${name}`),
    name,
    prefix,
    repository: () => g.repository(repo),
    target: () => {
      if (tag) return gitObjectNode(g, repo, tag.targetType, tag.targetSha);
      const commit = repo.commits.get(branchSha as string);
      return commit ? commitNode(g, repo, commit) : null;
    },
    associatedPullRequests: (args: Args) => connection([], args, () => null),
  };
}

export function gitObjectNode(g: Graph, repo: Repo, type: "commit" | "tag", sha: string) {
  if (type === "tag") {
    const object = repo.tagObjects.get(sha);
    return object ? tagNode(g, repo, object) : null;
  }
  const commit = repo.commits.get(sha);
  return commit ? commitNode(g, repo, commit) : null;
}

function objectCommon(g: Graph, repo: Repo, oid: string, commitSha: string) {
  return {
    oid,
    abbreviatedOid: oid.slice(0, 7),
    commitUrl: `${g.base}/${repo.owner}/${repo.name}/commit/${commitSha}`,
    commitResourcePath: `/${repo.owner}/${repo.name}/commit/${commitSha}`,
    repository: () => g.repository(repo),
  };
}

function tagNode(g: Graph, repo: Repo, object: TagObject) {
  const commit = g.world.peel(repo, object.sha, "tag");
  return {
    __typename: "Tag",
    id: nodeId("Tag", object.sha),
    ...objectCommon(g, repo, object.sha, commit.sha),
    name: object.name,
    message: object.message,
    tagger: gitActor(g, object.tagger),
    target: () => gitObjectNode(g, repo, object.targetType, object.targetSha),
  };
}

function gitActor(g: Graph, identity: GitIdentity) {
  return {
    name: identity.name,
    email: identity.email,
    date: iso(identity.date),
    avatarUrl: () => g.avatar(identity.login ?? BOT.login),
    // github-actions[bot] is linked to no user in GraphQL.
    user: () => (identity.login ? g.user(identity.login) : null),
  };
}

export function commitNode(g: Graph, repo: Repo, commit: Commit) {
  const path = `/${repo.owner}/${repo.name}/commit/${commit.sha}`;
  const [headline, ...body] = commit.message.split("\n");
  const pushedRuns = () => repo.runs.filter((run) => run.headSha === commit.sha);
  return {
    __typename: "Commit",
    id: nodeId("Commit", commit.sha),
    ...objectCommon(g, repo, commit.sha, commit.sha),
    url: `${g.base}${path}`,
    resourcePath: path,
    message: commit.message,
    messageHeadline: headline ?? "",
    messageBody: body.join("\n").trim(),
    committedDate: iso(commit.committer.date),
    authoredDate: iso(commit.author.date),
    pushedDate: iso(commit.committer.date),
    author: gitActor(g, commit.author),
    committer: gitActor(g, commit.committer),
    authoredByCommitter: true,
    committedViaWeb: false,
    additions: 1,
    deletions: 0,
    changedFiles: 1,
    changedFilesIfAvailable: 1,
    signature: null,
    status: null,
    statusCheckRollup: null,
    zipballUrl: `${g.base}/${repo.owner}/${repo.name}/archive/${commit.sha}.zip`,
    tarballUrl: `${g.base}/${repo.owner}/${repo.name}/archive/${commit.sha}.tar.gz`,
    treeUrl: `${g.base}/${repo.owner}/${repo.name}/tree/${commit.sha}`,
    treeResourcePath: `/${repo.owner}/${repo.name}/tree/${commit.sha}`,
    tree: () => treeNode(g, repo, commit, ""),
    file: (args: Args) =>
      treeEntryNode(g, repo, commit, String(args.path).replace(/^\/+|\/+$/g, "")),
    parents: (args: Args) =>
      connection(commit.parents, args, (sha) => {
        const parent = repo.commits.get(sha);
        return parent ? commitNode(g, repo, parent) : null;
      }),
    checkSuites: (args: Args) => connection(pushedRuns(), args, (run) => g.checkSuite(repo, run)),
    associatedPullRequests: (args: Args) => connection([], args, () => null),
  };
}

function entryType(commit: Commit, path: string): "blob" | "tree" | null {
  if (path === "") return "tree";
  if (commit.files.has(path)) return "blob";
  for (const file of commit.files.keys()) if (file.startsWith(`${path}/`)) return "tree";
  return null;
}

function treeNode(g: Graph, repo: Repo, commit: Commit, dir: string) {
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
    ...objectCommon(g, repo, oid, commit.sha),
    entries: () => listing.map(([name]) => treeEntryNode(g, repo, commit, prefix + name)),
  };
}

function treeEntryNode(g: Graph, repo: Repo, commit: Commit, path: string) {
  const type = entryType(commit, path);
  if (!type || path === "") return null;
  const name = path.split("/").pop() as string;
  const text = type === "blob" ? (commit.files.get(path) ?? "") : "";
  const object = () =>
    type === "blob" ? blobNode(g, repo, commit, text) : treeNode(g, repo, commit, path);
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
    repository: () => g.repository(repo),
  };
}

function blobNode(g: Graph, repo: Repo, commit: Commit, text: string) {
  const oid = blobOid(text);
  return {
    __typename: "Blob",
    id: nodeId("Blob", oid),
    ...objectCommon(g, repo, oid, commit.sha),
    text,
    byteSize: Buffer.byteLength(text),
    isBinary: false,
    isTruncated: false,
  };
}

/** `Repository.object(expression: "REF:path" | "REF", oid)`. */
export function objectAt(g: Graph, repo: Repo, args: Args) {
  if (typeof args.oid === "string") {
    if (repo.tagObjects.has(args.oid)) return gitObjectNode(g, repo, "tag", args.oid);
    if (repo.commits.has(args.oid)) return gitObjectNode(g, repo, "commit", args.oid);
    return null;
  }
  const expression = String(args.expression ?? "");
  const colon = expression.indexOf(":");
  const refPart = colon === -1 ? expression : expression.slice(0, colon);
  if (colon === -1) {
    const tag = repo.tags.get(refPart.replace(/^refs\/tags\//, ""));
    if (tag && !repo.branches.has(refPart))
      return gitObjectNode(g, repo, tag.targetType, tag.targetSha);
    const commit = g.world.resolveCommit(repo, refPart);
    return commit ? commitNode(g, repo, commit) : null;
  }
  const commit = g.world.resolveCommit(repo, refPart || "HEAD");
  if (!commit) return null;
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
  const type = entryType(commit, path);
  if (type === "blob") return blobNode(g, repo, commit, commit.files.get(path) ?? "");
  if (type === "tree") return treeNode(g, repo, commit, path);
  return null;
}
