import "server-only";
import { AppError } from "@/lib/errors";
import type { GitHubClient } from "@/lib/github/client";
import {
  ACCOUNT_ADMIN_QUERY,
  type AccountAdminOperation,
  toAccountAdmin,
} from "@/lib/github/queries/account-admin";

// THE rule of who may change where an owner's notifications go: an administrator of the
// organisation (GitHub's viewerCanAdminister), or the user for their own account. The page
// says the refusal; the API answers it as a 403.

export type OwnerAccess =
  | { allowed: true; login: string; kind: "organization" | "user" }
  | { allowed: false; reason: string };

/** Whether the viewer may change the owner's notifications, and why not. */
export async function getOwnerAccess(github: GitHubClient, owner: string): Promise<OwnerAccess> {
  const { data } = await github.query<AccountAdminOperation>(ACCOUNT_ADMIN_QUERY, { login: owner });
  const account = toAccountAdmin(data);
  if (!account)
    throw new AppError("not-found", `GitHub has no user or organisation named ${owner}.`);
  if (account.viewerIsAdmin) return { allowed: true, login: account.login, kind: account.kind };
  const reason =
    account.kind === "user"
      ? `${account.login} is another user's account: only ${account.login} can set where its notifications go.`
      : `You (${account.viewerLogin}) are not an administrator of the ${account.login} organisation on GitHub: only its owners can set where its notifications go.`;
  return { allowed: false, reason };
}

/** Throws the refusal as a 403 unless the viewer may change the owner's notifications. */
export async function assertOwnerAdmin(github: GitHubClient, owner: string): Promise<string> {
  const access = await getOwnerAccess(github, owner);
  if (!access.allowed) throw new AppError("forbidden", access.reason);
  return access.login;
}
