import type { Commit, Release, Repo, Run } from "./model";

// What happens in the simulated GitHub that webhooks report. World emits these (live actions
// only: a scenario's history is replayed before anyone listens); webhooks/webhooks.ts turns them into
// deliveries.

export type WorldEvent =
  | {
      kind: "push";
      repo: Repo;
      /** refs/heads/main or refs/tags/v1 */
      ref: string;
      before: string;
      /** The new commit, or for an annotated tag the tag object's sha. */
      after: string;
      headCommit: Commit;
      /** Commits new to the ref (empty for a tag). */
      commits: Commit[];
      actor: string;
      created: boolean;
      at: number;
    }
  | {
      kind: "create";
      repo: Repo;
      ref: string;
      refType: "tag" | "branch";
      actor: string;
      at: number;
    }
  | {
      kind: "workflow_run";
      repo: Repo;
      run: Run;
      action: "requested" | "in_progress" | "completed";
    }
  | {
      kind: "release";
      repo: Repo;
      release: Release;
      action: "created" | "published" | "released" | "prereleased" | "edited" | "deleted";
      actor: string;
    }
  | {
      kind: "repository";
      repo: Repo;
      action: "renamed" | "transferred";
      /** What it was called, or who owned it, before. */
      from: { name: string } | { owner: string };
      actor: string;
    }
  | AppEvent;

/** App-level events (every App gets them, whatever it subscribed to). */
export type AppEvent =
  | {
      kind: "installation";
      action: "created" | "deleted" | "suspend" | "unsuspend" | "new_permissions_accepted";
      installationId: number;
      appId: number;
      actor: string;
      repos: Repo[];
    }
  | {
      kind: "installation_repositories";
      action: "added" | "removed";
      installationId: number;
      appId: number;
      actor: string;
      added: Repo[];
      removed: Repo[];
    }
  | {
      /** A person revoked their authorization of the App (settings, "Authorized GitHub Apps"). */
      kind: "github_app_authorization";
      action: "revoked";
      appId: number;
      actor: string;
    };
