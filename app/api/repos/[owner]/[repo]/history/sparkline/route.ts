import { renderSparklineSvg } from "@/components/history/sparkline-svg";
import { errorResponse } from "@/lib/errors";
import { loadRouteHistory } from "@/lib/history/load";

type Context = { params: Promise<{ owner: string; repo: string }> };

// The overview's sparkline image: the release history (same cache as the JSON and the page) drawn
// as SVG. Opened on its own it runs nothing: no script, no external resource.
export async function GET(_request: Request, context: Context) {
  try {
    const history = await loadRouteHistory(context.params);
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
