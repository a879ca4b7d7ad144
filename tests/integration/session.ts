import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { encode } from "next-auth/jwt";
import { AUTH_SECRET } from "./github";

// Route handlers read the session through next/headers, which only works inside Next's request
// scope. A test file stands in for that scope with
//   vi.mock("next/headers", () => nextHeadersOf(scope))
// and sets `scope.request` before it calls a handler: the route, auth.ts and next-auth's cookie
// decoding run unchanged on the request's real Cookie header.

export type RequestScope = { request: Request | null };

/** next/headers as Next serves it for `scope.request`. */
export function nextHeadersOf(scope: RequestScope) {
  return {
    headers: async () => scope.request?.headers ?? new Headers(),
    cookies: async () => new RequestCookies(scope.request?.headers ?? new Headers()),
  };
}

/** The session cookie next-auth sets after a user signed in with GitHub (an encrypted JWT). */
export async function sessionCookie(login: string, accessToken: string): Promise<string> {
  const token = await encode({
    token: { sub: login, login, name: login, accessToken, scope: "read:user repo" },
    secret: AUTH_SECRET,
  });
  return `next-auth.session-token=${token}`;
}

export type Caller = { login: string; token: string } | null;

/** A POST as the tagwatch page sends it: same origin, JSON, with the caller's session cookie. */
export async function pagePost(
  url: string,
  body: unknown,
  caller: Caller,
  options: { origin?: string | null; contentType?: string } = {},
): Promise<Request> {
  const target = new URL(url);
  const headers = new Headers({
    "x-forwarded-host": target.host,
    "content-type": options.contentType ?? "application/json",
  });
  const origin = options.origin === undefined ? target.origin : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (caller) headers.set("cookie", await sessionCookie(caller.login, caller.token));
  return new Request(target, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
