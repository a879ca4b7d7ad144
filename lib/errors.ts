// One error type for everything a request can run into, mapped once to an HTTP answer and once to
// words a maintainer can act on.

export type AppErrorCode =
  | "invalid-input"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "unprocessable"
  | "rate-limited"
  | "github-unavailable"
  | "github-error"
  | "store-unavailable";

const STATUS: Record<AppErrorCode, number> = {
  "invalid-input": 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  unprocessable: 422,
  "rate-limited": 429,
  "github-unavailable": 503,
  "github-error": 502,
  "store-unavailable": 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** When GitHub's rate limit resets (rate-limited only). */
  readonly resetAt: Date | null;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { resetAt?: Date | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.resetAt = options.resetAt ?? null;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.resetAt ? { resetAt: this.resetAt.toISOString() } : {}),
      },
    };
  }

  toResponse(): Response {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (this.resetAt) {
      headers["retry-after"] = String(
        Math.max(1, Math.ceil((this.resetAt.getTime() - Date.now()) / 1000)),
      );
    }
    return Response.json(this.toJSON(), { status: this.status, headers });
  }
}

/** Turns anything thrown into an AppError; unknown errors become a generic GitHub error without internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(
    "github-error",
    "Something went wrong while talking to GitHub. Try again in a moment.",
    { cause: error },
  );
}

/** The JSON answer for an error thrown in a route handler; never a stack trace. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "github-error") console.error(appError.cause ?? appError);
  return appError.toResponse();
}
