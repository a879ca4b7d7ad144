import type { z } from "zod";
import { AppError } from "./errors";

// Request guards shared by the API routes that change something on GitHub.

/** Refuses requests that did not come from a page of this origin (CSRF). */
export function assertSameOrigin(request: Request): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") {
    throw new AppError(
      "forbidden",
      "Cross-site requests are refused. Use the tagwatch page itself.",
    );
  }
  const origin = request.headers.get("origin");
  if (!origin) {
    throw new AppError(
      "forbidden",
      "The request has no Origin header. Use the tagwatch page itself.",
    );
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "The request's Origin is not a URL.");
  }
  if (!host || originHost !== host) {
    throw new AppError(
      "forbidden",
      "Cross-site requests are refused. Use the tagwatch page itself.",
    );
  }
}

/** Parses a JSON body against `schema`; anything else is a 400 with the first problem named. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError(
      "invalid-input",
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new AppError("invalid-input", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("invalid-input", `${where}${issue?.message ?? "invalid body"}`);
  }
  return parsed.data;
}
