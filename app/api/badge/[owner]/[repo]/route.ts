import { after } from "next/server";
import { isTokenRequest } from "@/lib/badges/badge";
import { getBadge } from "@/lib/badges/load";
import { toBadgeResponse } from "@/lib/badges/response";
import { getTokenBadge } from "@/lib/badges/token-badge";

type Context = { params: Promise<{ owner: string; repo: string }> };

// Public: no session. Without a token, read with the server's GITHUB_TOKEN; with a badge token,
// from the App's stored view, refreshed after the answer when stale. Errors are badges too.
export async function GET(request: Request, context: Context) {
  const { owner, repo } = await context.params;
  const params = new URL(request.url).searchParams;
  const ifNoneMatch = request.headers.get("if-none-match");
  if (!isTokenRequest(params)) {
    return toBadgeResponse(await getBadge(owner, repo, params), ifNoneMatch);
  }
  const { badge, refresh } = await getTokenBadge(owner, repo, params);
  if (refresh) {
    after(async () => {
      await refresh().catch(() => {});
    });
  }
  return toBadgeResponse(badge, ifNoneMatch);
}
