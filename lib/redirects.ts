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
