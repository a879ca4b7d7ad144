import { errorResponse } from "@/lib/errors";
import { loadRepositoryHistory } from "@/lib/history/load";
import { requireGitHub } from "@/lib/http";
import { repositoryFromParams } from "@/lib/names";

type Context = { params: Promise<{ owner: string; repo: string }> };

export async function GET(_request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    const { github } = await requireGitHub();
    const history = await loadRepositoryHistory(github, owner, repo);
    return Response.json(history, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
