import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { dispatchTag } from "@/lib/github/tag-actions";
import { requireGitHub } from "@/lib/github/viewer";
import { assertSameOrigin, readJsonBody } from "@/lib/http";
import { assertRepositoryName, isValidTagName } from "@/lib/names";

const DispatchBody = z
  .object({
    tag: z.string().refine(isValidTagName, "tag: not a valid git tag name"),
    workflow: z
      .string()
      .regex(
        /^(?:[\w.-]+\.ya?ml|\d{1,12})$/,
        "workflow: a workflow file name like release.yml or its id",
      )
      .optional(),
  })
  .strict();

type Context = { params: Promise<{ owner: string; repo: string }> };

export async function POST(request: Request, context: Context) {
  try {
    const { owner, repo } = await context.params;
    assertRepositoryName(owner, repo);
    assertSameOrigin(request);
    const { github } = await requireGitHub();
    const body = await readJsonBody(request, DispatchBody);
    return Response.json(await dispatchTag(github, { owner, repo, ...body }), { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
