import type { Issue } from "../state/issues";
import type { Account, Commit, Release, Repo, Run } from "../state/model";
import type { World } from "../state/world";
import { type Args, TypedGraphQLError } from "./connection";
import type { Graph } from "./graph";
import { appViewerNode, ownerNode, userNode } from "./nodes/accounts";
import { checkSuiteNode, workflowNode, workflowRunNode } from "./nodes/actions";
import { commitNode, gitObjectNode, refNode } from "./nodes/git";
import { issueNode } from "./nodes/issues";
import { releaseNode } from "./nodes/releases";
import { repositoryNode } from "./nodes/repository";

// The Query root for one request, and the wiring of the node builders of nodes/ into one Graph
// (each node links to the others through it).

/** The object graph one request sees: `viewer` is the token's login, `base` the web base URL. */
export function createGraph(world: World, viewer: string, base: string): Graph {
  const graph: Graph = {
    world,
    viewer,
    base,
    avatar: (login: string) => `${base}/avatars/${encodeURIComponent(login)}.svg`,
    user: (login: string | null) => userNode(graph, login),
    owner: (account: Account) => ownerNode(graph, account),
    repository: (repo: Repo) => repositoryNode(graph, repo),
    ref: (repo: Repo, prefix: string, name: string) => refNode(graph, repo, prefix, name),
    gitObject: (repo: Repo, type: "commit" | "tag", sha: string) =>
      gitObjectNode(graph, repo, type, sha),
    commit: (repo: Repo, commit: Commit) => commitNode(graph, repo, commit),
    checkSuite: (repo: Repo, run: Run) => checkSuiteNode(graph, repo, run),
    workflowRun: (repo: Repo, run: Run) => workflowRunNode(graph, repo, run),
    workflow: (repo: Repo, id: number) => workflowNode(graph, repo, id),
    release: (repo: Repo, release: Release) => releaseNode(graph, repo, release),
    issue: (repo: Repo, issue: Issue) => issueNode(graph, repo, issue),
  };
  return graph;
}

const MAX_NODE_IDS = 100;

/** A global node id's object (repositories; the simulator resolves no other kind by id). */
function nodeById(graph: Graph, id: string): unknown {
  const repo = graph.world.repoByNodeId(id);
  if (repo && graph.world.canSee(repo, graph.viewer)) return graph.repository(repo);
  return new TypedGraphQLError(
    "NOT_FOUND",
    `Could not resolve to a node with the global id of '${id}'`,
  );
}

/** The root fields tagwatch and its tests ask for; `rateLimit` is this request's accounting. */
export function queryRoot(graph: Graph, rateLimit: () => Record<string, unknown>) {
  const viewerAccount = graph.world.accounts.get(graph.viewer.toLowerCase());
  return {
    viewer: () => (viewerAccount ? graph.owner(viewerAccount) : appViewerNode(graph)),
    rateLimit,
    repository: (args: Args) => {
      const [owner, name] = [String(args.owner), String(args.name)];
      // `followRenames` (default true) resolves a renamed or transferred repository's old name.
      const repo =
        graph.world.repo(owner, name) ??
        (args.followRenames === false ? undefined : graph.world.movedRepo(owner, name));
      if (!repo || !graph.world.canSee(repo, graph.viewer)) {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`,
        );
      }
      return graph.repository(repo);
    },
    node: (args: Args) => {
      const node = nodeById(graph, String(args.id));
      if (node instanceof Error) throw node;
      return node;
    },
    nodes: (args: Args) => {
      const ids = (args.ids as unknown[]).map(String);
      if (ids.length > MAX_NODE_IDS) {
        throw new TypedGraphQLError(
          "ARGUMENT_LIMIT",
          `You may not provide more than ${MAX_NODE_IDS} node ids; you provided ${ids.length}.`,
        );
      }
      // An Error in the list becomes that item's error (path nodes.i) and a null, as on GitHub.
      return ids.map((id) => nodeById(graph, id));
    },
    repositoryOwner: (args: Args) => {
      const account = graph.world.accounts.get(String(args.login).toLowerCase());
      return account ? graph.owner(account) : null;
    },
    user: (args: Args) => {
      const account = graph.world.accounts.get(String(args.login).toLowerCase());
      if (account?.type !== "User") {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to a User with the login of '${args.login}'.`,
        );
      }
      return graph.owner(account);
    },
    organization: (args: Args) => {
      const account = graph.world.accounts.get(String(args.login).toLowerCase());
      if (account?.type !== "Organization") {
        throw new TypedGraphQLError(
          "NOT_FOUND",
          `Could not resolve to an Organization with the login of '${args.login}'.`,
        );
      }
      return graph.owner(account);
    },
  };
}
