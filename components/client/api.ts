// The browser's calls to tagwatch's own API (never to GitHub directly: the token stays on the
// server). One address builder and one fetcher: a failed answer is rebuilt into the error the
// server sent, `{ error: { code, message, resetAt? } }`, and thrown as an ApiError.

import type { AppErrorCode } from "@/lib/errors";
import { endSessionPath } from "@/lib/redirects";
import { type HealthJson, type PageHealth, toPageHealth } from "@/lib/repository/json";

/** A failed request to tagwatch's API, as the server described it; status 0 when unreachable. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: AppErrorCode | null;
  readonly resetAt: Date | null;
  constructor(
    message: string,
    status: number,
    code: AppErrorCode | null,
    resetAt: Date | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.resetAt = resetAt;
  }
}

type ErrorBody = { error?: { code?: AppErrorCode; message?: string; resetAt?: string } };

let leaving = false;

/**
 * A 401 means the session is over: signed out elsewhere, expired, or GitHub refused its token (the
 * server then ended the session with that answer). Go to sign-in once, by way of the route that
 * says why (and only once), rather than polling on or reloading into the same refusal.
 */
function signInAgain(): void {
  if (leaving || typeof window === "undefined") return;
  leaving = true;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(endSessionPath(here));
}

/** GETs or POSTs JSON to tagwatch's API; anything but a 2xx throws the server's error. */
export async function fetcher<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      cache: "no-store",
      ...init,
      headers: { accept: "application/json", ...init.headers },
    });
  } catch {
    throw new ApiError(
      "tagwatch could not be reached. Check your connection and try again.",
      0,
      null,
    );
  }
  // 204 No Content (a DELETE): success, and nothing to read.
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as (T & ErrorBody) | null;
  if (response.status === 401) signInAgain();
  if (!response.ok || !body || body.error) {
    const error = body?.error;
    throw new ApiError(
      error?.message ?? `tagwatch answered HTTP ${response.status}.`,
      response.status,
      error?.code ?? null,
      error?.resetAt ? new Date(error.resetAt) : null,
    );
  }
  return body;
}

/** `owner/repo`, each part encoded: a repository's address on tagwatch (pages, API, badge). */
export function repositoryPath(owner: string, repo: string): string {
  return `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** The API routes of one repository, as app/api/repos/[owner]/[repo]/ names them. */
export type RepositoryEndpoint =
  | "health"
  | "history"
  | "history/sparkline"
  | "dispatch"
  | "rerun"
  | "enable"
  | "pipeline-fix"
  | "badge-token";

/** `/api/repos/{owner}/{repo}/{endpoint}`, with the query parameters that are set. */
export function repositoryApiUrl(
  owner: string,
  repo: string,
  endpoint: RepositoryEndpoint,
  query: Record<string, string | undefined> = {},
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) search.set(name, value);
  const url = `/api/repos/${repositoryPath(owner, repo)}/${endpoint}`;
  return search.toString() ? `${url}?${search}` : url;
}

/** The health endpoint of a repository, for one page of tags (the newest without `after`). */
export function healthUrl(owner: string, repo: string, after?: string): string {
  return repositoryApiUrl(owner, repo, "health", { after });
}

/** The health JSON, cut down to what the repository page shows. */
export const getHealth = async (url: string): Promise<PageHealth> =>
  toPageHealth(await fetcher<HealthJson>(url));

/** Retrying cannot fix a bad request, a lost session or a repository that went away. */
export function isWorthRetrying(error: Error): boolean {
  return !(error instanceof ApiError && [400, 401, 403, 404].includes(error.status));
}

/** POSTs `body` as JSON; anything but a 2xx throws the server's error. */
export function postJson<T>(url: string, body: unknown): Promise<T> {
  return fetcher<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** DELETEs what `url` names; anything but a 2xx throws the server's error. */
export function deleteRequest(url: string): Promise<void> {
  return fetcher<void>(url, { method: "DELETE" });
}

export type ActionOutcome =
  | { ok: true; runUrl: string | null }
  | {
      ok: false;
      message: string;
      status: number;
      /** 409: the same dispatch or run is already under way; refresh the view to show it. */
      underWay: boolean;
    };

/** POSTs a tag action (dispatch, re-run, enable); the outcome says what to show rather than throwing. */
export async function postAction(url: string, body: unknown): Promise<ActionOutcome> {
  try {
    const answer = await postJson<{ htmlUrl?: string | null; runUrl?: string | null }>(url, body);
    return { ok: true, runUrl: answer.htmlUrl ?? answer.runUrl ?? null };
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(String(error), 0, null);
    return {
      ok: false,
      status: failure.status,
      message: failure.message,
      underWay: failure.code === "conflict",
    };
  }
}

/** `/api/repos` (the viewer's overview) or one owner's: a window, or the repositories named. */
export function overviewApiUrl(
  owner: string | null,
  query: { offset?: number; limit?: number; names?: string[]; fields?: "names" },
): string {
  const search = new URLSearchParams();
  if (owner) search.set("owner", owner);
  if (query.fields) search.set("fields", query.fields);
  if (query.offset !== undefined) search.set("offset", String(query.offset));
  if (query.limit !== undefined) search.set("limit", String(query.limit));
  if (query.names?.length) search.set("names", query.names.join(","));
  return `/api/repos?${search}`;
}
