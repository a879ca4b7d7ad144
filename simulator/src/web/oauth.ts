import { randomBytes } from "node:crypto";
import type { World } from "../state/world";
import { escapeHtml, htmlPage, type PageResponse, redirect, withParams } from "./html";

// GitHub's OAuth web flow: the authorize page (pick a scenario user), the redirect with a code,
// and the code-for-token exchange next-auth v4 performs (form POST, client credentials in Basic).

export type OAuthCode = {
  login: string;
  clientId: string;
  redirectUri: string | null;
  scope: string;
  expiresAt: number;
};

/** GET /login/oauth/authorize */
export function authorizePage(world: World, query: URLSearchParams): PageResponse {
  const clientId = query.get("client_id") ?? "";
  const app = world.oauthApps.get(clientId);
  if (!app) {
    return htmlPage(
      "Application not found",
      `<h1>Application not found</h1><p>No OAuth application has the client id <code>${escapeHtml(clientId)}</code>.</p>`,
      400,
    );
  }
  const redirectUri = query.get("redirect_uri");
  if (redirectUri && !/^https?:\/\//.test(redirectUri)) {
    return htmlPage(
      "Invalid redirect URI",
      "<h1>Invalid redirect URI</h1><p>The redirect_uri must be an http(s) URL.</p>",
      400,
    );
  }
  const state = query.get("state");
  const scope = query.get("scope") ?? "";
  const users = [...world.accounts.values()].filter(
    (account) => account.type === "User" && !account.hidden,
  );
  const hidden = (name: string, value: string | null) =>
    value === null ? "" : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const options = users
    .map(
      (
        user,
        index,
      ) => `<label><input type="radio" name="login" value="${escapeHtml(user.login)}"${index === 0 ? " checked" : ""}>
  <img src="/avatars/${encodeURIComponent(user.login)}.svg" alt=""> <span><strong>${escapeHtml(user.login)}</strong> ${escapeHtml(user.name)}</span></label>`,
    )
    .join("\n");
  const cancel = redirectUri
    ? withParams(redirectUri, {
        error: "access_denied",
        error_description: "The user has denied your application access.",
        state,
      })
    : "/";
  return htmlPage(
    `Authorize ${app.name}`,
    `<h1>Authorize ${escapeHtml(app.name)}</h1>
<p class="note">GitHub simulator: choose who signs in. ${escapeHtml(app.name)} asks for ${scope ? `the scopes <code>${escapeHtml(scope)}</code>` : "public data"}.</p>
<form method="post" action="/login/oauth/authorize">
${hidden("client_id", clientId)}${hidden("redirect_uri", redirectUri)}${hidden("state", state)}${hidden("scope", scope)}
<fieldset>
<legend>Sign in as</legend>
${options}
</fieldset>
<div class="actions"><button type="submit">Authorize</button> <a href="${escapeHtml(cancel)}">Cancel</a></div>
</form>`,
  );
}

/** POST /login/oauth/authorize (the form above): issues a code and redirects back. */
export function authorizeSubmit(
  world: World,
  codes: Map<string, OAuthCode>,
  form: URLSearchParams,
): PageResponse {
  const clientId = form.get("client_id") ?? "";
  if (!world.oauthApps.has(clientId))
    return htmlPage("Application not found", "<h1>Application not found</h1>", 400);
  const login = form.get("login") ?? "";
  const account = world.accounts.get(login.toLowerCase());
  if (account?.type !== "User") return htmlPage("Unknown user", "<h1>Unknown user</h1>", 400);
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) return htmlPage("Missing redirect URI", "<h1>Missing redirect_uri</h1>", 400);
  const code = randomBytes(10).toString("hex");
  codes.set(code, {
    login: account.login,
    clientId,
    redirectUri,
    scope: form.get("scope") ?? "",
    expiresAt: Date.now() + 600_000,
  });
  return redirect(withParams(redirectUri, { code, state: form.get("state") }));
}

export function newToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(36);
  return `gho_${[...bytes].map((byte) => alphabet[byte % alphabet.length]).join("")}`;
}

/** POST /login/oauth/access_token */
export function exchangeCode(
  world: World,
  codes: Map<string, OAuthCode>,
  headers: { authorization?: string; accept?: string; contentType?: string },
  body: string,
): PageResponse {
  let params: Record<string, string> = {};
  if ((headers.contentType ?? "").includes("application/json")) {
    try {
      params = Object.fromEntries(
        Object.entries(JSON.parse(body || "{}") as Record<string, unknown>).map(([key, value]) => [
          key,
          String(value),
        ]),
      );
    } catch {
      params = {};
    }
  } else {
    params = Object.fromEntries(new URLSearchParams(body));
  }
  let clientId = params.client_id;
  let clientSecret = params.client_secret;
  const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, colon));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const json = (headers.accept ?? "").includes("application/json");
  const answer = (payload: Record<string, string>): PageResponse =>
    json
      ? {
          status: 200,
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(payload),
        }
      : {
          status: 200,
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          body: new URLSearchParams(payload).toString(),
        };
  const app = clientId ? world.oauthApps.get(clientId) : undefined;
  if (!app || app.clientSecret !== clientSecret) {
    return answer({
      error: "incorrect_client_credentials",
      error_description: "The client_id and/or client_secret passed are incorrect.",
      error_uri:
        "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials",
    });
  }
  const code = params.code ? codes.get(params.code) : undefined;
  if (!code || code.clientId !== clientId || code.expiresAt < Date.now()) {
    if (params.code) codes.delete(params.code);
    return answer({
      error: "bad_verification_code",
      error_description: "The code passed is incorrect or expired.",
      error_uri:
        "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code",
    });
  }
  if (params.redirect_uri && code.redirectUri && params.redirect_uri !== code.redirectUri) {
    return answer({
      error: "redirect_uri_mismatch",
      error_description:
        "The redirect_uri MUST match the registered callback URL for this application.",
      error_uri:
        "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch2",
    });
  }
  codes.delete(params.code as string);
  const token = newToken();
  world.tokens.set(token, {
    login: code.login,
    scope: code.scope,
    issuedAt: Date.now(),
    fixed: false,
    clientId,
  });
  return answer({ access_token: token, token_type: "bearer", scope: code.scope });
}

/** A small generated avatar: the login's initial on a colour derived from it. */
export function avatarSvg(login: string): string {
  let hash = 0;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const initial = escapeHtml((login.replace(/[^a-z0-9]/gi, "")[0] ?? "?").toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${escapeHtml(login)}"><rect width="64" height="64" fill="hsl(${hue} 55% 45%)"/><text x="32" y="42" font-family="system-ui, sans-serif" font-size="30" font-weight="600" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
}
