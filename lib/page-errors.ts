import { notFound, redirect } from "next/navigation";
import { AppError } from "./errors";
import { signInPath } from "./redirects";

/**
 * What a page does with an error while loading from GitHub, the same on every page: not found is
 * the segment's 404, a lost sign-in goes back through sign-in to `path`, anything else that is an
 * AppError is returned for the page to explain; other errors go on to error.tsx.
 */
export function toPageError(error: unknown, path: string): AppError {
  if (!(error instanceof AppError)) throw error;
  if (error.code === "not-found") notFound();
  if (error.code === "unauthenticated") redirect(signInPath(path));
  return error;
}
