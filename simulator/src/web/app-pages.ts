import { randomBytes } from "node:crypto";
import type { RestContext, RestResponse } from "../rest/context";
import { restError } from "../rest/context";
import { integrationJson } from "../rest/json";
import { generateAppKey, installApp, registerApp } from "../state/app-installs";
import { type AppPermissions, type GitHubApp, installationRepos } from "../state/apps";
import type { Account } from "../state/model";
import type { World } from "../state/world";
import { escapeHtml, htmlPage, type PageResponse, redirect, withParams } from "./html";

// The web side of GitHub Apps: the App Manifest flow (`POST /settings/apps/new` with a `manifest`
// form field -> a confirmation page -> `redirect_url?code=&state=` -> `POST
// /app-manifests/{code}/conversions`) and the install pages (`/apps/<slug>/installations/new`).
// The simulator has no browser session, so the pages let the visitor pick who they are, like the
// OAuth authorize page.

const CODE_TTL_MS = 3_600_000;

type Manifest = {
  name?: unknown;
  url?: unknown;
  description?: unknown;
  hook_attributes?: { url?: unknown; active?: unknown };
  redirect_url?: unknown;
  setup_url?: unknown;
  public?: unknown;
  default_permissions?: unknown;
  default_events?: unknown;
};

type CreatedApp = Parameters<typeof registerApp>[1] & { setupUrl: string | null };

const notFound = () => htmlPage("Not Found", "<h1>Not Found</h1>", 404);

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Who may act for `account`: the user, or an organisation's admins. */
function actorsFor(world: World, account: Account): Account[] {
  if (account.type === "User") return [account];
  return [...account.members.entries()]
    .filter(([, role]) => role === "admin")
    .flatMap(([login]) => world.accounts.get(login) ?? []);
}

function userPicker(users: Account[], legend: string): string {
  return `<fieldset><legend>${escapeHtml(legend)}</legend>
${users
  .map(
    (
      user,
      index,
    ) => `<label><input type="radio" name="login" value="${escapeHtml(user.login)}"${index === 0 ? " checked" : ""}>
  <img src="/avatars/${encodeURIComponent(user.login)}.svg" alt=""> <span><strong>${escapeHtml(user.login)}</strong> ${escapeHtml(user.name)}</span></label>`,
  )
  .join("\n")}
</fieldset>`;
}

function permissionsOf(value: unknown): AppPermissions {
  const result: AppPermissions = {};
  if (!value || typeof value !== "object") return result;
  for (const [name, level] of Object.entries(value as Record<string, unknown>))
    if (level === "read" || level === "write" || level === "admin") result[name] = level;
  return result;
}

/**
 * Conversion codes (one hour, single use) and setup URLs of manifest-created Apps. A reset
 * forgets them with the Apps themselves: the scenario's state starts over.
 */
export class AppManifests {
  private readonly codes = new Map<string, { appId: number; expiresAt: number }>();
  private readonly setupUrls = new Map<number, string>();

  /** `created` hears of each new App (the server sends its webhook a ping). */
  constructor(private readonly created: (app: GitHubApp) => void = () => {}) {}

  attach(_world: World): void {
    this.codes.clear();
    this.setupUrls.clear();
  }

