import type { Repo } from "./model";
import type { World } from "./world";

// A repository renamed or transferred to another account, as its admin does in its settings. It
// keeps its id (and everything in it); the old name answers with a redirect, as on GitHub, and
// Apps subscribed to `repository` events hear `renamed` / `transferred`.

function move(world: World, repo: Repo, owner: string, name: string): void {
  const before = `${repo.owner}/${repo.name}`.toLowerCase();
  world.repos.delete(before);
  world.movedRepos.set(before, repo.id);
  repo.owner = owner;
  repo.name = name;
  const after = `${owner}/${name}`.toLowerCase();
  world.repos.set(after, repo);
  // A name taken again by a new move is no longer a redirect.
  world.movedRepos.delete(after);
  repo.updatedAt = world.now();
}

/** Renames a repository; null, or why GitHub would refuse. */
export function renameRepo(world: World, repo: Repo, name: string, by: string): string | null {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name))
    return "name may only contain letters, digits, '.', '-' and '_'";
  if (world.repo(repo.owner, name)) return `${repo.owner}/${name} already exists`;
  const from = repo.name;
  move(world, repo, repo.owner, name);
  world.emit({ kind: "repository", action: "renamed", repo, from: { name: from }, actor: by });
  return null;
}

/** Transfers a repository to another account; null, or why GitHub would refuse. */
export function transferRepo(world: World, repo: Repo, owner: string, by: string): string | null {
  const account = world.accounts.get(owner.toLowerCase());
  if (!account) return `No account ${owner}`;
  if (world.repo(account.login, repo.name)) return `${account.login}/${repo.name} already exists`;
  const from = repo.owner;
  move(world, repo, account.login, repo.name);
  // It leaves the old account's installations (a later transfer back does not restore it).
  for (const installation of world.installations.values())
    if (installation.account.toLowerCase() === from.toLowerCase())
      installation.repositoryIds.delete(repo.id);
  // Explicit collaborators stay, as on GitHub; the new owner's own rights follow from ownership.
  world.emit({ kind: "repository", action: "transferred", repo, from: { owner: from }, actor: by });
  return null;
}
