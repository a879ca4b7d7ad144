import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { rerunRun } from "@/lib/github/tag-actions";
import { requireGitHub } from "@/lib/github/viewer";
import { assertSameOrigin, readJsonBody } from "@/lib/http";
import { assertRepositoryName } from "@/lib/names";

const RerunBody = z
  .object({ runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

type Context = { params: Promise<{ owner: string; repo: string }> };

export async function POST(request: Request, context: Context) {
  try {
    const { owner, repo } = await context.params;
    assertRepositoryName(owner, repo);
    assertSameOrigin(request);
    const { github } = await requireGitHub();
    const body = await readJsonBody(request, RerunBody);
    return Response.json(await rerunRun(github, { owner, repo, ...body }), { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
