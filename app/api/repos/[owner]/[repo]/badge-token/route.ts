import { after } from "next/server";
import { createBadgeLink, getBadgeLinkStatus, removeBadgeLink } from "@/lib/badges/links";
import { errorResponse } from "@/lib/errors";
import { appOrigin, assertSameOrigin, requireGitHub } from "@/lib/http";
import { repositoryFromParams } from "@/lib/names";

// A repository's badge link (docs/badges.md). The token is in POST's answer and nowhere else.

type Context = { params: Promise<{ owner: string; repo: string }> };

const NO_STORE = { "cache-control": "no-store" };

export async function GET(_request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    const { github } = await requireGitHub();
    return Response.json(await getBadgeLinkStatus(github, owner, repo), { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Makes the badge link, or a new one in place of the old (Rotate). */
export async function POST(request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    assertSameOrigin(request);
    const { github } = await requireGitHub();
    const { link, warm } = await createBadgeLink(github, owner, repo, appOrigin(request));
    after(async () => {
      await warm().catch(() => {});
    });
    return Response.json(link, { status: 201, headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Removes the badge link. */
export async function DELETE(request: Request, context: Context) {
  try {
    const { owner, repo } = repositoryFromParams(await context.params);
    assertSameOrigin(request);
    const { github } = await requireGitHub();
    await removeBadgeLink(github, owner, repo);
    return new Response(null, { status: 204, headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}
