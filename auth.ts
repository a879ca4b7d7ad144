import "server-only";
import { cookies, headers } from "next/headers";
import type { NextAuthOptions, Profile } from "next-auth";
import { getToken } from "next-auth/jwt";
import GitHubProvider, { type GithubProfile } from "next-auth/providers/github";
import { cache } from "react";
import { getEnv } from "@/lib/env";
import { tokenKeyOf } from "@/lib/github/client";
import { isTokenRefused } from "@/lib/github/refused-tokens";
import { isCallbackUrl, sameSiteRedirect } from "@/lib/redirects";
import {
  isSessionRevoked,
  rememberSignOutShown,
  SESSION_SECONDS,
  wasSignOutShown,
} from "@/lib/session-revocation";

// Sign-in with GitHub through next-auth v4. Every GitHub URL follows the GITHUB_* settings so the
// same build works against github.com, GitHub Enterprise Server and the bundled simulator.
// The access token lives only in the encrypted JWT cookie (httpOnly) and is read on the server.

declare module "next-auth/jwt" {
  interface JWT {
    accessToken?: string;
    login?: string;
    avatarUrl?: string;
    scope?: string;
    /** When the person signed in (ms): a revocation on GitHub after it ends the session. */
    signedInAt?: number;
  }
}

declare module "next-auth" {
  interface Session {
    user: { login: string; name: string | null; image: string | null };
  }
}

/** Whether session cookies must be Secure (https deployments, Vercel). */
function secureCookies(): boolean {
  const appUrl = getEnv().appUrl;
  if (appUrl) return appUrl.startsWith("https://");
  return Boolean(process.env.VERCEL);
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const env = getEnv();
  // next-auth v4 only reads NEXTAUTH_URL; accept the newer AUTH_URL name too.
  if (env.appUrl && !process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = env.appUrl;
  options = {
    secret: env.authSecret,
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      GitHubProvider({
        clientId: env.githubClientId,
        clientSecret: env.githubClientSecret,
        authorization: {
          url: `${env.githubServerUrl}/login/oauth/authorize`,
          params: { scope: env.githubScope },
        },
        token: `${env.githubServerUrl}/login/oauth/access_token`,
        userinfo: {
          url: `${env.githubApiUrl}/user`,
          // The built-in request falls back to a hard-coded api.github.com for e-mails.
          async request({ tokens }) {
            const response = await fetch(`${env.githubApiUrl}/user`, {
              headers: {
                authorization: `Bearer ${tokens.access_token}`,
                accept: "application/vnd.github+json",
                "user-agent": "tagwatch",
              },
            });
            if (!response.ok) throw new Error(`GitHub /user answered ${response.status}`);
            // next-auth types this as its generic Profile; GitHub's /user is a GithubProfile.
            return (await response.json()) as GithubProfile & Profile;
          },
        },
        profile(profile: GithubProfile) {
          return {
            id: String(profile.id),
            name: profile.name ?? profile.login,
            email: profile.email,
            image: profile.avatar_url,
          };
        },
      }),
    ],
    callbacks: {
      redirect({ url, baseUrl }) {
        return sameSiteRedirect(url, baseUrl);
      },
      jwt({ token, account, profile }) {
        if (account?.access_token) {
          token.accessToken = account.access_token;
          token.scope = account.scope;
          token.signedInAt = Date.now();
        }
        const githubProfile = profile as GithubProfile | undefined;
        if (githubProfile?.login) {
          token.login = githubProfile.login;
          token.avatarUrl = githubProfile.avatar_url;
          token.name = githubProfile.name ?? githubProfile.login;
        }
        return token;
      },
      session({ session, token }) {
        // Deliberately no access token here: the session JSON reaches the browser.
        session.user = {
          login: token.login ?? "",
          name: token.name ?? null,
          image: token.avatarUrl ?? null,
        };
        return session;
      },
    },
  };
  return options;
}

export type Viewer = {
  login: string;
  name: string | null;
  avatarUrl: string;
  /** Server-only: never pass this to a client component or a response. */
  accessToken: string;
  scope: string | null;
};

type SessionRead = {
  viewer: Viewer | null;
  /** The key of the token GitHub refused that the session holds: over, though its cookie came along. */
  refusedKey: string | null;
};

