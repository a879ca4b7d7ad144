import { hasControlCharacter, tryDecodeSegment } from "./names";

/** A same-site path to return to after sign-in; anything else (other hosts, `//evil`, `javascript:`) becomes "/". */
export function safeCallbackPath(value: string | string[] | undefined | null): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate?.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) {
    return "/";
  }
  if (hasControlCharacter(candidate)) return "/";
  return candidate;
}

/**
 * Where next-auth sends the browser after signing in or out: a path of this site, else its home.
 * next-auth's own choice parses `url` with `new URL`, which throws on one that is no URL ("abc"),
 * and the answer was a 500.
 */
export function sameSiteRedirect(url: string, baseUrl: string): string {
  const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
  return `${baseUrl}${safeCallbackPath(path)}`;
}

/**
 * What is wrong with the query of a request to next-auth's routes, or null. next-auth answers a
 * 500 for two kinds of bad input: a `callbackUrl` that is neither a path nor an http(s) address
 * ("abc"), and a value it copies into the Location it answers with (`error`, `callbackUrl`) that a
 * header cannot hold (a control character, non-ASCII, broken %-encoding: Node refuses to send it).
 * What GitHub and tagwatch's pages send there always passes.
 */
export function authQueryProblem(url: URL): string | null {
  for (const pair of url.search.replace(/^\?/, "").split("&")) {
    const decoded = tryDecodeSegment(pair.replaceAll("+", " "));
    if (decoded === null || !/^[\x20-\x7e]*$/.test(decoded)) {
      return "The address's query holds a control character, non-ASCII text or broken %-encoding.";
    }
  }
  // Every one: next-auth reads the last of several, the URL API the first.
  if (!url.searchParams.getAll("callbackUrl").every(isCallbackUrl)) {
    return "callbackUrl is a path of this site (/octo/repo) or an http(s) address.";
  }
  return null;
}

/** What next-auth takes as a place to return to: a path, or an http(s) address. */
export function isCallbackUrl(value: string): boolean {
  if (value.startsWith("/")) return true;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInPath(path: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(path))}`;
}

/** Why the sign-in page is shown: GitHub no longer accepts the session's token. */
export const SIGNED_OUT_REASON = "expired";

/** The sign-in page after tagwatch signed the person out because GitHub refused their token. */
export function signedOutPath(path: string): string {
  return `${signInPath(path)}&reason=${SIGNED_OUT_REASON}`;
}

/**
 * The route that ends the session holding the token GitHub refused (its key, so a link from
 * elsewhere cannot sign anyone out), then shows `signedOutPath(path)`. Without a token it only
 * shows sign-in, saying why when tagwatch already ended the session.
 */
export function endSessionPath(path: string, refusedToken?: string): string {
  const ended = `/signin/ended?callbackUrl=${encodeURIComponent(safeCallbackPath(path))}`;
  return refusedToken ? `${ended}&token=${encodeURIComponent(refusedToken)}` : ended;
}
