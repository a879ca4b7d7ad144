import type { GitActor } from "./types";

const BOT_NAME = "github-actions[bot]";
const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";
// GraphQL gives the bot's login as "github-actions", REST as "github-actions[bot]".
const BOT_LOGINS = new Set(["github-actions", "github-actions[bot]"]);

/** Whether a git identity is GitHub Actions' bot (GraphQL links no user to it, so name and e-mail count). */
export function isGitHubActionsActor(actor: GitActor | null | undefined): boolean {
  if (!actor) return false;
  return (
    actor.name === BOT_NAME ||
    actor.email?.toLowerCase() === BOT_EMAIL ||
    (actor.login !== null && BOT_LOGINS.has(actor.login))
  );
}

/** Whether a login (e.g. a release's author) is GitHub Actions' bot. */
export function isGitHubActionsLogin(login: string | null | undefined): boolean {
  return login !== null && login !== undefined && BOT_LOGINS.has(login);
}

/** The name to show for a git identity: its GitHub login, else its git name. */
export function describeActor(actor: GitActor | null | undefined): string | null {
  if (!actor) return null;
  return actor.login ?? actor.name ?? null;
}
