import { errorResponse } from "@/lib/errors";
import { loadRouteHistory } from "@/lib/history/load";

type Context = { params: Promise<{ owner: string; repo: string }> };

export async function GET(_request: Request, context: Context) {
  try {
    const history = await loadRouteHistory(context.params);
    return Response.json(history, { headers: { "cache-control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
