import { createHmac, randomUUID } from "node:crypto";
import type { RestContext } from "../rest/context";
import {
  installationJson,
  organizationJson,
  releaseJson,
  repoJson,
  runJson,
  simpleUser,
  workflowJson,
} from "../rest/json";
import { installApp, uninstallApp } from "../state/app-installs";
import {
  appBySlug,
  type GitHubApp,
  type Installation,
  installationFor,
  installationRepos,
} from "../state/apps";
import type { AppEvent, WorldEvent } from "../state/events";
import { BOT, type Commit, iso, type Repo } from "../state/model";
import { tick } from "../state/runs";
import type { World } from "../state/world";

// Webhook deliveries: World's live events become GitHub's payloads, signed with the App's
// webhook secret and POSTed to its webhook URL asynchronously (10 s timeout, no automatic retry,
// as on GitHub). The control API lists deliveries, redelivers one (same GUID) and points an App's
// hook at the app under test.

export const DELIVERY_TIMEOUT_MS = 10_000;
const HOOKSHOT = "GitHub-Hookshot/5a1m0k3";

export type Delivery = {
  id: number;
  guid: string;
  app: string;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  url: string;
  delivered_at: string | null;
  redelivery: boolean;
  duration: number | null;
  /** "pending", "OK", "Invalid HTTP Response: 500", "timed out", "failed to connect". */
  status: string;
  status_code: number | null;
  request: { headers: Record<string, string>; payload: unknown };
  response: { status: number; body: string } | null;
};

type Reply = { status: number; body: unknown };

function installationNodeId(id: number): string {
  return Buffer.from(`04:IntegrationInstallation${id}`).toString("base64").replace(/=+$/, "");
}

/** Every App gets these, whatever it subscribed to. */
const ALWAYS = new Set(["installation", "installation_repositories"]);

