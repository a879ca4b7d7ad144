import type { Repo } from "./model";

// Issues, labels and comments of the simulated repositories (the model; rest/issues.ts serves
// REST, the GraphQL views the `repository.issues`/`issue` fields).

export type Label = {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
};

export type IssueComment = {
  id: number;
  nodeId: string;
  body: string;
  author: string;
  createdAt: number;
  updatedAt: number;
};

export type IssueState = "open" | "closed";
export type StateReason = "completed" | "not_planned" | "reopened" | null;

export type Issue = {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason;
  /** Label names, in the order they were added. */
  labels: string[];
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  comments: IssueComment[];
};

type RepoIssues = { issues: Issue[]; labels: Label[]; nextNumber: number };

/** The labels every new GitHub repository starts with. */
const DEFAULT_LABELS: [string, string, string][] = [
  ["bug", "d73a4a", "Something isn't working"],
  ["documentation", "0075ca", "Improvements or additions to documentation"],
  ["duplicate", "cfd3d7", "This issue or pull request already exists"],
  ["enhancement", "a2eeef", "New feature or request"],
  ["good first issue", "7057ff", "Good for newcomers"],
  ["help wanted", "008672", "Extra attention is needed"],
  ["invalid", "e4e669", "This doesn't seem right"],
  ["question", "d876e3", "Further information is requested"],
  ["wontfix", "ffffff", "This will not be worked on"],
];

const encodeNodeId = (type: string, id: number) =>
  Buffer.from(`04:${type}${id}`).toString("base64").replace(/=+$/, "");

export class IssueStore {
  private readonly byRepo = new Map<number, RepoIssues>();
  private ids = { issue: 90_000_000, comment: 95_000_000, label: 97_000_000 };

  private of(repo: Repo): RepoIssues {
    let entry = this.byRepo.get(repo.id);
    if (!entry) {
      entry = {
        issues: [],
        labels: DEFAULT_LABELS.map(([name, color, description]) =>
          this.makeLabel(name, color, description, true),
        ),
        nextNumber: 1,
      };
      this.byRepo.set(repo.id, entry);
    }
    return entry;
  }

  private makeLabel(
    name: string,
    color: string,
    description: string | null,
    isDefault: boolean,
  ): Label {
    const id = ++this.ids.label;
    return { id, nodeId: encodeNodeId("Label", id), name, color, description, default: isDefault };
  }

  /**
   * The repository's next issue number. On GitHub issues and pull requests share one sequence:
   * a pull-request store should take its numbers here too.
   */
  takeNumber(repo: Repo): number {
    return this.of(repo).nextNumber++;
  }

  issues(repo: Repo): Issue[] {
    return this.of(repo).issues;
  }

  issue(repo: Repo, number: number): Issue | undefined {
    return this.of(repo).issues.find((issue) => issue.number === number);
  }

  labels(repo: Repo): Label[] {
    return this.of(repo).labels;
  }

  label(repo: Repo, name: string): Label | undefined {
    return this.of(repo).labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
  }

  createLabel(
    repo: Repo,
    name: string,
    color = "ededed",
    description: string | null = null,
  ): Label {
    const label = this.makeLabel(name, color.replace(/^#/, "").toLowerCase(), description, false);
    this.of(repo).labels.push(label);
    return label;
  }

  /** GitHub creates a label that an issue names but the repository lacks. */
  ensureLabels(repo: Repo, names: string[]): string[] {
    const result: string[] = [];
    for (const name of names) {
      const label = this.label(repo, name) ?? this.createLabel(repo, name);
      if (!result.includes(label.name)) result.push(label.name);
    }
    return result;
  }

  createIssue(
    repo: Repo,
    options: { title: string; body: string | null; labels: string[]; author: string; at: number },
  ): Issue {
    const entry = this.of(repo);
    const id = ++this.ids.issue;
    const issue: Issue = {
      id,
      nodeId: encodeNodeId("Issue", id),
      number: this.takeNumber(repo),
      title: options.title,
      body: options.body,
      state: "open",
      stateReason: null,
      labels: this.ensureLabels(repo, options.labels),
      author: options.author,
      createdAt: options.at,
      updatedAt: options.at,
      closedAt: null,
      closedBy: null,
      comments: [],
    };
    entry.issues.push(issue);
    return issue;
  }

  addComment(issue: Issue, body: string, author: string, at: number): IssueComment {
    const id = ++this.ids.comment;
    const comment: IssueComment = {
      id,
      nodeId: encodeNodeId("IssueComment", id),
      body,
      author,
      createdAt: at,
      updatedAt: at,
    };
    issue.comments.push(comment);
    issue.updatedAt = at;
    return comment;
  }

  setState(issue: Issue, state: IssueState, reason: StateReason, by: string, at: number): void {
    if (state === issue.state) {
      if (state === "closed" && reason) issue.stateReason = reason;
      return;
    }
    issue.state = state;
    issue.updatedAt = at;
    if (state === "closed") {
      issue.stateReason = reason ?? "completed";
      issue.closedAt = at;
      issue.closedBy = by;
    } else {
      issue.stateReason = "reopened";
      issue.closedAt = null;
      issue.closedBy = null;
    }
  }

  /** Every repository with issues: `[repoId, issues]` (control API). */
  all(): [number, Issue[]][] {
    return [...this.byRepo.entries()].map(([id, entry]) => [id, entry.issues]);
  }
}
