// Signing in without a browser: the requests a browser makes when a person presses "Sign in with
// GitHub" and then "Authorize" on GitHub's page, sent over plain HTTP. tagwatch's next-auth
// endpoints and the simulator's OAuth flow run exactly as they do for a browser, and each sign-in
// gets a token of its own. The pages themselves are covered by the e2e journeys that sign in
// through them (tests/e2e/auth.spec.ts).

/** One request, redirects not followed; the caller keeps tagwatch's cookies between requests. */
export type Http = (request: {
  method: "GET" | "POST";
  url: string;
  form?: Record<string, string>;
}) => Promise<{ status: number; location: string | null; text: string }>;

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

function redirectOf(answer: { status: number; location: string | null }, step: string): string {
  if (answer.status < 300 || answer.status >= 400 || !answer.location) {
    throw new Error(`${step}: expected a redirect, got HTTP ${answer.status}`);
  }
  return answer.location;
}

/** The Authorize form's target and hidden fields, as the browser would submit them. */
function authorizeForm(
  html: string,
  pageUrl: string,
): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`GitHub's Authorize page has no form:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [, name = "", value = ""] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields[name] = unescapeHtml(value);
  }
  return { action: new URL(unescapeHtml(action), pageUrl).href, fields };
}

/**
 * Signs `login` in to tagwatch at `appUrl` and returns where tagwatch then sends the browser
 * (`callbackUrl`, a path on tagwatch). The session cookie is in the caller's cookie jar.
 */
export async function signInOverHttp(
  http: Http,
  appUrl: string,
  login: string,
  callbackUrl: string,
  /** OAuth scopes to ask GitHub for, as "Grant workflow access" does; else sign-in's own. */
  scope?: string,
): Promise<string> {
  const csrf = await http({ method: "GET", url: `${appUrl}/api/auth/csrf` });
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const started = await http({
    method: "POST",
    url: `${appUrl}/api/auth/signin/github${scope ? `?${new URLSearchParams({ scope })}` : ""}`,
    form: { csrfToken, callbackUrl },
  });
  const authorizeUrl = redirectOf(started, "tagwatch's sign-in");
  const page = await http({ method: "GET", url: authorizeUrl });
  if (page.status !== 200) throw new Error(`GitHub's Authorize page: HTTP ${page.status}`);
  const { action, fields } = authorizeForm(page.text, authorizeUrl);
  const authorized = await http({ method: "POST", url: action, form: { ...fields, login } });
  const callback = redirectOf(authorized, "GitHub's Authorize form");
  const signedIn = await http({ method: "GET", url: callback });
  const landing = new URL(redirectOf(signedIn, "tagwatch's OAuth callback"), appUrl);
  if (landing.pathname.startsWith("/signin") || landing.pathname.startsWith("/api/auth")) {
    throw new Error(`tagwatch did not sign ${login} in: it sent the browser to ${landing}`);
  }
  return landing.href;
}
