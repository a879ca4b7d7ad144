import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { assertSameOrigin, readJsonBody, requireGitHub } from "@/lib/http";
import { isValidTagName, repositoryFromParams } from "@/lib/names";
import { hasWorkflowScope, openPipelineFix } from "@/lib/pipeline-fix/open";
import { previewPipelineFix } from "@/lib/pipeline-fix/preview";

// GET: the pull request "Fix the pipeline" would open (404 with the reason when there is no file
// fix). POST: open it (never retried; an open one for the same cause is returned instead).

type Context = { params: Promise<{ owner: string; repo: string }> };

const PipelineFixBody = z
  .object({ tag: z.string().refine(isValidTagName, "tag: not a valid git tag name") })
  .strict();

export async function GET(request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    const tag = new URL(request.url).searchParams.get("tag") ?? "";
    if (!isValidTagName(tag)) throw new AppError("invalid-input", "tag: not a valid git tag name");
    const { github, viewer } = await requireGitHub();
    const preview = await previewPipelineFix(github, { owner, repo, tag });
    return Response.json(
      {
        ...preview,
        // Whether the session's token may write workflow files, and the scope to ask GitHub for
        // when it may not (sign-in asks only for what reading and dispatching need).
        workflowScope: hasWorkflowScope(viewer.scope),
        grantScope: `${getEnv().githubScope} workflow`,
      },
      { headers: { "cache-control": "private, no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    assertSameOrigin(request);
    const { github, viewer } = await requireGitHub();
    const body = await readJsonBody(request, PipelineFixBody);
    const result = await openPipelineFix(github, {
      owner,
      repo,
      tag: body.tag,
      scope: viewer.scope,
    });
    return Response.json(result, { status: result.existing ? 200 : 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
