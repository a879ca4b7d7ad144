import { getBadge } from "@/lib/badges/load";
import { toBadgeResponse } from "@/lib/badges/response";

type Context = { params: Promise<{ owner: string; repo: string }> };

// Public: no session, read with the server's GITHUB_TOKEN. Errors are badges too, never a 500.
export async function GET(request: Request, context: Context) {
  const { owner, repo } = await context.params;
  const badge = await getBadge(owner, repo, new URL(request.url).searchParams);
  return toBadgeResponse(badge, request.headers.get("if-none-match"));
}
