// What a workflow's jobs do, read from their `uses:` and `run:` lines: whether they publish a
// release (and how strongly that says "this is the release workflow"), whether they create tags
// (a release bot or a tagging workflow), and which local reusable workflows they call.

/** One thing a job does that ships something, with its weight as evidence of "the release workflow". */
export type PublishSignal = {
  /** Words for the evidence sentence, e.g. "gh release create". */
  label: string;
  /** 3: makes a GitHub Release; 2: uploads release assets; 1: publishes a package or image. */
  weight: 1 | 2 | 3;
};

export type StepSummary = {
  publishes: PublishSignal[];
  /** The jobs create or push tags (git tag + push, tag actions, gh release create, release bots). */
  createsTags: boolean;
  /** The jobs make and push a tag themselves (git tag + push, tag actions): a tagging workflow. */
  pushesTags: boolean;
  /** A release bot the jobs run: semantic-release, release-please, changesets. */
  bot: string | null;
  /** Local reusable workflows called by jobs (`uses: ./.github/workflows/x.yml`), as paths. */
  calls: string[];
};

type Rule = { pattern: RegExp; label: string; weight: 1 | 2 | 3 };

const USES_RULES: Rule[] = [
  { pattern: /^softprops\/action-gh-release@/i, label: "action-gh-release", weight: 3 },
  { pattern: /^ncipollo\/release-action@/i, label: "release-action", weight: 3 },
  { pattern: /^actions\/create-release@/i, label: "actions/create-release", weight: 3 },
  { pattern: /^goreleaser\/goreleaser-action@/i, label: "GoReleaser", weight: 3 },
  { pattern: /^taiki-e\/create-gh-release-action@/i, label: "create-gh-release-action", weight: 3 },
  { pattern: /^marvinpinto\/action-automatic-releases@/i, label: "automatic-releases", weight: 3 },
  { pattern: /^tauri-apps\/tauri-action@/i, label: "tauri-action", weight: 3 },
  { pattern: /^actions-cool\/release-helper@/i, label: "release-helper", weight: 3 },
  { pattern: /^googleapis\/release-please-action@/i, label: "release-please", weight: 3 },
  {
    pattern: /^google-github-actions\/release-please-action@/i,
    label: "release-please",
    weight: 3,
  },
  { pattern: /^cycjimmy\/semantic-release-action@/i, label: "semantic-release", weight: 3 },
  { pattern: /^actions\/upload-release-asset@/i, label: "upload-release-asset", weight: 2 },
  { pattern: /^svenstaro\/upload-release-action@/i, label: "upload-release-action", weight: 2 },
  {
    pattern: /^taiki-e\/upload-rust-binary-action@/i,
    label: "upload-rust-binary-action",
    weight: 2,
  },
  { pattern: /^samuelmeuli\/action-electron-builder@/i, label: "electron-builder", weight: 2 },
  { pattern: /^changesets\/action@/i, label: "changesets", weight: 1 },
  { pattern: /^pypa\/gh-action-pypi-publish@/i, label: "PyPI publish", weight: 1 },
  { pattern: /^docker\/build-push-action@/i, label: "image push", weight: 1 },
  { pattern: /^JS-DevTools\/npm-publish@/i, label: "npm publish", weight: 1 },
  { pattern: /^katyo\/publish-crates@/i, label: "cargo publish", weight: 1 },
];

const RUN_RULES: Rule[] = [
  { pattern: /\bgh\s+release\s+create\b/, label: "gh release create", weight: 3 },
  { pattern: /\bgoreleaser\s+release\b(?![^\n]*--snapshot)/, label: "GoReleaser", weight: 3 },
  { pattern: /\bsemantic-release\b/, label: "semantic-release", weight: 3 },
  { pattern: /\bgh\s+api\b[^\n]*\/releases\b/, label: "the releases API", weight: 3 },
  { pattern: /\bgh\s+release\s+upload\b/, label: "gh release upload", weight: 2 },
  { pattern: /\b(?:cargo[\s-]+)?dist\s+(?:build|host|plan)\b/, label: "cargo-dist", weight: 2 },
  {
    pattern: /\belectron-builder\b[^\n]*(?:--publish|-p)\s+always/,
    label: "electron-builder",
    weight: 2,
  },
  { pattern: /\b(?:npm|pnpm|yarn)\s+publish\b/, label: "npm publish", weight: 1 },
  { pattern: /\bchangeset\s+publish\b/, label: "changesets", weight: 1 },
  { pattern: /\bcargo\s+publish\b/, label: "cargo publish", weight: 1 },
  { pattern: /\btwine\s+upload\b/, label: "PyPI upload", weight: 1 },
  { pattern: /\b(?:uv|poetry|flit|hatch)\s+publish\b/, label: "PyPI publish", weight: 1 },
  { pattern: /\bdocker\s+(?:image\s+)?push\b/, label: "image push", weight: 1 },
  { pattern: /\bdocker\s+buildx\s+build\b[^\n]*--push\b/, label: "image push", weight: 1 },
  { pattern: /\bgem\s+push\b/, label: "gem push", weight: 1 },
  { pattern: /\bdotnet\s+nuget\s+push\b/, label: "NuGet push", weight: 1 },
];

