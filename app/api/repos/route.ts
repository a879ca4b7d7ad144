import { errorResponse } from "@/lib/errors";
import { requireGitHub } from "@/lib/http";
import { loadOverview } from "@/lib/overview/load";

/** The signed-in viewer's repositories with their newest tags' statuses, problems first. */
export async function GET() {
  try {
    const { viewer, github } = await requireGitHub();
    const overview = await loadOverview(github, { kind: "viewer" });
    return Response.json(
      {
        viewer: viewer.login,
        repositories: overview.items,
        missing: overview.missing,
        truncated: overview.truncated,
      },
      { headers: { "cache-control": "private, no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