/** The current request's session cookie, decrypted once per request (the layout and the page both ask). */
const readSession = cache(async function readSession(): Promise<SessionRead> {
  const token = await getToken({
    req: { cookies: await cookies(), headers: await headers() } as never,
    secret: getEnv().authSecret,
    secureCookie: secureCookies(),
  });
  if (!token?.accessToken || !token.login) return { viewer: null, refusedKey: null };
  // The person revoked tagwatch on GitHub since signing in: signed out, asked to sign in again.
  if (token.sub && (await isSessionRevoked(token.sub, token.signedInAt ?? 0))) {
    return { viewer: null, refusedKey: null };
  }
  // GitHub already refused this token (maybe for a request running alongside): never ask again.
  const tokenKey = tokenKeyOf(token.accessToken);
  if (await isTokenRefused(tokenKey)) return { viewer: null, refusedKey: tokenKey };
  const viewer = {
    login: token.login,
    name: token.name ?? null,
    avatarUrl: token.avatarUrl ?? "",
    accessToken: token.accessToken,
    scope: token.scope ?? null,
  };
  return { viewer, refusedKey: null };
});

/** The signed-in user of the current request, read from the encrypted session cookie; null when signed out. */
export async function getViewer(): Promise<Viewer | null> {
  return (await readSession()).viewer;
}

/** next-auth's session cookie, split into `.0`, `.1`, ... when the encrypted JWT is large. */
function isSessionCookie(name: string): boolean {
  return /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?$/.test(name);
}

/** The key of the refused token the current request's session cookie holds, if it does. */
export async function getRefusedSessionKey(): Promise<string | null> {
  return (await readSession()).refusedKey;
}

/**
 * Set when tagwatch ended a session because GitHub refused its token. A request that cannot say so
 * (an API call, an overview's sparkline image) ends it too; the next page then still says why.
 * It holds the refused token's key (`tokenKeyOf`, not reversible), so saying why once is per token.
 */
const ENDED_COOKIE = "tagwatch.session-ended";

/**
 * Ends the current request's session (route handlers only: pages cannot set cookies). Used when
 * GitHub refuses the session's token (`tokenKey`), so no later request tries it again.
 */
export async function endSession(tokenKey: string): Promise<void> {
  const jar = await cookies();
  jar.set(ENDED_COOKIE, tokenKey, endedCookieOptions(SESSION_SECONDS));
  for (const cookie of jar.getAll()) {
    if (!isSessionCookie(cookie.name)) continue;
    // A __Secure- cookie is only replaced by one that is Secure too.
    jar.set(cookie.name, "", {
      path: "/",
      maxAge: 0,
      httpOnly: true,
      sameSite: "lax",
      secure: cookie.name.startsWith("__Secure-") || secureCookies(),
    });
  }
}

function endedCookieOptions(maxAge: number) {
  return { path: "/", maxAge, httpOnly: true, sameSite: "lax" as const, secure: secureCookies() };
}

/** The refused tokens' keys the current request names: its marker's, its session cookie's. */
async function endedKeys(): Promise<string[]> {
  const marker = (await cookies()).get(ENDED_COOKIE)?.value;
  const refused = (await readSession()).refusedKey;
  return [...new Set([marker, refused].filter((key): key is string => Boolean(key)))];
}

/**
 * Whether tagwatch ended this browser's session because GitHub refused its token, not said yet:
 * the marker is set, or the request still carries the refused token (sent before an answer that
 * ended the session arrived). Once the sign-in page said why, a marker set again by an answer
 * that arrived late does not count.
 */
export async function wasSessionEnded(): Promise<boolean> {
  for (const key of await endedKeys()) if (!(await wasSignOutShown(key))) return true;
  return false;
}

/**
 * The sign-in page says why the session holding `tokenKey` (and whatever the request names)
 * ended (route handlers only): later visits are plain signed-out ones.
 */
export async function forgetEndedSession(tokenKey: string | null): Promise<void> {
  const keys = new Set(await endedKeys());
  if (tokenKey) keys.add(tokenKey);
  await Promise.all([...keys].map((key) => rememberSignOutShown(key)));
  (await cookies()).set(ENDED_COOKIE, "", endedCookieOptions(0));
}

/**
 * Clears next-auth's cookie of where to return after sign-in when it holds no address (route
 * handlers only), and says whether it did. While it holds one, next-auth answers every one of its
 * routes with a 500, so that browser could never sign in again.
 */
export async function clearUnusableCallbackCookie(): Promise<boolean> {
  const name = secureCookies() ? "__Secure-next-auth.callback-url" : "next-auth.callback-url";
  const jar = await cookies();
  const value = jar.get(name)?.value;
  if (value === undefined || isCallbackUrl(value)) return false;
  jar.set(name, "", endedCookieOptions(0));
  return true;
}

/**
 * The CSRF token next-auth set for this browser (its cookie holds `token|hash`), so a plain HTML
 * form can sign out without client code. Null when the cookie is gone; next-auth then asks first.
 */
export async function getSignOutCsrfToken(): Promise<string | null> {
  const name = secureCookies() ? "__Host-next-auth.csrf-token" : "next-auth.csrf-token";
  const value = (await cookies()).get(name)?.value;
  return value?.split("|")[0] || null;
}
