import { after } from "next/server";
import { createBadgeLink, getBadgeLinkStatus, removeBadgeLink } from "@/lib/badges/links";
import { appOrigin, repositoryRoute } from "@/lib/http";

// A repository's badge link (docs/badges.md). The token is in POST's answer and nowhere else.

const NO_STORE = { "cache-control": "no-store" };

export const GET = repositoryRoute(async ({ github, owner, repo }) =>
  Response.json(await getBadgeLinkStatus(github, owner, repo), { headers: NO_STORE }),
);

/** Makes the badge link, or a new one in place of the old (Rotate). */
export const POST = repositoryRoute(async ({ request, github, owner, repo }) => {
  const { link, warm } = await createBadgeLink(github, owner, repo, appOrigin(request));
  after(async () => {
    await warm().catch(() => {});
  });
  return Response.json(link, { status: 201, headers: NO_STORE });
});

/** Removes the badge link. */
export const DELETE = repositoryRoute(async ({ github, owner, repo }) => {
  await removeBadgeLink(github, owner, repo);
  return new Response(null, { status: 204, headers: NO_STORE });
});