  /** Web pages; null when the path is not one of them. */
  web(world: World, method: string, url: URL, body: string): PageResponse | null {
    const path = url.pathname.replace(/\/+$/, "");
    const form = new URLSearchParams(body);
    const org = /^\/organizations\/([^/]+)\/settings\/apps\/new$/.exec(path);
    if ((path === "/settings/apps/new" || org) && method === "POST")
      return this.confirmPage(world, form, url.searchParams.get("state"), org?.[1] ?? null);
    if (path === "/settings/apps/new" && method === "GET")
      return htmlPage(
        "Register new GitHub App",
        `<h1>Register new GitHub App</h1><p class="note">GitHub simulator: POST a <code>manifest</code> form field here to create an App from a manifest.</p>`,
      );
    if (path === "/settings/apps/new/confirm" && method === "POST") return this.create(world, form);
    const install = /^\/apps\/([^/]+)(\/installations\/new(\/permissions)?)?$/.exec(path);
    if (install) {
      const app = [...world.apps.values()].find(
        (candidate) => candidate.slug === decodeURIComponent(install[1] ?? ""),
      );
      if (!app) return notFound();
      if (!install[2] && method === "GET") return this.appPage(app);
      if (install[2] && !install[3] && method === "GET") return this.accountsPage(world, app);
      if (install[3] && method === "GET")
        return this.installPage(world, app, url.searchParams.get("target_id"));
      if (install[3] && method === "POST")
        return this.install(world, app, url.searchParams.get("target_id"), form);
      return notFound();
    }
    const settings = /^\/(?:organizations\/[^/]+\/)?settings\/installations\/(\d+)$/.exec(path);
    if (settings && method === "GET") {
      const installation = world.installations.get(Number(settings[1]));
      if (!installation) return notFound();
      const app = world.apps.get(installation.appId);
      const repos = installationRepos(world, installation);
      return htmlPage(
        `${app?.name ?? "App"} installed`,
        `<h1>${escapeHtml(app?.name ?? "App")} is installed</h1>
<p>On <strong>${escapeHtml(installation.account)}</strong>, ${
          installation.repositorySelection === "all"
            ? "all repositories"
            : `${repos.length} repositories`
        }:</p>
<ul>${repos.map((repo) => `<li><a href="/${escapeHtml(repo.owner)}/${escapeHtml(repo.name)}">${escapeHtml(repo.name)}</a></li>`).join("")}</ul>`,
      );
    }
    return null;
  }

  private parseManifest(
    text: string | null,
  ): { ok: true; manifest: Manifest } | { ok: false; error: string } {
    if (!text) return { ok: false, error: "The form has no manifest field." };
    try {
      const manifest = JSON.parse(text) as unknown;
      if (!manifest || typeof manifest !== "object" || Array.isArray(manifest))
        return { ok: false, error: "The manifest must be a JSON object." };
      const value = manifest as Manifest;
      if (typeof value.url !== "string" || !value.url)
        return { ok: false, error: "The manifest needs a url." };
      return { ok: true, manifest: value };
    } catch {
      return { ok: false, error: "The manifest is not valid JSON." };
    }
  }

  private confirmPage(
    world: World,
    form: URLSearchParams,
    state: string | null,
    orgLogin: string | null,
  ): PageResponse {
    const text = form.get("manifest");
    const parsed = this.parseManifest(text);
    if (!parsed.ok)
      return htmlPage(
        "Invalid manifest",
        `<h1>Invalid GitHub App manifest</h1><p>${escapeHtml(parsed.error)}</p>`,
        400,
      );
    const { manifest } = parsed;
    const org = orgLogin ? world.accounts.get(orgLogin.toLowerCase()) : undefined;
    if (orgLogin && org?.type !== "Organization") return notFound();
    const users = org
      ? actorsFor(world, org)
      : [...world.accounts.values()].filter(
          (account) => account.type === "User" && !account.hidden,
        );
    const name = typeof manifest.name === "string" && manifest.name ? manifest.name : "";
    const permissions = permissionsOf(manifest.default_permissions);
    const events = Array.isArray(manifest.default_events)
      ? manifest.default_events.map(String)
      : [];
    const hidden = (field: string, value: string | null) =>
      value === null ? "" : `<input type="hidden" name="${field}" value="${escapeHtml(value)}">`;
    const owner = org ? org.login : "you";
    return htmlPage(
      `Create GitHub App for ${owner}`,
      `<h1>Create GitHub App for ${escapeHtml(owner)}</h1>
<form method="post" action="/settings/apps/new/confirm">
${hidden("manifest", text)}${hidden("state", state)}${hidden("org", org?.login ?? null)}
<label for="app-name" style="display:block;padding:0">GitHub App name</label>
<input id="app-name" name="name" value="${escapeHtml(name)}" required style="width:100%;padding:.4rem;margin:.3rem 0 1rem">
<p class="note">Webhook URL: <code>${escapeHtml(String(manifest.hook_attributes?.url ?? "none"))}</code><br>
Permissions: ${
        Object.entries(permissions)
          .map(([key, level]) => `${escapeHtml(key)}: ${level}`)
          .join(", ") || "none"
      }<br>
Events: ${events.map(escapeHtml).join(", ") || "none"}</p>
${userPicker(users, org ? `Create as an admin of ${org.login}` : "Signed in as")}
<div class="actions"><button type="submit">Create GitHub App</button></div>
</form>`,
    );
  }

