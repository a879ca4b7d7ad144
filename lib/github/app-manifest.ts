import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type RestResponse, restRequest } from "./rest";

// The GitHub App Manifest flow behind /setup: tagwatch describes the App it needs, GitHub (or
// GHES) creates it on the user's account, and one conversion of the returned code yields the
// credentials. A serverless deployment cannot write its own settings, so they are shown once to
// be pasted into the environment; they are never logged or stored.

/** The permissions watch mode needs, and nothing more (README: "The App's permissions"). */
export const APP_PERMISSIONS = {
  contents: "read",
  actions: "write",
  issues: "write",
  metadata: "read",
} as const;

// `repository`: a rename or transfer (watch state follows the repository). installation,
// installation_repositories and github_app_authorization reach every App unasked.
export const APP_EVENTS = ["push", "create", "workflow_run", "release", "repository"] as const;

export const SETUP_STATE_COOKIE = "tagwatch-setup-state";

/** The manifest GitHub creates the App from. */
export function buildManifest(appUrl: string, name: string) {
  return {
    name,
    url: appUrl,
    description:
      "Notices git tags that did not ship a release, tells the maintainers and heals them.",
    hook_attributes: { url: `${appUrl}/api/github/webhooks`, active: true },
    redirect_url: `${appUrl}/setup/callback`,
    public: false,
    default_permissions: APP_PERMISSIONS,
    default_events: APP_EVENTS,
  };
}

/** Where the manifest form is posted: the user's account or an organisation. */
export function manifestTarget(org: string | null, state: string): string {
  const server = getEnv().githubServerUrl;
  const path = org
    ? `/organizations/${encodeURIComponent(org)}/settings/apps/new`
    : "/settings/apps/new";
  return `${server}${path}?state=${encodeURIComponent(state)}`;
}

export type AppCredentials = {
  id: number;
  slug: string;
  name: string;
  htmlUrl: string | null;
  pem: string;
  webhookSecret: string | null;
  clientId: string | null;
  clientSecret: string | null;
};

type Conversion = RestResponse<"POST /app-manifests/{code}/conversions">;

/** Converts the manifest flow's code into the new App's credentials (once; never retried). */
export async function convertManifestCode(code: string): Promise<AppCredentials> {
  // No token: the code is the credential. Sent once, with fetch, outside the user's client.
  const { path } = restRequest("POST /app-manifests/{code}/conversions", { code });
  const url = `${getEnv().githubApiUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "tagwatch",
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new AppError("github-unavailable", "GitHub did not answer. Start the setup again.");
  }
  if (response.status === 404 || response.status === 422) {
    throw new AppError(
      "not-found",
      "GitHub no longer knows this setup code: it works once and for an hour. Start the setup again.",
    );
  }
  if (!response.ok) {
    throw new AppError(
      "github-error",
      `GitHub answered HTTP ${response.status}. Start the setup again.`,
    );
  }
  const data = (await response.json()) as Conversion;
  return {
    id: data.id,
    slug: data.slug ?? "",
    name: data.name,
    htmlUrl: data.html_url ?? null,
    pem: data.pem,
    webhookSecret: data.webhook_secret ?? null,
    clientId: data.client_id ?? null,
    clientSecret: data.client_secret ?? null,
  };
}
