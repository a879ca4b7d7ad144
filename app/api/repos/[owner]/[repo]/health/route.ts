import { AppError, errorResponse } from "@/lib/errors";
import { requireGitHub } from "@/lib/http";
import { repositoryFromParams } from "@/lib/names";
import { toHealthJson } from "@/lib/repository/json";
import { loadRepositoryHealth } from "@/lib/repository/load";

type Context = { params: Promise<{ owner: string; repo: string }> };

export async function GET(request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    const after = new URL(request.url).searchParams.get("after");
    if (after && (after.length > 200 || !/^[\w+/=:-]+$/.test(after))) {
      throw new AppError("invalid-input", "after: not a cursor tagwatch handed out.");
    }
    const { github } = await requireGitHub();
    const health = await loadRepositoryHealth(github, owner, repo, { after: after || null });
    return Response.json(toHealthJson(health), {
      headers: { "cache-control": "private, no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
