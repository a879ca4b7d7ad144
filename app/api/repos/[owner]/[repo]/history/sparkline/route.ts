import { renderSparklineSvg } from "@/components/history/sparkline-svg";
import { loadRepositoryHistory } from "@/lib/history/load";
import { repositoryRoute } from "@/lib/http";

// The overview's sparkline image: the release history (same cache as the JSON and the page) drawn
// as SVG. Opened on its own it runs nothing: no script, no external resource.
export const GET = repositoryRoute(async ({ github, owner, repo }) => {
  const history = await loadRepositoryHistory(github, owner, repo);
  return new Response(renderSparklineSvg(history.repository, history.months), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "private, no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    },
  });
});
