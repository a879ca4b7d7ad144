// Turns the situations of tests/unit/pipelines (expectations, shapes) into a GitHub-simulator
// scenario: one repository per situation, holding its shape's workflow files, and a history that
// makes the simulator produce the tags, runs and releases itself, by GitHub's rules: a maintainer's
// tag push starts what it starts, a GITHUB_TOKEN push starts nothing, a release bot's branch run
// creates its tag and release, a dispatch with a version input creates the tag it names, a person's
// release fires `on: release`. No run is stored; expected run ids are matched to the simulator's
// runs by (workflow file, event, commit) afterwards.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReleaseTrigger } from "@/lib/health/types";
import {
  type RunSpec,
  SCENARIOS,
  type Scenario,
  type TagSpec,
} from "../../unit/pipelines/expectations";

export const SHAPES = fileURLToPath(new URL("../../unit/pipelines/shapes", import.meta.url));
export const OWNER = "octo-maintainer";
export const TOKEN = "sim_token_octo-maintainer";
const DAY_MINUTES = 24 * 60;

/** A situation the simulator cannot produce through its rules; the repository is not generated. */
export type Skipped = { index: number; reason: string };

/**
 * Situations the simulator's rules cannot reproduce (title prefix -> why). Everything else in
 * expectations.yaml is replayed.
 */
const CANNOT_REPRODUCE: { shape: string; examine?: string; reason: string }[] = [
  // Empty since the simulator's history dispatch gained `createsTag` (a run that pushes a tag it
  // computes itself): the version-bump release and the scheduled auto-tagger replay now.
];

export type RepoPlan = {
  index: number;
  scenario: Scenario;
  repo: string;
  /** Approximations made to replay this situation (said in the test title). */
  notes: string[];
};

export function repoName(index: number, scenario: Scenario): string {
  return `${scenario.shape}-${index}`;
}

