import "server-only";
import { AppError } from "@/lib/errors";
import { findInstallation, getAppSettings, getInstallUrl } from "@/lib/github/app";
import type { GitHubClient } from "@/lib/github/client";
import {
  REPOSITORY_ACCESS_QUERY,
  type RepositoryAccessOperation,
} from "@/lib/github/queries/repository-access";
import type { Permission } from "@/lib/health/types";
import { dropAppView, refreshAppView } from "./app-view";
import { getBadgeTokenRecord, issueBadgeToken, revokeBadgeToken } from "./token-store";

// A repository's badge link (its badge URL with a badge token): who may make, rotate and remove
// it, and what the badge dialog needs to know. The viewer's access is read fresh from GitHub
// with their own token each time; the badge itself is then served with the App's.

// THE rule: a badge link hands out a piece of the repository to anyone who sees the README
// source, so only those who administer or maintain it may make one.
const BADGE_LINK_MANAGERS: ReadonlySet<string> = new Set<Permission>(["ADMIN", "MAINTAIN"]);

/** Whether a permission level may make, rotate and remove a repository's badge link. */
export function mayManageBadgeLink(permission: Permission | null | undefined): boolean {
  return permission !== null && permission !== undefined && BADGE_LINK_MANAGERS.has(permission);
}

/** Whether the tagwatch App can serve the repository's badge link. */
export type BadgeApp =
  | { kind: "off" }
  | { kind: "not-installed"; installUrl: string | null }
  | { kind: "installed" };

/** What the badge dialog shows about a repository's badge link. */
export type BadgeLinkStatus = {
  repository: string;
  isPrivate: boolean;
  mayManage: boolean;
  /** The current link, without its token (shown once, when it is made). */
  link: { createdAt: string } | null;
  app: BadgeApp;
};

/** A new badge link: its URL and the Markdown to paste. */
export type BadgeLink = { url: string; markdown: string };

type Access = { repository: string; isPrivate: boolean; viewerPermission: Permission | null };

async function readAccess(github: GitHubClient, owner: string, repo: string): Promise<Access> {
  const { data } = await github.query<RepositoryAccessOperation>(REPOSITORY_ACCESS_QUERY, {
    owner,
    name: repo,
  });
  if (!data.repository) {
    throw new AppError(
      "not-found",
      `${owner}/${repo} was not found, or your GitHub account cannot see it.`,
    );
  }
  const { nameWithOwner, isPrivate, viewerPermission } = data.repository;
  return { repository: nameWithOwner, isPrivate, viewerPermission };
}

function assertMayManage(access: Access): void {
  if (mayManageBadgeLink(access.viewerPermission)) return;
  const level = access.viewerPermission?.toLowerCase() ?? "unknown";
  throw new AppError(
    "forbidden",
    `You have ${level} access to ${access.repository}; badge links are made by its admins and maintainers.`,
  );
}

async function getBadgeApp(owner: string, repo: string): Promise<BadgeApp> {
  if (!getAppSettings()) return { kind: "off" };
  const installation = await findInstallation(owner, repo);
  return installation
    ? { kind: "installed" }
    : { kind: "not-installed", installUrl: getInstallUrl() };
}

/** The repository's badge link as the dialog shows it, for anyone who can read the repository. */
export async function getBadgeLinkStatus(
  github: GitHubClient,
  owner: string,
  repo: string,
): Promise<BadgeLinkStatus> {
  const access = await readAccess(github, owner, repo);
  const [record, app] = await Promise.all([
    getBadgeTokenRecord(owner, repo),
    getBadgeApp(owner, repo),
  ]);
  return {
    repository: access.repository,
    isPrivate: access.isPrivate,
    mayManage: mayManageBadgeLink(access.viewerPermission),
    link: record ? { createdAt: record.createdAt } : null,
    app,
  };
}

/**
 * Makes the repository's badge link, replacing the previous one (Rotate). `warm` reads the
 * repository with the App, so the first request for the badge is answered from the stored view.
 */
export async function createBadgeLink(
  github: GitHubClient,
  owner: string,
  repo: string,
  origin: string,
): Promise<{ link: BadgeLink; warm: () => Promise<unknown> }> {
  const access = await readAccess(github, owner, repo);
  assertMayManage(access);
  const app = await getBadgeApp(owner, repo);
  if (app.kind !== "installed") {
    throw new AppError(
      "unprocessable",
      app.kind === "off"
        ? "Badge links are served with the tagwatch App, and this deployment has none: set it up at /setup first."
        : `The tagwatch App is not installed on ${access.repository}: install it there, then make the badge link.`,
    );
  }
  const token = await issueBadgeToken(owner, repo);
  const [canonicalOwner = owner, canonicalRepo = repo] = access.repository.split("/");
  const path = `${encodeURIComponent(canonicalOwner)}/${encodeURIComponent(canonicalRepo)}`;
  const url = `${origin}/api/badge/${path}?token=${token}`;
  const markdown = `[![release health](${url})](${origin}/${path})`;
  return { link: { url, markdown }, warm: () => refreshAppView(owner, repo) };
}

/** Removes the repository's badge link: it shows the neutral badge from now on. */
export async function removeBadgeLink(
  github: GitHubClient,
  owner: string,
  repo: string,
): Promise<void> {
  assertMayManage(await readAccess(github, owner, repo));
  await revokeBadgeToken(owner, repo);
  await dropAppView(owner, repo);
}