  private create(world: World, form: URLSearchParams): PageResponse {
    const parsed = this.parseManifest(form.get("manifest"));
    if (!parsed.ok)
      return htmlPage("Invalid manifest", `<h1>${escapeHtml(parsed.error)}</h1>`, 400);
    const { manifest } = parsed;
    const login = world.accounts.get((form.get("login") ?? "").toLowerCase());
    if (login?.type !== "User") return htmlPage("Unknown user", "<h1>Unknown user</h1>", 400);
    const orgLogin = form.get("org");
    const org = orgLogin ? world.accounts.get(orgLogin.toLowerCase()) : undefined;
    if (orgLogin && (!org || !actorsFor(world, org).includes(login)))
      return htmlPage("Not allowed", "<h1>You must be an organization admin</h1>", 403);
    const name = (
      form.get("name") ?? (typeof manifest.name === "string" ? manifest.name : "")
    ).trim();
    const slug = slugify(name);
    if (!slug) return htmlPage("Name required", "<h1>Name can't be blank</h1>", 422);
    if ([...world.apps.values()].some((app) => app.slug === slug))
      return htmlPage(
        "Name taken",
        `<h1>Name is already in use</h1><p>${escapeHtml(name)}</p>`,
        422,
      );
    const id = Math.max(2000, ...world.apps.keys()) + 1;
    const hookUrl =
      typeof manifest.hook_attributes?.url === "string" ? manifest.hook_attributes.url : null;
    const spec: CreatedApp = {
      id,
      slug,
      name,
      owner: org?.login ?? login.login,
      description: typeof manifest.description === "string" ? manifest.description : "",
      externalUrl: String(manifest.url),
      clientId: `Iv23li${randomBytes(7).toString("hex")}`,
      clientSecret: randomBytes(20).toString("hex"),
      privateKeyPem: generateAppKey().privateKeyPem,
      webhookSecret: randomBytes(20).toString("hex"),
      webhookUrl: hookUrl,
      webhookActive: manifest.hook_attributes?.active !== false && hookUrl !== null,
      permissions: permissionsOf(manifest.default_permissions),
      events: Array.isArray(manifest.default_events) ? manifest.default_events.map(String) : [],
      createdAt: world.now(),
      setupUrl: typeof manifest.setup_url === "string" ? manifest.setup_url : null,
    };
    this.created(registerApp(world, spec));
    if (spec.setupUrl) this.setupUrls.set(id, spec.setupUrl);
    const code = randomBytes(20).toString("hex");
    this.codes.set(code, { appId: id, expiresAt: Date.now() + CODE_TTL_MS });
    const redirectUrl = typeof manifest.redirect_url === "string" ? manifest.redirect_url : null;
    if (!redirectUrl || !/^https?:\/\//.test(redirectUrl))
      return htmlPage(
        `${name} created`,
        `<h1>${escapeHtml(name)} was created</h1><p>Code <code>${code}</code></p>`,
      );
    return redirect(withParams(redirectUrl, { code, state: form.get("state") }));
  }

  /** POST /app-manifests/{code}/conversions: no authentication, single use, within an hour. */
  conversion(ctx: Omit<RestContext, "viewer">, code: string): RestResponse {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    const app = entry && entry.expiresAt > Date.now() ? ctx.world.apps.get(entry.appId) : undefined;
    if (!app) return restError(404, "Not Found");
    return {
      status: 201,
      body: {
        ...integrationJson({ ...ctx, viewer: "" }, app),
        client_secret: app.clientSecret,
        webhook_secret: app.webhookSecret,
        pem: app.privateKeyPem,
      },
    };
  }

  private appPage(app: GitHubApp): PageResponse {
    return htmlPage(
      app.name,
      `<h1>${escapeHtml(app.name)}</h1><p>${escapeHtml(app.description || "A GitHub App")}</p>
<p><a href="/apps/${escapeHtml(app.slug)}/installations/new">Install</a></p>`,
    );
  }

  private accountsPage(world: World, app: GitHubApp): PageResponse {
    const accounts = [...world.accounts.values()].filter(
      (account) => account.type === "Organization" || !account.hidden,
    );
    return htmlPage(
      `Install ${app.name}`,
      `<h1>Install ${escapeHtml(app.name)}</h1><p>Where do you want to install ${escapeHtml(app.name)}?</p>
<ul>${accounts
        .map(
          (account) =>
            `<li><a href="/apps/${escapeHtml(app.slug)}/installations/new/permissions?target_id=${account.id}">${escapeHtml(account.login)}</a></li>`,
        )
        .join("")}</ul>`,
    );
  }

  private target(world: World, targetId: string | null): Account | undefined {
    return [...world.accounts.values()].find((account) => String(account.id) === targetId);
  }

  private installPage(world: World, app: GitHubApp, targetId: string | null): PageResponse {
    const account = this.target(world, targetId);
    if (!account) return notFound();
    const repos = [...world.repos.values()].filter(
      (repo) => repo.owner.toLowerCase() === account.login.toLowerCase(),
    );
    const existing = [...world.installations.values()].find(
      (installation) => installation.appId === app.id && installation.account === account.login,
    );
    const selected = (id: number) =>
      existing && (existing.repositorySelection === "all" || existing.repositoryIds.has(id));
    return htmlPage(
      `Install ${app.name} on ${account.login}`,
      `<h1>Install ${escapeHtml(app.name)} on ${escapeHtml(account.login)}</h1>
<form method="post">
<fieldset><legend>Repository access</legend>
<label><input type="radio" name="repository_selection" value="all"${existing?.repositorySelection === "all" ? " checked" : ""}> All repositories</label>
<label><input type="radio" name="repository_selection" value="selected"${existing?.repositorySelection === "all" ? "" : " checked"}> Only select repositories</label>
${repos
  .map(
    (repo) =>
      `<label><input type="checkbox" name="repository_ids[]" value="${repo.id}"${selected(repo.id) ? " checked" : ""}> ${escapeHtml(repo.name)}</label>`,
  )
  .join("\n")}
</fieldset>
${userPicker(actorsFor(world, account), "Installing as")}
<div class="actions"><button type="submit">Install</button></div>
</form>`,
    );
  }

  private install(
    world: World,
    app: GitHubApp,
    targetId: string | null,
    form: URLSearchParams,
  ): PageResponse {
    const account = this.target(world, targetId);
    if (!account) return notFound();
    const by = world.accounts.get((form.get("login") ?? "").toLowerCase());
    if (!by || !actorsFor(world, account).includes(by))
      return htmlPage("Not allowed", "<h1>You cannot install Apps on this account</h1>", 403);
    const all = form.get("repository_selection") === "all";
    const ids = form.getAll("repository_ids[]").map(Number).filter(Number.isFinite);
    if (!all && ids.length === 0)
      return htmlPage("Choose repositories", "<h1>Choose at least one repository</h1>", 422);
    const installation = installApp(world, app, {
      account: account.login,
      selection: all ? "all" : "selected",
      repositoryIds: ids,
      by: by.login,
      at: world.now(),
      notify: true,
    });
    const setupUrl = this.setupUrls.get(app.id);
    if (setupUrl)
      return redirect(
        withParams(setupUrl, { installation_id: String(installation.id), setup_action: "install" }),
      );
    const settings =
      account.type === "Organization"
        ? `/organizations/${account.login}/settings/installations/${installation.id}`
        : `/settings/installations/${installation.id}`;
    return redirect(settings);
  }
}
