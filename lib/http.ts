import "server-only";
import type { z } from "zod";
import { endSession, getRefusedSessionKey, getViewer, type Viewer, wasSessionEnded } from "@/auth";
import { getEnv } from "./env";
import { AppError, errorResponse } from "./errors";
import { createGitHubClient, EXPIRED_SIGN_IN, type GitHubClient } from "./github/client";
import { repositoryFromParams } from "./names";

// Request guards shared by the API routes: the session, the origin, the body.

/**
 * A client whose first 401 from GitHub also ends the session that holds the refused token: the
 * route still answers 401, and nothing after it asks GitHub with that token again.
 */
function endingSessionWhenRefused(github: GitHubClient): GitHubClient {
  const refused = async (error: unknown): Promise<never> => {
    if (error instanceof AppError && error.refusedToken === github.tokenKey) {
      await endSession(github.tokenKey);
    }
    throw error;
  };
  return {
    tokenKey: github.tokenKey,
    query: (query, variables) => github.query(query, variables).catch(refused),
    rest: <T>(...args: Parameters<GitHubClient["rest"]>) => github.rest<T>(...args).catch(refused),
    download: (url) => github.download(url),
  };
}

/** The signed-in viewer and a GitHub client acting as them; throws a 401 AppError when signed out. */
export async function requireGitHub(): Promise<{ viewer: Viewer; github: GitHubClient }> {
  const viewer = await getViewer();
  if (!viewer) {
    // Ended by an earlier refusal (maybe a request running alongside): the answer keeps the
    // reason; one still carrying the refused token ends the session too, so whichever answer
    // the browser applies last leaves it ended.
    const refused = await getRefusedSessionKey();
    if (refused) await endSession(refused);
    const ended = refused !== null || (await wasSessionEnded());
    throw new AppError(
      "unauthenticated",
      ended ? EXPIRED_SIGN_IN : "Sign in with GitHub to use tagwatch.",
    );
  }
  return { viewer, github: endingSessionWhenRefused(createGitHubClient(viewer.accessToken)) };
}

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

/**
 * For reads: refuses what a browser marks as coming from another site (a GET carries no Origin,
 * so assertSameOrigin would refuse the page's own reads). A request without the header (curl) passes.
 */
export function assertNotCrossSite(request: Request): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError(
      "forbidden",
      "Cross-site requests are refused. Use the tagwatch page itself.",
    );
  }
}

/**
 * The app's own origin for links it hands out: AUTH_URL / NEXTAUTH_URL when set, else the
 * request's Origin (call after assertSameOrigin, which checked it names this host).
 */
export function appOrigin(request: Request): string {
  const configured = getEnv().appUrl;
  return new URL(configured ?? request.headers.get("origin") ?? request.url).origin;
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
  return parseInput(schema, raw, "body");
}

/**
 * A form post's fields; a body that is not a form (JSON, plain text, none) is a 400, not the
 * TypeError `formData()` throws, which would read as GitHub's fault.
 */
export async function readFormBody(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new AppError(
      "invalid-input",
      "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
    );
  }
  try {
    return await request.formData();
  } catch {
    throw new AppError("invalid-input", "The form in the request body could not be read.");
  }
}

/** `value` parsed against `schema`; otherwise a 400 naming the first problem ("field: message"). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  throw new AppError("invalid-input", `${where}${issue?.message ?? `invalid ${what}`}`);
}

type RepositoryContext = { params: Promise<{ owner: string; repo: string }> };

/** What a repository route runs with: the request, the names, and the viewer's GitHub client. */
export type RepositoryRequest = {
  request: Request;
  viewer: Viewer;
  github: GitHubClient;
  owner: string;
  repo: string;
};

/**
 * A route of one repository, run as the signed-in viewer: checks the names, the origin (CSRF) for
 * anything but a read, and the session, in that order; whatever it throws is answered as JSON.
 */
export function repositoryRoute(handler: (input: RepositoryRequest) => Promise<Response>) {
  return async (request: Request, context: RepositoryContext): Promise<Response> => {
    try {
      const { owner, repo } = repositoryFromParams(await context.params);
      if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
      const { viewer, github } = await requireGitHub();
      return await handler({ request, viewer, github, owner, repo });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A POST route that changes something in a repository: checks the names, the origin (CSRF), the
 * session and the body, then runs `action` as the viewer; its result is answered 202, errors as JSON.
 */
export function repositoryWriteRoute<Body, Result>(
  schema: z.ZodType<Body>,
  action: (input: {
    github: GitHubClient;
    owner: string;
    repo: string;
    body: Body;
  }) => Promise<Result>,
) {
  return repositoryRoute(async ({ request, github, owner, repo }) => {
    const body = await readJsonBody(request, schema);
    return Response.json(await action({ github, owner, repo, body }), { status: 202 });
  });
}
