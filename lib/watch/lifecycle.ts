import type { EmitterWebhookEvent } from "@octokit/webhooks";

// What an installation's lifecycle events change in tagwatch, pure: each delivery becomes a plan
// (lifecycle-effects.ts carries it out). GitHub sends them when the App is installed, uninstalled,
// suspended or granted new permissions, when repositories join or leave an installation, and when a
// repository is renamed or moved to another account. Watch state is keyed by the repository's node
// id, so a rename or transfer only moves the name that leads to it.

/** A repository as a lifecycle payload names it. */
export type RepositoryRef = { id: string; fullName: string };

/** Everything one lifecycle delivery changes. */
export type LifecyclePlan = {
  installationId: number | null;
  /** suspended / deleted: no round and no write there; null: work again; undefined: unchanged. */
  halt?: "suspended" | "deleted" | null;
  /** The cached installation token is dropped (the next carries GitHub's current grant). */
  forgetToken: boolean;
  /** The installation's cached repository list (and lookup) is dropped. */
  forgetList: boolean;
  /** Names whose cached "which installation covers it" lookup is dropped. */
  forgetNames: string[];
  /** Watched from now on, each given a round. */
  start: RepositoryRef[];
  /** Everything watch mode kept about them is dropped. */
  drop: RepositoryRef[];
  /** A repository's name changed (rename or transfer); its state stays under its id. */
  moved: { id: string; from: string; to: string } | null;
};

type Payload<E extends EmitterWebhookEvent["name"]> = EmitterWebhookEvent<E>["payload"];

function plan(installationId: number | null, changes: Partial<LifecyclePlan>): LifecyclePlan {
  return {
    installationId,
    forgetToken: false,
    forgetList: false,
    forgetNames: [],
    start: [],
    drop: [],
    moved: null,
    ...changes,
  };
}

function refsOf(entries: { node_id?: string; full_name?: string }[] | undefined): RepositoryRef[] {
  return (entries ?? []).flatMap(({ node_id, full_name }) =>
    node_id && full_name ? [{ id: node_id, fullName: full_name }] : [],
  );
}

const names = (refs: RepositoryRef[]) => refs.map((ref) => ref.fullName);

/** installation: created, deleted, suspend, unsuspend, new_permissions_accepted. */
export function planInstallation(payload: Payload<"installation">): LifecyclePlan {
  const id = payload.installation.id;
  const repositories = refsOf(payload.repositories);
  const forget = { forgetList: true, forgetNames: names(repositories) };
  switch (payload.action) {
    case "created":
      return plan(id, { ...forget, halt: null, start: repositories });
    case "deleted":
      // Its tokens are revoked; tracking issues can no longer be written.
      return plan(id, { ...forget, halt: "deleted", forgetToken: true, drop: repositories });
    case "suspend":
      return plan(id, { ...forget, halt: "suspended", forgetToken: true });
    case "unsuspend":
      // The next sweep (or webhook) resumes; GitHub mints tokens again.
      return plan(id, { ...forget, halt: null, forgetToken: true });
    case "new_permissions_accepted":
      return plan(id, { ...forget, forgetToken: true });
    default:
      return plan(id, {});
  }
}

/** installation_repositories: added, removed. */
export function planInstallationRepositories(
  payload: Payload<"installation_repositories">,
): LifecyclePlan {
  const added = refsOf(payload.repositories_added);
  const removed = refsOf(payload.repositories_removed);
  return plan(payload.installation.id, {
    forgetList: true,
    forgetNames: [...names(added), ...names(removed)],
    start: payload.action === "added" ? added : [],
    drop: payload.action === "removed" ? removed : [],
  });
}

/** repository: renamed and transferred move the name; other actions change nothing here. */
export function planRepository(payload: Payload<"repository">): LifecyclePlan | null {
  const to = payload.repository.full_name;
  let from: string | null = null;
  if (payload.action === "renamed") {
    from = `${payload.repository.owner.login}/${payload.changes.repository.name.from}`;
  } else if (payload.action === "transferred") {
    const owner = payload.changes.owner.from;
    const login = owner.organization?.login ?? owner.user?.login;
    if (login) from = `${login}/${payload.repository.name}`;
  }
  if (!from || from.toLowerCase() === to.toLowerCase()) return null;
  // A transfer may leave or join an installation: both names' lookups are asked again.
  return plan(payload.installation?.id ?? null, {
    forgetNames: [from, to],
    moved: { id: payload.repository.node_id, from, to },
  });
}
