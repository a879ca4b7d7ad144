import {
  endSession,
  forgetEndedSession,
  getRefusedSessionKey,
  getViewer,
  wasSessionEnded,
} from "@/auth";
import { tokenKeyOf } from "@/lib/github/client";
import { isTokenRefused } from "@/lib/github/refused-tokens";
import { safeCallbackPath, signedOutPath, signInPath } from "@/lib/redirects";

// GitHub refused the session's token (revoked, expired): pages send the browser here, because
// only a route can clear the session cookie. The token's key must match the session's, so a link
// from elsewhere cannot sign anyone out; a session that already holds a newer token is kept.
// Without a session, it says why only when tagwatch ended it (an API call or an image met the
// refusal first), and only once; or when the link names a token GitHub refused: a page's streamed
// redirect is followed twice when the browser is slow (Next's client router, then its 1-second
// meta refresh), and the second visit must say why as well as the first.

export async function GET(request: Request) {
  const url = new URL(request.url);
  const path = safeCallbackPath(url.searchParams.get("callbackUrl"));
  const token = url.searchParams.get("token");
  const viewer = await getViewer();
  if (viewer && tokenKeyOf(viewer.accessToken) !== token) return see(path);
  const refused = viewer ? tokenKeyOf(viewer.accessToken) : await getRefusedSessionKey();
  const ended =
    refused !== null ||
    (await wasSessionEnded()) ||
    (token !== null && (await isTokenRefused(token)));
  if (refused) await endSession(refused);
  await forgetEndedSession(refused ?? token);
  return see(ended ? signedOutPath(path) : signInPath(path));
}

function see(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store" },
  });
}
