import { notFound, redirect } from "next/navigation";
import { wasSessionEnded } from "@/auth";
import { AppError } from "./errors";
import { endSessionPath, signInPath } from "./redirects";

/**
 * What a page does with an error while loading from GitHub, the same on every page: not found is
 * the segment's 404; a token GitHub refused ends the session (a page cannot clear cookies, so a
 * route does) and asks to sign in again, saying why, instead of coming back to a page that fails
 * the same way; anything else that is an AppError is returned for the page to explain; other
 * errors go on to error.tsx.
 */
export function toPageError(error: unknown, path: string): AppError {
  if (!(error instanceof AppError)) throw error;
  if (error.code === "not-found") notFound();
  if (error.code === "unauthenticated") {
    redirect(error.refusedToken ? endSessionPath(path, error.refusedToken) : signInPath(path));
  }
  return error;
}

/**
 * Where a page sends a visitor without a session: sign-in, by way of the route that says why when
 * tagwatch ended the session (an API call or an image met GitHub's refusal before this page did).
 */
export async function signInPathFor(path: string): Promise<string> {
  return (await wasSessionEnded()) ? endSessionPath(path) : signInPath(path);
}
