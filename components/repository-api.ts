// The browser's calls to tagwatch's own repository API (never to GitHub directly: the token stays
// on the server). One fetcher: a failed answer is rebuilt into the error the server sent,
// `{ error: { code, message, resetAt? } }`, and thrown as an ApiError.

import type { AppErrorCode } from "@/lib/errors";
import type { HealthJson } from "@/lib/repository/json";

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
  const body = (await response.json().catch(() => null)) as (T & ErrorBody) | null;
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

function repositoryApi(owner: string, repo: string): string {
  return `/api/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** The health endpoint of a repository, for one page of tags (the newest without `after`). */
export function healthUrl(owner: string, repo: string, after?: string): string {
  const base = `${repositoryApi(owner, repo)}/health`;
  return after ? `${base}?after=${encodeURIComponent(after)}` : base;
}

export const getHealth = (url: string) => fetcher<HealthJson>(url);

/** Retrying cannot fix a bad request, a lost session or a repository that went away. */
export function isWorthRetrying(error: Error): boolean {
  return !(error instanceof ApiError && [400, 401, 403, 404].includes(error.status));
}

export function actionUrl(owner: string, repo: string, kind: "dispatch" | "rerun"): string {
  return `${repositoryApi(owner, repo)}/${kind}`;
}

export type ActionOutcome =
  | { ok: true; runUrl: string | null }
  | { ok: false; message: string; status: number };

/** POSTs a dispatch or re-run; the outcome says what to show rather than throwing. */
export async function postAction(url: string, body: unknown): Promise<ActionOutcome> {
  try {
    const answer = await fetcher<{ htmlUrl?: string | null; runUrl?: string | null }>(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { ok: true, runUrl: answer.htmlUrl ?? answer.runUrl ?? null };
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(String(error), 0, null);
    return { ok: false, status: failure.status, message: failure.message };
  }
}
