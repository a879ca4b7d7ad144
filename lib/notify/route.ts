import "server-only";
import { errorResponse } from "@/lib/errors";
import { assertNotCrossSite, assertSameOrigin, requireGitHub } from "@/lib/http";
import { ownerFromParams } from "@/lib/names";
import { assertOwnerAdmin } from "./access";

// The notifications API's routes share their guards: the owner's name, the origin (reads: not
// cross-site; changes: same origin, like dispatch), the session, and the admin rule (access.ts).

type OwnerContext = { params: Promise<{ owner: string; id?: string }> };

export type OwnerRequest = {
  request: Request;
  /** The owner as GitHub spells it. */
  owner: string;
  /** The channel id of `.../{id}` routes; "" elsewhere. */
  id: string;
  viewerLogin: string;
};

/** A route of `/api/owners/{owner}/notifications...`: `action` answers with a Response. */
export function ownerNotificationsRoute(
  mode: "read" | "change",
  action: (input: OwnerRequest) => Promise<Response>,
) {
  return async (request: Request, context: OwnerContext): Promise<Response> => {
    try {
      const params = await context.params;
      const named = ownerFromParams(params);
      if (mode === "read") assertNotCrossSite(request);
      else assertSameOrigin(request);
      const { viewer, github } = await requireGitHub();
      const owner = await assertOwnerAdmin(github, named);
      const response = await action({
        request,
        owner,
        id: params.id ?? "",
        viewerLogin: viewer.login,
      });
      response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}
