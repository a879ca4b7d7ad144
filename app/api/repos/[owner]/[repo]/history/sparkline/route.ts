import { renderSparklineSvg } from "@/components/history/sparkline-svg";
import { errorResponse } from "@/lib/errors";
import { loadRepositoryHistory } from "@/lib/history/load";
import { requireGitHub } from "@/lib/http";
import { repositoryFromParams } from "@/lib/names";

type Context = { params: Promise<{ owner: string; repo: string }> };

// The overview's sparkline image: the release history (same cache as the JSON and the page) drawn
// as SVG. Opened on its own it runs nothing: no script, no external resource.
export async function GET(_request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    const { github } = await requireGitHub();
    const history = await loadRepositoryHistory(github, owner, repo);
    return new Response(renderSparklineSvg(history.repository, history.months), {
      headers: {
        "content-type": "image/svg+xml; charset=utf-8",
        "cache-control": "private, no-store",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