export class Webhooks {
  deliveries: Delivery[] = [];
  /** Hook URLs set through the control API, by App slug; they survive resets. */
  private readonly hookUrls = new Map<string, string | null>();
  private readonly inFlight = new Set<Promise<void>>();
  private world: World | null = null;
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly base: () => string) {}

  /** Listens to a (new) World: called at start and after every reset. */
  attach(world: World): void {
    this.world = world;
    for (const app of world.apps.values()) {
      const override = this.hookUrls.get(app.slug.toLowerCase());
      if (override !== undefined) app.webhookUrl = override;
    }
    world.listeners.push((event) => this.onEvent(world, event));
    // Runs change state by the clock; a timer makes in_progress/completed webhooks timely even
    // when no request arrives.
    if (!this.timer) {
      this.timer = setInterval(() => {
        const current = this.world;
        if (current && [...current.apps.values()].some((app) => app.webhookUrl)) tick(current);
      }, 100);
      this.timer.unref();
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private ctx(world: World): RestContext {
    const base = this.base();
    return {
      world,
      viewer: "",
      base,
      api: base,
      faults: { rejectReturnRunDetails: false },
      scopes: [],
    };
  }

  private onEvent(world: World, event: WorldEvent): void {
    if (event.kind === "github_app_authorization") {
      const app = world.apps.get(event.appId);
      const sender = simpleUser(this.ctx(world), event.actor);
      if (app) this.enqueue(app, event.kind, { action: event.action, sender }, null, null);
      return;
    }
    if (event.kind === "installation" || event.kind === "installation_repositories") {
      const app = world.apps.get(event.appId);
      const installation = world.installations.get(event.installationId);
      if (app && installation)
        this.enqueue(
          app,
          event.kind,
          this.appPayload(world, app, installation, event),
          installation.id,
          null,
        );
      return;
    }
    for (const app of world.apps.values()) {
      if (!app.webhookUrl || !app.webhookActive) continue;
      const installation = installationFor(world, app, event.repo);
      // What the account accepted counts (App changes wait for new_permissions_accepted); a
      // suspended installation hears nothing of its repositories.
      if (!installation || installation.suspendedAt !== null) continue;
      if (!installation.events.includes(event.kind) && !ALWAYS.has(event.kind)) continue;
      const payload = this.repoPayload(world, event, installation);
      this.enqueue(app, event.kind, payload, installation.id, event.repo.id);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Payloads (GitHub's shapes)

  private repository(world: World, repo: Repo, pushStyle = false) {
    const { permissions: _permissions, ...json } = repoJson(this.ctx(world), repo);
    if (!pushStyle) return json;
    // Push payloads carry timestamps as numbers and the owner's name and e-mail.
    const owner = world.accounts.get(repo.owner.toLowerCase());
    return {
      ...json,
      owner: { ...json.owner, name: owner?.login ?? repo.owner, email: owner?.email ?? null },
      created_at: Math.floor(repo.createdAt / 1000),
      pushed_at: Math.floor(repo.pushedAt / 1000),
      master_branch: repo.defaultBranch,
    };
  }

  private commit(repo: Repo, commit: Commit) {
    const person = (identity: Commit["author"]) => ({
      name: identity.name,
      email: identity.email,
      ...(identity.login ? { username: identity.login } : {}),
    });
    return {
      id: commit.sha,
      tree_id: commit.sha,
      distinct: true,
      message: commit.message,
      timestamp: iso(commit.committer.date),
      url: `${this.base()}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: person(commit.author),
      committer: person(commit.committer),
      added: [],
      removed: [],
      modified: [],
    };
  }

  private pusher(world: World, login: string) {
    if (login === BOT.login) return { name: BOT.login, email: BOT.email };
    const account = world.accounts.get(login.toLowerCase());
    return { name: account?.login ?? login, email: account?.email ?? null };
  }

  private repoPayload(
    world: World,
    event: Exclude<WorldEvent, AppEvent>,
    installation: Installation,
  ): Record<string, unknown> {
    const ctx = this.ctx(world);
    const full = `${event.repo.owner}/${event.repo.name}`;
    const owner = world.accounts.get(event.repo.owner.toLowerCase());
    const common = {
      // GitHub adds the organisation to events of its repositories.
      ...(owner?.type === "Organization"
        ? { organization: organizationJson(ctx, owner.login) }
        : {}),
      installation: { id: installation.id, node_id: installationNodeId(installation.id) },
    };
    switch (event.kind) {
      case "push": {
        const tag = event.ref.startsWith("refs/tags/");
        const head = world.head(event.repo);
        return {
          ref: event.ref,
          before: event.before,
          after: event.after,
          repository: this.repository(world, event.repo, true),
          pusher: this.pusher(world, event.actor),
          sender: simpleUser(ctx, event.actor),
          ...common,
          created: event.created,
          deleted: false,
          forced: false,
          base_ref:
            tag && head?.sha === event.headCommit.sha
              ? `refs/heads/${event.repo.defaultBranch}`
              : null,
          compare: tag
            ? `${this.base()}/${full}/compare/${event.ref.slice("refs/tags/".length)}`
            : `${this.base()}/${full}/compare/${event.before.slice(0, 12)}...${event.after.slice(0, 12)}`,
          commits: event.commits.map((commit) => this.commit(event.repo, commit)),
          head_commit: this.commit(event.repo, event.headCommit),
        };
      }
      case "create":
        return {
          ref: event.ref,
          ref_type: event.refType,
          master_branch: event.repo.defaultBranch,
          description: event.repo.description || null,
          pusher_type: "user",
          repository: this.repository(world, event.repo),
          sender: simpleUser(ctx, event.actor),
          ...common,
        };
      case "workflow_run": {
        const run = runJson(ctx, event.repo, event.run);
        const state =
          event.action === "requested"
            ? { status: "queued", conclusion: null }
            : event.action === "in_progress"
              ? { status: "in_progress", conclusion: null }
              : { status: "completed", conclusion: run.conclusion ?? "success" };
        const workflow = event.repo.workflows.find(
          (candidate) => candidate.id === event.run.workflowId,
        );
        const mini = this.repository(world, event.repo);
        return {
          action: event.action,
          workflow_run: {
            ...run,
            ...state,
            pull_requests: [],
            referenced_workflows: [],
            head_repository: mini,
            repository: mini,
          },
          workflow: workflow ? workflowJson(ctx, event.repo, workflow) : null,
          repository: mini,
          sender: simpleUser(ctx, event.run.triggeringActor),
          ...common,
        };
      }
      case "release":
        return {
          action: event.action,
          release: releaseJson(ctx, event.repo, event.release),
          repository: this.repository(world, event.repo),
          sender: simpleUser(ctx, event.actor),
          ...common,
        };
      case "repository": {
        const from = event.from;
        let changes: Record<string, unknown>;
        if ("name" in from) changes = { repository: { name: { from: from.name } } };
        else {
          const previous = world.accounts.get(from.owner.toLowerCase());
          changes = {
            owner: {
              from:
                previous?.type === "Organization"
                  ? { organization: organizationJson(ctx, previous.login) }
                  : { user: simpleUser(ctx, from.owner) },
            },
          };
        }
        return {
          action: event.action,
          changes,
          repository: this.repository(world, event.repo),
          sender: simpleUser(ctx, event.actor),
          ...common,
        };
      }
    }
  }

  private appPayload(
    world: World,
    _app: GitHubApp,
    installation: Installation,
    event: Extract<AppEvent, { installationId: number }>,
  ): Record<string, unknown> {
    const ctx = this.ctx(world);
    const brief = (repo: Repo) => ({
      id: repo.id,
      node_id: repo.nodeId,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
    });
    if (event.kind === "installation") {
      // Suspending changes no repositories: GitHub leaves the list out.
      const listed = event.action !== "suspend" && event.action !== "unsuspend";
      return {
        action: event.action,
        installation: installationJson(ctx, installation),
        ...(listed ? { repositories: event.repos.map(brief) } : {}),
        requester: null,
        sender: simpleUser(ctx, event.actor),
      };
    }
    return {
      action: event.action,
      installation: installationJson(ctx, installation),
      repository_selection: installation.repositorySelection,
      repositories_added: event.added.map(brief),
      repositories_removed: event.removed.map(brief),
      requester: null,
      sender: simpleUser(ctx, event.actor),
    };
  }

  /** The `ping` GitHub sends to a new App's webhook. */
  ping(app: GitHubApp): void {
    const at = iso(app.createdAt);
    const base = this.base();
    this.enqueue(
      app,
      "ping",
      {
        zen: "Keep it logically awesome.",
        hook_id: app.hookId,
        hook: {
          type: "App",
          id: app.hookId,
          name: "web",
          active: app.webhookActive,
          events: app.events,
          config: { content_type: "json", insecure_ssl: "0", url: app.webhookUrl ?? "" },
          updated_at: at,
          created_at: at,
          app_id: app.id,
          deliveries_url: `${base}/app/hook/deliveries`,
        },
        // Whoever registered the App.
        ...(this.world ? { sender: simpleUser(this.ctx(this.world), app.owner) } : {}),
      },
      null,
      null,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery

  private enqueue(
    app: GitHubApp,
    event: string,
    payload: Record<string, unknown>,
    installationId: number | null,
    repositoryId: number | null,
  ): void {
    if (!app.webhookUrl || !app.webhookActive) return;
    const body = JSON.stringify(payload);
    const guid = randomUUID();
    const headers: Record<string, string> = {
      accept: "*/*",
      "content-type": "application/json",
      "user-agent": HOOKSHOT,
      "x-github-delivery": guid,
      "x-github-event": event,
      "x-github-hook-id": String(app.hookId),
      "x-github-hook-installation-target-id": String(app.id),
      "x-github-hook-installation-target-type": "integration",
    };
    if (app.webhookSecret) {
      headers["x-hub-signature"] =
        `sha1=${createHmac("sha1", app.webhookSecret).update(body).digest("hex")}`;
      headers["x-hub-signature-256"] =
        `sha256=${createHmac("sha256", app.webhookSecret).update(body).digest("hex")}`;
    }
    const delivery: Delivery = {
      id: this.nextId++,
      guid,
      app: app.slug,
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      installation_id: installationId,
      repository_id: repositoryId,
      url: app.webhookUrl,
      delivered_at: null,
      redelivery: false,
      duration: null,
      status: "pending",
      status_code: null,
      request: { headers, payload },
      response: null,
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 5000) this.deliveries.splice(0, this.deliveries.length - 5000);
    // Asynchronous: the action that caused the event never waits for the receiver.
    this.track(
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.send(delivery, body)),
    );
  }

  private track(promise: Promise<void>): Promise<void> {
    this.inFlight.add(promise);
    promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  private async send(delivery: Delivery, body: string): Promise<void> {
    const started = Date.now();
    delivery.delivered_at = iso(started);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: delivery.request.headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      const text = await response.text();
      delivery.status_code = response.status;
      delivery.status =
        response.status >= 200 && response.status < 300
          ? "OK"
          : `Invalid HTTP Response: ${response.status}`;
      delivery.response = { status: response.status, body: text.slice(0, 2000) };
    } catch (error) {
      const name = (error as Error).name;
      delivery.status_code = 0;
      delivery.status =
        name === "TimeoutError" || name === "AbortError" ? "timed out" : "failed to connect";
    }
    delivery.duration = (Date.now() - started) / 1000;
  }

  /** Waits for deliveries in flight (at most their timeout). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Sends a delivery again with the same GUID and body, as GitHub's "Redeliver" does. */
  async redeliver(id: string): Promise<Delivery | null> {
    const original = this.deliveries.find(
      (delivery) => String(delivery.id) === id || delivery.guid === id,
    );
    if (!original) return null;
    const copy: Delivery = {
      ...original,
      id: this.nextId++,
      redelivery: true,
      status: "pending",
      status_code: null,
      delivered_at: null,
      duration: null,
      response: null,
    };
    this.deliveries.push(copy);
    await this.track(this.send(copy, JSON.stringify(original.request.payload)));
    return copy;
  }

  // ---------------------------------------------------------------------------------------------
  // Control API

  /** `/_simulator/deliveries...` and `/_simulator/apps...`; null for other paths. */
  async control(
    world: World,
    method: string,
    path: string,
    query: URLSearchParams,
    input: Record<string, unknown>,
  ): Promise<Reply | null> {
    if (path === "/_simulator/deliveries" && method === "GET") {
      await this.settle();
      const event = query.get("event");
      const app = query.get("app");
      return {
        status: 200,
        body: {
          deliveries: this.deliveries.filter(
            (delivery) => (!event || delivery.event === event) && (!app || delivery.app === app),
          ),
        },
      };
    }
    if (path === "/_simulator/deliveries" && method === "DELETE") {
      await this.settle();
      this.deliveries = [];
      return { status: 200, body: { deliveries: [] } };
    }
    const redeliver = /^\/_simulator\/deliveries\/([^/]+)\/redeliver$/.exec(path);
    if (redeliver && method === "POST") {
      const delivery = await this.redeliver(decodeURIComponent(redeliver[1] ?? ""));
      return delivery
        ? { status: 200, body: delivery }
        : { status: 404, body: { message: "No such delivery" } };
    }
    if (path === "/_simulator/apps" && method === "GET") {
      return {
        status: 200,
        body: {
          apps: [...world.apps.values()].map((app) => ({
            id: app.id,
            slug: app.slug,
            name: app.name,
            owner: app.owner,
            webhookUrl: app.webhookUrl,
            events: app.events,
            permissions: app.permissions,
            installations: [...world.installations.values()]
              .filter((installation) => installation.appId === app.id)
              .map((installation) => ({
                id: installation.id,
                account: installation.account,
                repositorySelection: installation.repositorySelection,
                repositories: installationRepos(world, installation).map(
                  (repo) => `${repo.owner}/${repo.name}`,
                ),
              })),
          })),
        },
      };
    }
    const match =
      /^\/_simulator\/apps\/([^/]+)\/(credentials|webhook|installations)(?:\/(\d+))?$/.exec(path);
    if (!match) return null;
    const app = appBySlug(world, decodeURIComponent(match[1] ?? ""));
    if (!app) return { status: 404, body: { message: `No App ${match[1]}` } };
    const route = `${method} ${match[2]}${match[3] ? "/id" : ""}`;
    switch (route) {
      case "GET credentials":
        return {
          status: 200,
          body: {
            appId: app.id,
            slug: app.slug,
            name: app.name,
            clientId: app.clientId,
            clientSecret: app.clientSecret,
            privateKey: app.privateKeyPem,
            webhookSecret: app.webhookSecret,
            webhookUrl: app.webhookUrl,
          },
        };
      case "POST webhook": {
        const url = input.url;
        if (url !== null && (typeof url !== "string" || !/^https?:\/\//.test(url)))
          return { status: 400, body: { message: "url must be an http(s) URL or null" } };
        app.webhookUrl = url;
        this.hookUrls.set(app.slug.toLowerCase(), url);
        if (typeof input.secret === "string") app.webhookSecret = input.secret;
        if (typeof input.active === "boolean") app.webhookActive = input.active;
        return {
          status: 200,
          body: { slug: app.slug, webhookUrl: app.webhookUrl, active: app.webhookActive },
        };
      }
      case "POST installations": {
        const account = world.accounts.get(String(input.account ?? "").toLowerCase());
        if (!account) return { status: 400, body: { message: "Unknown account" } };
        const names = input.repositories;
        const all = names === "all" || names === undefined;
        const ids: number[] = [];
        if (!all) {
          if (!Array.isArray(names))
            return { status: 400, body: { message: 'repositories: a list of names or "all"' } };
          for (const name of names) {
            const repo = world.repo(account.login, String(name));
            if (!repo)
              return { status: 404, body: { message: `No repository ${account.login}/${name}` } };
            ids.push(repo.id);
          }
        }
        const by =
          typeof input.by === "string"
            ? input.by
            : account.type === "User"
              ? account.login
              : ([...account.members.entries()].find(([, role]) => role === "admin")?.[0] ??
                account.login);
        const installation = installApp(world, app, {
          account: account.login,
          selection: all ? "all" : "selected",
          repositoryIds: ids,
          by,
          at: world.now(),
          notify: true,
        });
        return {
          status: 201,
          body: {
            id: installation.id,
            account: installation.account,
            repositories: installationRepos(world, installation).map(
              (repo) => `${repo.owner}/${repo.name}`,
            ),
          },
        };
      }
      case "DELETE installations/id": {
        const installation = world.installations.get(Number(match[3]));
        if (!installation || installation.appId !== app.id)
          return { status: 404, body: { message: "No such installation" } };
        uninstallApp(world, installation, installation.account);
        return { status: 200, body: { deleted: installation.id } };
      }
      default:
        return { status: 404, body: { message: "Unknown control endpoint" } };
    }
  }
}
