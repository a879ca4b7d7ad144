import type { Issue } from "../state/issues";
import type { Account, Commit, Release, Repo, Run } from "../state/model";
import type { World } from "../state/world";

// GitHub's GraphQL types over the World are plain objects whose fields are values or functions
// of the arguments (graphql-js's default resolvers call them). Each kind of node is built in
// nodes/; a node links to other kinds through this interface (wired in root.ts), so the node
// files do not import each other in a circle.

export interface Graph {
  readonly world: World;
  /** The token's login. */
  readonly viewer: string;
  /** Web base URL, e.g. http://127.0.0.1:4010 */
  readonly base: string;
  avatar(login: string): string;
  /** A user, an App's bot or github-actions[bot] by login; null for none. */
  user(login: string | null): unknown;
  owner(account: Account): unknown;
  repository(repo: Repo): unknown;
  ref(repo: Repo, prefix: string, name: string): unknown;
  gitObject(repo: Repo, type: "commit" | "tag", sha: string): unknown;
  commit(repo: Repo, commit: Commit): unknown;
  checkSuite(repo: Repo, run: Run): unknown;
  workflowRun(repo: Repo, run: Run): unknown;
  workflow(repo: Repo, id: number): unknown;
  release(repo: Repo, release: Release): unknown;
  issue(repo: Repo, issue: Issue): unknown;
}