const BOT_USES: [RegExp, string][] = [
  [/^(?:googleapis|google-github-actions)\/release-please-action@/i, "release-please"],
  [/^cycjimmy\/semantic-release-action@/i, "semantic-release"],
  [/^changesets\/action@/i, "changesets"],
];

const TAG_USES =
  /^(?:mathieudutour\/github-tag-action|anothrNick\/github-tag-action|rickstaa\/action-create-tag|negz\/create-tag|butlerlogic\/action-autotag)@/i;
// Release actions create the tag when it does not exist yet.
const RELEASE_USES =
  /^(?:ncipollo\/release-action|softprops\/action-gh-release|actions\/create-release|tauri-apps\/tauri-action|taiki-e\/create-gh-release-action|marvinpinto\/action-automatic-releases|actions-cool\/release-helper)@/i;
// `git push` of a tag: --tags / --follow-tags / refs/tags, or a push right after a `git tag`.
const TAG_PUSH = /\bgit\s+push\b[^\n]*(?:--tags|--follow-tags|refs\/tags\/)/;
const GIT_TAG = /\bgit\s+tag\s+(?!-l\b|--list\b|-d\b|--delete\b|--contains\b|--points-at\b)/;
const GIT_PUSH = /\bgit\s+push\b/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Step = { uses: string | null; run: string | null; with: Record<string, unknown> };

function stepsOf(job: Record<string, unknown>): Step[] {
  const steps = Array.isArray(job.steps) ? job.steps : [];
  return steps.filter(isRecord).map((step) => ({
    uses: typeof step.uses === "string" ? step.uses.trim() : null,
    run: typeof step.run === "string" ? step.run : null,
    with: isRecord(step.with) ? step.with : {},
  }));
}

function goreleaserReleases(args: unknown): boolean {
  const text = typeof args === "string" ? args : "";
  return /\brelease\b/.test(text) && !/--snapshot\b/.test(text);
}

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** Reads what a workflow's jobs do (the `jobs:` value of the parsed file). */
export function summarizeSteps(jobs: unknown): StepSummary {
  const publishes: PublishSignal[] = [];
  const calls: string[] = [];
  let createsTags = false;
  let pushesTags = false;
  let bot: string | null = null;
  const seen = new Set<string>();
  const add = (rule: Rule) => {
    if (seen.has(rule.label)) return;
    seen.add(rule.label);
    publishes.push({ label: rule.label, weight: rule.weight });
  };

  for (const job of Object.values(isRecord(jobs) ? jobs : {})) {
    if (!isRecord(job)) continue;
    if (typeof job.uses === "string" && job.uses.trim().startsWith("./.github/workflows/")) {
      calls.push(job.uses.trim().slice(2).split("@")[0] as string);
    }
    let taggedInJob = false;
    for (const step of stepsOf(job)) {
      if (step.uses) {
        for (const rule of USES_RULES) {
          if (!rule.pattern.test(step.uses)) continue;
          // build-push-action publishes only when it pushes; GoReleaser only with `release`.
          if (rule.label === "image push" && isFalse(step.with.push ?? false)) continue;
          if (rule.label === "GoReleaser" && !goreleaserReleases(step.with.args)) continue;
          add(rule);
        }
        for (const [pattern, name] of BOT_USES) if (pattern.test(step.uses)) bot ??= name;
        if (TAG_USES.test(step.uses)) pushesTags = true;
        if (RELEASE_USES.test(step.uses)) createsTags = true;
      }
      if (step.run) {
        for (const rule of RUN_RULES) if (rule.pattern.test(step.run)) add(rule);
        if (/\bsemantic-release\b/.test(step.run)) bot ??= "semantic-release";
        if (/\bchangeset\s+publish\b/.test(step.run)) bot ??= "changesets";
        if (/\bgh\s+release\s+create\b/.test(step.run)) createsTags = true;
        if (TAG_PUSH.test(step.run)) pushesTags = true;
        if (GIT_TAG.test(step.run)) taggedInJob = true;
        if (taggedInJob && GIT_PUSH.test(step.run)) pushesTags = true;
      }
    }
  }
  return {
    publishes,
    createsTags: createsTags || pushesTags || bot !== null,
    pushesTags,
    bot,
    calls,
  };
}

/** The strongest publish weight of a summary (0 when it publishes nothing). */
export function publishWeight(summary: Pick<StepSummary, "publishes">): number {
  return summary.publishes.reduce((best, signal) => Math.max(best, signal.weight), 0);
}
