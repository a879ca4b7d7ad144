import { hasControlCharacter } from "./names";

/** A same-site path to return to after sign-in; anything else (other hosts, `//evil`, `javascript:`) becomes "/". */
export function safeCallbackPath(value: string | string[] | undefined | null): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate?.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) {
    return "/";
  }
  if (hasControlCharacter(candidate)) return "/";
  return candidate;
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
