import { BOT, iso, nodeId, type Repo, type Run, WORKFLOW_DIR } from "../../state/model";
import { type Args, connection } from "../connection";
import type { Graph } from "../graph";

// GitHub Actions as GraphQL shows it: a run's `CheckSuite` (status, conclusion, branch), its
// `WorkflowRun` (no status there: it lives on the check suite) and the `Workflow`.

export function checkSuiteNode(g: Graph, repo: Repo, run: Run) {
  const state = g.world.runState(run);
  const commit = repo.commits.get(run.headSha);
  return {
    __typename: "CheckSuite",
    id: run.checkSuiteNodeId,
    databaseId: run.checkSuiteId,
    status: state.status.toUpperCase(),
    conclusion: state.conclusion?.toUpperCase() ?? null,
    createdAt: iso(run.createdAt),
    updatedAt: iso(state.updatedAt),
    url: `${g.base}/${repo.owner}/${repo.name}/commit/${run.headSha}/checks?check_suite_id=${run.checkSuiteId}`,
    resourcePath: `/${repo.owner}/${repo.name}/commit/${run.headSha}/checks?check_suite_id=${run.checkSuiteId}`,
    app: {
      __typename: "App",
      id: nodeId("App", 15368),
      databaseId: 15368,
      slug: "github-actions",
      name: "GitHub Actions",
    },
    branch: () => (run.branch ? g.ref(repo, "refs/heads/", run.branch) : null),
    creator: () => g.user(run.actor === BOT.login ? null : run.actor),
    commit: () => (commit ? g.commit(repo, commit) : null),
    repository: () => g.repository(repo),
    workflowRun: () => workflowRunNode(g, repo, run),
    checkRuns: (args: Args) => connection([], args, () => null),
    matchingPullRequests: (args: Args) => connection([], args, () => null),
    push: null,
  };
}

export function workflowRunNode(g: Graph, repo: Repo, run: Run): Record<string, unknown> {
  const path = `/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
  const state = g.world.runState(run);
  return {
    __typename: "WorkflowRun",
    id: run.nodeId,
    databaseId: run.id,
    runNumber: run.runNumber,
    event: run.event,
    url: `${g.base}${path}`,
    resourcePath: path,
    createdAt: iso(run.createdAt),
    updatedAt: iso(state.updatedAt),
    checkSuite: () => checkSuiteNode(g, repo, run),
    workflow: () => workflowNode(g, repo, run.workflowId),
    file: () => ({
      id: nodeId("WorkflowRunFile", `${run.id}`),
      path: run.path,
      url: `${g.base}/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
      resourcePath: `/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
      repositoryFileUrl: `${g.base}/${repo.owner}/${repo.name}/blob/${run.headSha}/${run.path}`,
      repositoryName: `${g.base}/${repo.owner}/${repo.name}`,
      run: () => workflowRunNode(g, repo, run),
      viewerCanPushRepository: g.world.hasWrite(repo, g.viewer),
      viewerCanReadRepository: true,
    }),
    deploymentReviews: (args: Args) => connection([], args, () => null),
    pendingDeploymentRequests: (args: Args) => connection([], args, () => null),
  };
}

export function workflowNode(g: Graph, repo: Repo, id: number) {
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
    url: `${g.base}${path}`,
    resourcePath: path,
    createdAt: iso(workflow.createdAt),
    updatedAt: iso(workflow.updatedAt),
    runs: (args: Args) =>
      connection(repo.runs.filter((run) => run.workflowId === id).reverse(), args, (run) =>
        workflowRunNode(g, repo, run),
      ),
  };
}
