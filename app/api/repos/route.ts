import { z } from "zod";
import { errorResponse } from "@/lib/errors";
import { parseInput, requireGitHub } from "@/lib/http";
import { isValidOwner, isValidRepositoryName } from "@/lib/names";
import { getOverviewListing, type OverviewScope } from "@/lib/overview/listing";
import { loadOverview, OVERVIEW_WINDOW } from "@/lib/overview/load";
import { fullNameOf } from "@/lib/overview/order";

const fullName = z.string().refine((value) => {
  const [owner = "", name = "", ...rest] = value.split("/");
  return rest.length === 0 && isValidOwner(owner) && isValidRepositoryName(name);
}, "each name is owner/repository");

const Query = z.object({
  owner: z.string().refine(isValidOwner, "owner is a GitHub user or organisation name").optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(OVERVIEW_WINDOW).default(OVERVIEW_WINDOW),
  names: z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(fullName).min(1).max(25))
    .optional(),
  fields: z.enum(["names"]).optional(),
});

/**
 * One window of the viewer's repositories (or one owner's, `?owner=`) with their newest tags'
 * statuses, problems first; `?offset=&limit=` page through, `?names=o/a,o/b` picks listed ones;
 * `?fields=names` answers the whole list's names only, in the same order.
 */
export async function GET(request: Request) {
  try {
    const { owner, offset, limit, names, fields } = parseInput(
      Query,
      Object.fromEntries(new URL(request.url).searchParams),
      "query",
    );
    const { viewer, github } = await requireGitHub();
    const scope: OverviewScope = owner ? { kind: "owner", login: owner } : { kind: "viewer" };
    if (fields === "names") {
      const listing = await getOverviewListing(github, scope);
      return Response.json(
        {
          viewer: viewer.login,
          total: listing.repositories.length,
          names: listing.repositories.map(fullNameOf),
          truncated: listing.truncated,
        },
        { headers: { "cache-control": "private, no-store" } },
      );
    }
    const overview = await loadOverview(github, scope, { offset, limit, names });
    return Response.json(
      {
        viewer: viewer.login,
        total: overview.total,
        offset: overview.offset,
        next: overview.next,
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
