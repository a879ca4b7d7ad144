import { endSession, getViewer } from "@/auth";
import { tokenKeyOf } from "@/lib/github/client";
import { safeCallbackPath, signedOutPath, signInPath } from "@/lib/redirects";

// GitHub refused the session's token (revoked, expired): pages send the browser here, because
// only a route can clear the session cookie. The token's key must match the session's, so a link
// from elsewhere cannot sign anyone out; a session that already holds a newer token is kept.

export async function GET(request: Request) {
  const url = new URL(request.url);
  const path = safeCallbackPath(url.searchParams.get("callbackUrl"));
  const viewer = await getViewer();
  let location = signInPath(path);
  if (viewer && tokenKeyOf(viewer.accessToken) === url.searchParams.get("token")) {
    await endSession();
    location = signedOutPath(path);
  } else if (viewer) {
    location = path;
  }
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store" },
  });
}
