import { endSession, forgetEndedSession, getViewer, wasSessionEnded } from "@/auth";
import { tokenKeyOf } from "@/lib/github/client";
import { safeCallbackPath, signedOutPath, signInPath } from "@/lib/redirects";

// GitHub refused the session's token (revoked, expired): pages send the browser here, because
// only a route can clear the session cookie. The token's key must match the session's, so a link
// from elsewhere cannot sign anyone out; a session that already holds a newer token is kept.
// Without a session, it says why only when tagwatch ended it (an API call or an image met the
// refusal first), and only once.

export async function GET(request: Request) {
  const url = new URL(request.url);
  const path = safeCallbackPath(url.searchParams.get("callbackUrl"));
  const viewer = await getViewer();
  if (viewer && tokenKeyOf(viewer.accessToken) !== url.searchParams.get("token")) {
    return see(path);
  }
  const ended = viewer !== null || (await wasSessionEnded());
  if (viewer) await endSession();
  await forgetEndedSession();
  return see(ended ? signedOutPath(path) : signInPath(path));
}

function see(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store" },
  });
}
