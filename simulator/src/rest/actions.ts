import { dispatchWorkflow } from "../state/dispatch";
import { checkDispatchInputs, declaredInputs } from "../state/dispatch-inputs";
import { type Commit, type Repo, type Run, WORKFLOW_DIR, type Workflow } from "../state/model";
import { rerun, rerunRefusal } from "../state/runs";
import { parseTriggers } from "../state/workflow-rules";
import {
  notFound,
  paginate,
  parseBody,
  REPO,
  type RestContext,
  type RestResponse,
  type Route,
  restError,
  withRepo,
} from "./context";
import { runJson, workflowJson } from "./json";

// GitHub Actions over REST: workflows, runs (filters, paging), dispatches (GitHub's 422s, inputs
// checked against the file at the ref) and re-runs.

function findWorkflow(repo: Repo, idOrFile: string): Workflow | undefined {
  const decoded = decodeURIComponent(idOrFile);
  return repo.workflows.find(
    (workflow) =>
      String(workflow.id) === decoded ||
      workflow.path === `${WORKFLOW_DIR}${decoded}` ||
      workflow.path === decoded,
  );
}

function resolveRef(
  ctx: RestContext,
  repo: Repo,
  ref: string,
): { name: string; type: "branch" | "tag"; commit: Commit } | null {
  const world = ctx.world;
  const branchName = ref.replace(/^refs\/heads\//, "");
  if (!ref.startsWith("refs/tags/") && repo.branches.has(branchName)) {
    const commit = world.resolveCommit(repo, `refs/heads/${branchName}`);
    if (commit) return { name: branchName, type: "branch", commit };
  }
  const tagName = ref.replace(/^refs\/tags\//, "");
  if (!ref.startsWith("refs/heads/") && repo.tags.has(tagName)) {
    const commit = world.resolveCommit(repo, `refs/tags/${tagName}`);
    if (commit) return { name: tagName, type: "tag", commit };
  }
  return null;
}

function handleDispatch(
  ctx: RestContext,
  repo: Repo,
  params: string[],
  _query: URLSearchParams,
  body: string,
): RestResponse {
  const workflow = findWorkflow(repo, params[0] ?? "");
  if (!workflow) return notFound();
  if (!ctx.world.hasWrite(repo, ctx.viewer))
    return restError(403, "Must have write access to repository to dispatch a workflow.");
  if (repo.archived) return restError(403, "Repository was archived so is read-only.");
  const input = parseBody(body);
  if (!input) return restError(400, "Problems parsing JSON");
  const { ref, inputs, return_run_details: returnDetails } = input;
  if (typeof ref !== "string" || !ref)
    return restError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  if (
    inputs !== undefined &&
    (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))
  ) {
    return restError(
      422,
      "Invalid request.\n\nFor 'properties/inputs', \"not an object\" is not an object.",
    );
  }
  if (returnDetails !== undefined && ctx.faults.rejectReturnRunDetails) {
    return restError(422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
  }
  if (returnDetails !== undefined && typeof returnDetails !== "boolean") {
    return restError(
      422,
      "Invalid request.\n\nFor 'properties/return_run_details', it is not a boolean.",
    );
  }
  const target = resolveRef(ctx, repo, ref);
  if (!target) return restError(422, `No ref found for: ${ref}`);
  if (workflow.state !== "active")
    return restError(422, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
  const text = target.commit.files.get(workflow.path);
  if (text === undefined || !parseTriggers(text).workflowDispatch) {
    return restError(422, "Workflow does not have 'workflow_dispatch' trigger");
  }
  // Inputs are checked against the file at the dispatched ref, as GitHub does.
  const checked = checkDispatchInputs(declaredInputs(text), inputs);
  if (!checked.ok) return restError(422, checked.message);
  const run = dispatchWorkflow(ctx.world, repo, workflow, target, ctx.viewer, checked.inputs);
  if (returnDetails === true) {
    const full = `${repo.owner}/${repo.name}`;
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${ctx.api}/repos/${full}/actions/runs/${run.id}`,
        html_url: `${ctx.base}/${full}/actions/runs/${run.id}`,
      },
    };
  }
  return { status: 204 };
}

function handleRerun(ctx: RestContext, repo: Repo, params: string[]): RestResponse {
  const run = repo.runs.find((candidate) => String(candidate.id) === params[0]);
  if (!run) return notFound();
  if (!ctx.world.hasWrite(repo, ctx.viewer))
    return restError(403, "Must have write access to repository to re-run a workflow.");
  if (repo.archived) return restError(403, "Repository was archived so is read-only.");
  const refusal = rerunRefusal(ctx.world, run, ctx.world.now());
  if (refusal === "running") return restError(403, "This workflow is already running");
  if (refusal === "too-old") {
    return restError(
      403,
      "Unable to re-run this workflow run because it was created over a month ago",
    );
  }
  const workflow = repo.workflows.find((candidate) => candidate.id === run.workflowId);
  if (workflow && workflow.state !== "active")
    return restError(403, "Unable to re-run this workflow run because the workflow is disabled");
  rerun(ctx.world, repo, run, ctx.viewer);
  return { status: 201, body: {} };
}

function sortRuns(runs: Run[]): Run[] {
  return [...runs].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

function filterRuns(ctx: RestContext, runs: Run[], query: URLSearchParams): Run[] {
  let result = runs;
  const branch = query.get("branch");
  const event = query.get("event");
  const headSha = query.get("head_sha");
  const status = query.get("status");
  const actor = query.get("actor");
  if (branch) result = result.filter((run) => run.headBranch === branch);
  if (event) result = result.filter((run) => run.event === event);
  if (headSha) result = result.filter((run) => run.headSha === headSha);
  if (actor) result = result.filter((run) => run.actor === actor);
  if (status) {
    result = result.filter((run) => {
      const state = ctx.world.runState(run);
      return state.status === status || state.conclusion === status;
    });
  }
  return sortRuns(result);
}

export const actionsRoutes: Route[] = [
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows$`),
    handle: withRepo((ctx, repo, _params, query) => ({
      status: 200,
      body: {
        total_count: repo.workflows.length,
        workflows: paginate(repo.workflows, query).map((workflow) =>
          workflowJson(ctx, repo, workflow),
        ),
      },
    })),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)$`),
    handle: withRepo((ctx, repo, params) => {
      const workflow = findWorkflow(repo, params[0] ?? "");
      return workflow ? { status: 200, body: workflowJson(ctx, repo, workflow) } : notFound();
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/runs$`),
    handle: withRepo((ctx, repo, params, query) => {
      const workflow = findWorkflow(repo, params[0] ?? "");
      if (!workflow) return notFound();
      const runs = filterRuns(
        ctx,
        repo.runs.filter((run) => run.workflowId === workflow.id),
        query,
      );
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: paginate(runs, query).map((run) => runJson(ctx, repo, run)),
        },
      };
    }),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/workflows/([^/]+)/dispatches$`),
    handle: withRepo(handleDispatch),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/runs$`),
    handle: withRepo((ctx, repo, _params, query) => {
      const runs = filterRuns(ctx, repo.runs, query);
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: paginate(runs, query).map((run) => runJson(ctx, repo, run)),
        },
      };
    }),
  },
  {
    method: "GET",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)$`),
    handle: withRepo((ctx, repo, params) => {
      const run = repo.runs.find((candidate) => String(candidate.id) === params[0]);
      return run ? { status: 200, body: runJson(ctx, repo, run) } : notFound();
    }),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)/rerun$`),
    handle: withRepo((ctx, repo, params) => handleRerun(ctx, repo, params)),
  },
  {
    method: "POST",
    pattern: new RegExp(`^${REPO}/actions/runs/(\\d+)/rerun-failed-jobs$`),
    handle: withRepo((ctx, repo, params) => handleRerun(ctx, repo, params)),
  },
];