export function shapeFiles(shape: string): Record<string, string> {
  const names = readdirSync(join(SHAPES, shape)).filter((name) => /\.ya?ml$/.test(name));
  return Object.fromEntries(
    names.map((name) => [name, readFileSync(join(SHAPES, shape, name), "utf8")]),
  );
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** What the shape's release workflow is and how the simulator should make it behave. */
type ShapeRelease = {
  file: string;
  triggers: ReleaseTrigger[];
  releaseTypes: string[];
  versionInput: string | null;
  publishInput: string | null;
  assets: string[];
};

function shapeRelease(shape: string): ShapeRelease | null {
  const scenarios = SCENARIOS.filter((candidate) => candidate.shape === shape);
  const withWorkflow = scenarios.find((candidate) => candidate.expect.releaseWorkflow);
  const workflow = withWorkflow?.expect.releaseWorkflow;
  if (!workflow) return null;
  const file = list(workflow.file)[0] as string;
  const triggers = scenarios.flatMap((candidate) =>
    list(candidate.expect.releaseWorkflow?.trigger),
  );
  // The input carrying the version: the one a confident dispatch fills with the tag.
  let versionInput: string | null = null;
  for (const candidate of scenarios) {
    const action = candidate.expect.action;
    if (action?.kind !== "dispatch" || action.needsReview) continue;
    for (const [name, value] of Object.entries(action.inputs)) {
      const bare = candidate.examine.replace(/^v/, "");
      if (list(value).some((one) => one === candidate.examine || one === bare)) versionInput = name;
    }
  }
  // A `push` boolean that defaults to false builds an image and publishes nothing.
  const publishInput = shape === "docker-push-off-by-default" ? "push" : null;
  // Asset names of the newest release that has some, with its version made a template.
  const withAssets = scenarios
    .flatMap((candidate) => candidate.tags)
    .filter((tag) => (tag.release?.assets ?? []).length > 0)
    .sort((a, b) => a.daysAgo - b.daysAgo)[0];
  const version = withAssets?.name.replace(/^v/, "").replace(/^.*@/, "") ?? "";
  const assets = (withAssets?.release?.assets ?? []).map((name) =>
    version ? name.split(version).join("{version}") : name,
  );
  const releaseTypes = scenarios.flatMap(
    (candidate) => candidate.expect.releaseWorkflow?.releaseTypes ?? [],
  );
  return { file, triggers, releaseTypes, versionInput, publishInput, assets };
}

type HistoryEntry = Record<string, unknown> & { daysAgo: number };

function conclusionOutcomes(runs: RunSpec[], bot: string | null): Record<string, unknown> {
  const outcomes: Record<string, unknown> = {};
  for (const run of runs) {
    const failed = run.conclusion && run.conclusion !== "success";
    if (run.status && run.status !== "completed") outcomes[run.file] = run.status;
    else if (failed && run.file === bot)
      // A release bot that failed after pushing its tag (the tag exists, so it is judged).
      outcomes[run.file] = { conclusion: run.conclusion, after: "tag" };
    else if (failed) outcomes[run.file] = run.conclusion;
  }
  return outcomes;
}

/** The history entries that make the simulator produce one tag of a situation. */
function entriesForTag(
  spec: TagSpec,
  release: ShapeRelease | null,
  defaultBranch: string,
  notes: string[],
): HistoryEntry[] {
  const runs = spec.runs ?? [];
  const annotated = spec.annotated ?? spec.by !== "web-flow";
  const isBot = release?.triggers.includes("release-bot") ?? false;
  const branchDispatch = runs.find((run) => run.event === "workflow_dispatch" && run.branch);
  const scheduled = runs.find((run) => run.event === "schedule");
  const tagDispatch = runs.find((run) => run.event === "workflow_dispatch" && !run.branch);
  const botRun = runs.find(
    (run) => isBot && run.event === "push" && run.branch && run.file === release?.file,
  );
  const entries: HistoryEntry[] = [];
  const base = { daysAgo: spec.daysAgo, commit: `Prepare ${spec.name}` };
  let releaseMadeByRun = false;

  if (botRun) {
    // The bot's push-to-main run creates the tag (lightweight, GITHUB_TOKEN) and its release.
    entries.push({
      ...base,
      by: OWNER,
      botTags: { [botRun.file]: spec.name },
      outcomes: conclusionOutcomes(runs, botRun.file),
    });
    releaseMadeByRun = true;
  } else if (scheduled) {
    // A scheduled tagger pushes the tag with GITHUB_TOKEN; its workflow_run followers release it.
    notes.push(`${scheduled.file}'s scheduled run replayed as a dispatch (no schedule event)`);
    entries.push({
      ...base,
      by: OWNER,
      dispatch: { workflow: scheduled.file, createsTag: spec.name },
      outcomes: conclusionOutcomes(runs, null),
    });
    releaseMadeByRun = true;
  } else if (branchDispatch) {
    // A person dispatches the release on the default branch with the version; the run creates
    // the tag and the release. A release without a version input (version bump) computes the
    // tag itself.
    if (!release?.versionInput) {
      entries.push({
        ...base,
        by: OWNER,
        dispatch: { workflow: branchDispatch.file, createsTag: spec.name },
        outcomes: conclusionOutcomes(runs, null),
      });
      return [...entries, ...releaseEntries(spec, runs, true, release, notes)];
    }
    if (branchDispatch.branch !== defaultBranch)
      notes.push(
        `dispatched on ${defaultBranch}, not ${branchDispatch.branch} (the simulator has only the default branch)`,
      );
    if (typeof spec.by === "object")
      notes.push("the tag is made by github-actions[bot], not a custom bot identity");
    entries.push({
      ...base,
      by: OWNER,
      dispatch: {
        workflow: branchDispatch.file,
        inputs: { [release.versionInput]: spec.name },
      },
      outcomes: conclusionOutcomes(runs, null),
    });
    releaseMadeByRun = true;
  } else if (spec.by === "maintainer") {
    entries.push({
      ...base,
      by: OWNER,
      tags: [spec.name],
      annotated,
      outcomes: conclusionOutcomes(runs, null),
    });
    if (tagDispatch) {
      // A person dispatched the release workflow on the tag afterwards.
      entries.push({
        daysAgo: spec.daysAgo - (tagDispatch.minutesAfter ?? 10) / DAY_MINUTES,
        by: OWNER,
        dispatch: {
          workflow: tagDispatch.file,
          ref: spec.name,
          inputs: release?.versionInput ? { [release.versionInput]: spec.name } : {},
        },
      });
      releaseMadeByRun = true;
    }
    releaseMadeByRun ||= runs.some(
      (run) => run.file === release?.file && run.event !== "release" && !run.conclusion,
    );
  } else {
    // github-actions[bot] (GITHUB_TOKEN), or web-flow without a run that made it: nothing runs.
    if (runs.length > 0) throw new Error(`${spec.name}: runs without a maker that starts them`);
    entries.push({ ...base, withGithubToken: true, tags: [spec.name], annotated });
  }

  return [...entries, ...releaseEntries(spec, runs, releaseMadeByRun, release, notes)];
}

/** The release of a tag when no listed run makes it: a person's, or one made with GITHUB_TOKEN. */
function releaseEntries(
  spec: TagSpec,
  runs: RunSpec[],
  releaseMadeByRun: boolean,
  release: ShapeRelease | null,
  notes: string[],
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const wanted = spec.release;
  const personRelease = runs.some((run) => run.event === "release");
  if (wanted && (personRelease || !releaseMadeByRun)) {
    // A person's release would start an `on: release` release workflow that listens to it; the
    // table lists no such run, so the release was made with GITHUB_TOKEN (which starts nothing).
    const wouldFire =
      !personRelease &&
      release?.triggers.includes("release") &&
      (release.releaseTypes.length === 0 ||
        release.releaseTypes.includes("published") ||
        release.releaseTypes.includes(wanted.prerelease ? "prereleased" : "released"));
    if (wouldFire && wanted.author !== "github-actions[bot]")
      notes.push(
        `${spec.name}'s release made with GITHUB_TOKEN: a person's would start ${release?.file}, which the table does not list`,
      );
    const byBot = wanted.author === "github-actions[bot]" || wouldFire;
    entries.push({
      daysAgo: spec.daysAgo - (wanted.minutesAfter ?? 30) / DAY_MINUTES,
      ...(byBot ? { withGithubToken: true } : { by: OWNER }),
      release: {
        tag: spec.name,
        // Assets no listed run uploads were uploaded by hand (the `updater` manifest, an rc's
        // packages built elsewhere).
        ...(!personRelease && (wanted.assets ?? []).length > 0 ? { assets: wanted.assets } : {}),
        ...(wanted.draft ? { draft: true } : {}),
        ...(wanted.prerelease ? { prerelease: true } : {}),
      },
    });
  }
  return entries;
}

export function buildReplayScenario(): {
  scenario: Record<string, unknown>;
  plans: RepoPlan[];
  skipped: Skipped[];
} {
  const plans: RepoPlan[] = [];
  const skipped: Skipped[] = [];
  const repositories: Record<string, unknown>[] = [];
  SCENARIOS.forEach((scenario, index) => {
    const cannot = CANNOT_REPRODUCE.find(
      (entry) =>
        entry.shape === scenario.shape &&
        (entry.examine === undefined || entry.examine === scenario.examine) &&
        scenario.tags.some((tag) => tag.by !== "maintainer" && (tag.runs ?? []).length > 0),
    );
    if (cannot) {
      skipped.push({ index, reason: cannot.reason });
      return;
    }
    const release = shapeRelease(scenario.shape);
    const notes: string[] = [];
    const files = shapeFiles(scenario.shape);
    const workflows: Record<string, unknown> = {};
    // A scheduled tagger only pushes the tag (its followers make the release).
    for (const run of scenario.tags.flatMap((tag) => tag.runs ?? []))
      if (run.event === "schedule")
        workflows[run.file] = { release: { assets: [], createRelease: false } };
    if (release) {
      const uploadsOnly = release.triggers.includes("release");
      workflows[release.file] = {
        bot: release.triggers.includes("release-bot"),
        release: {
          assets: release.assets,
          createRelease: !uploadsOnly,
          versionInput: release.versionInput,
          publishInput: release.publishInput,
        },
      };
    }
    // Tags made by one run share a commit (changesets): the simulator's bot creates one tag per
    // workflow run, so only the first of them is replayed.
    const seenCommits = new Set<string>();
    const tags = scenario.tags.filter((tag) => {
      if (!tag.commit) return true;
      if (seenCommits.has(tag.commit)) {
        if (tag.name !== scenario.examine)
          notes.push(`${tag.name} left out (one bot run creates one tag in the simulator)`);
        return tag.name === scenario.examine;
      }
      seenCommits.add(tag.commit);
      return true;
    });
    // The default branch is the one the situation's branch runs are on (main or master).
    const defaultBranch =
      scenario.tags
        .flatMap((tag) => tag.runs ?? [])
        .map((run) => run.branch)
        .find((branch) => branch === "main" || branch === "master") ?? "main";
    const history = tags
      .flatMap((tag) => entriesForTag(tag, release, defaultBranch, notes))
      .sort((a, b) => b.daysAgo - a.daysAgo);
    // The repository's first commit carries the workflow files.
    const firstDays = Math.max(...history.map((entry) => entry.daysAgo)) + 1;
    history.unshift({ daysAgo: firstDays, by: OWNER, commit: "Initial commit" });
    const tree: Record<string, string> = { "README.md": `# ${scenario.shape}\n` };
    for (const [name, text] of Object.entries(files)) tree[`.github/workflows/${name}`] = text;
    if (scenario.tagwatchConfig) tree[".github/tagwatch.yml"] = scenario.tagwatchConfig;
    const name = repoName(index, scenario);
    repositories.push({
      owner: OWNER,
      name,
      description: scenario.title,
      defaultBranch,
      workflows,
      files: tree,
      history,
    });
    plans.push({ index, scenario, repo: name, notes: [...new Set(notes)] });
  });
  return {
    scenario: {
      description: "Replay of tests/unit/pipelines/expectations.yaml (generated)",
      users: [{ login: OWNER, name: "Mona Maintainer", tokens: [TOKEN] }],
      repositories,
    },
    plans,
    skipped,
  };
}
