import {
  literalOf,
  type ShellCommand,
  type ShellWord,
  shellCommands,
  type WordPart,
} from "./shell";
import {
  apiCreates,
  canonical,
  ghReleaseCreates,
  gitCommand,
  gitPushSends,
  gitTagCreates,
  jsString,
  shellWordOf,
  stripPrefix,
  templateParts,
  writesTo,
} from "./tag-commands";

// THE rule of which workflow steps make a tag, found by what they do rather than by how a variable
// is named: inside `run:` the value given to `git tag` is followed to the `git push` that sends it
// (alone or with a branch, `--atomic`, `HEAD:main`, `refs/tags/...`), plus `--tags` and
// `--follow-tags`, tags created through the API (`gh api .../git/refs`, github-script's
// `git.createRef`), `gh release create`, tagging actions and release actions. For each, how a later
// step of the same job can name the tag, or why it cannot. Pure: plain data in, plain data out.

/** A step as written (`uses`, `run`, `with`, `env`, `id`, `shell`). */
export type StepInput = {
  id: string | null;
  uses: string | null;
  run: string | null;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  shell: string | null;
};

/** A job with what its steps inherit: `env` (the workflow's and the job's), the default shell. */
export type JobInput = {
  steps: StepInput[];
  env: Record<string, unknown>;
  /** `defaults.run.shell` of the job, else the workflow's. */
  shell: string | null;
  runsOn: string;
};

/** The output a tagging step gets from tagwatch when only its script knows the tag's name. */
export const RECORDED_OUTPUT = "pushed-tag";

/**
 * How a step after the tagging step can name the tag it made:
 * - `value`: text and `${{ }}` expressions (fits an `env:` value); `needsId` when it reads the
 *   outputs of a step that has no `id:` yet;
 * - `shell`: a shell word any later step of the job can expand (`$GITHUB_REF_NAME`...);
 * - `record`: a word only the tagging script knows: tagwatch records it as the step's output
 *   `pushed-tag` right after the script offset `after`;
 * - `at-head`: every tag at the pushed commit (`git push --tags`, `--follow-tags`).
 */
export type TagSource =
  | { kind: "value"; value: string; needsId: string | null }
  | { kind: "shell"; word: string }
  | {
      kind: "record";
      /** The tag as a shell word, and its canonical spelling (to match what the script writes). */
      word: string;
      key: string;
      /** Script offsets of the command that sends the tag. */
      start: number;
      after: number;
      id: string;
      needsId: string | null;
    }
  | { kind: "at-head" };

export type TagMakerKind = "git-push" | "tag-action" | "gh-release" | "release-action" | "api";

/** A step that makes a tag on GitHub, and how its tag can be named after it (or why not). */
export type TagMaker = {
  index: number;
  kind: TagMakerKind;
  tag: TagSource | { unsure: string };
};

const DEFAULT_ID = "tagging";
const MAX_DEPTH = 4;

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** What a job's steps can see, step by step. */
class JobScope {
  /** Variables earlier steps wrote to $GITHUB_ENV: later steps have them. */
  readonly exported = new Set<string>();
  /** Tag words `git tag` created in this job, by their canonical spelling, and whether at HEAD. */
  readonly created = new Map<string, { atHead: boolean }>();

  constructor(readonly job: JobInput) {}
}

/** Resolves a script's words with the variables set before each command. */
class ScriptScope {
  readonly vars = new Map<string, ShellWord>();

  constructor(
    readonly job: JobScope,
    readonly step: StepInput,
  ) {}

  /** A variable's value as parts a later step can use; `unknown` when nothing in sight sets it. */
  variable(name: string, depth: number): WordPart[] | "script" | "unknown" {
    const assigned = this.vars.get(name);
    if (assigned) {
      const resolved = this.parts(assigned.parts, depth + 1);
      return resolved;
    }
    const stepEnv = asText(this.step.env[name]);
    if (stepEnv !== null) return templateParts(stepEnv);
    const jobEnv = asText(this.job.job.env[name]);
    if (jobEnv !== null) return templateParts(jobEnv);
    if (this.job.exported.has(name)) return [{ kind: "expression", text: `\${{ env.${name} }}` }];
    if (/^(?:GITHUB|RUNNER)_[A-Z_]+$/.test(name)) return [{ kind: "variable", name }];
    return "unknown";
  }

  /** A word's parts with script variables replaced; "script" when only this script knows it. */
  parts(parts: WordPart[], depth = 0): WordPart[] | "script" | "unknown" {
    if (depth > MAX_DEPTH) return "script";
    const out: WordPart[] = [];
    let scriptOnly = false;
    for (const part of parts) {
      if (part.kind === "computed") {
        scriptOnly = true;
      } else if (part.kind === "variable") {
        const value = this.variable(part.name, depth);
        if (value === "unknown") return "unknown";
        if (value === "script") scriptOnly = true;
        else out.push(...value);
      } else {
        out.push(part);
      }
    }
    return scriptOnly ? "script" : out;
  }
}

function sourceOf(resolved: WordPart[]): TagSource {
  if (resolved.every((part) => part.kind === "text" || part.kind === "expression")) {
    return { kind: "value", value: canonical(resolved), needsId: null };
  }
  return { kind: "shell", word: shellWordOf(resolved) };
}

function isBash(step: StepInput, job: JobInput): boolean {
  const shell = step.shell ?? job.shell ?? (/windows/i.test(job.runsOn) ? "pwsh" : "bash");
  return /^(?:bash|sh)(?:\s|$)/.test(shell.trim());
}

type Found = { kind: TagMakerKind; tag: TagSource | { unsure: string } };

/** A run script's last tag-making command, as seen from the steps after it. */
function scanScript(step: StepInput, job: JobScope): Found | null {
  const script = step.run ?? "";
  const commands = shellCommands(script);
  const scope = new ScriptScope(job, step);
  let found: Found | null = null;
  const envWrites: { name: string; value: string }[] = [];
  const outputWrites: { name: string; value: string }[] = [];
  const pending: { parts: WordPart[]; after: number; inLoop: boolean }[] = [];
  const usable = (parts: WordPart[], command: ShellCommand): TagSource | { unsure: string } => {
    const resolved = scope.parts(parts);
    if (resolved === "unknown") {
      return { unsure: `the tag ${canonical(parts)} is set where tagwatch cannot see it` };
    }
    if (resolved !== "script") return sourceOf(resolved);
    pending.push({ parts, after: command.end, inLoop: command.inLoop });
    return {
      kind: "record",
      word: shellWordOf(parts),
      key: canonical(parts),
      start: command.start,
      after: command.end,
      id: "",
      needsId: null,
    };
  };
  for (const command of commands) {
    for (const { name, value } of command.assignments) {
      if (command.words.length === 0) scope.vars.set(name, value);
    }
    const program = literalOf(command.words[0] ?? { raw: "", parts: [] });
    if (program && ["export", "local", "declare", "readonly", "typeset"].includes(program)) {
      for (const word of command.words.slice(1)) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.raw);
        if (!match?.[1]) continue;
        const equals = word.raw.indexOf("=");
        const rest = stripPrefix(word.parts, `${match[1]}=`) ?? [];
        scope.vars.set(match[1], { raw: word.raw.slice(equals + 1), parts: rest });
      }
    }
    envWrites.push(...writesTo(command, "GITHUB_ENV"));
    outputWrites.push(...writesTo(command, "GITHUB_OUTPUT"));
    const git = gitCommand(command);
    if (git?.sub === "tag") {
      const created = gitTagCreates(git.args);
      if (created) job.created.set(canonical(created.word.parts), { atHead: created.atHead });
    }
    if (git?.sub === "push") {
      const sent = gitPushSends(git.args, job.created);
      if (sent) {
        if (sent.all || sent.words.length > 1) {
          const atHead = sent.words.every((word) => job.created.get(canonical(word))?.atHead);
          found = {
            kind: "git-push",
            tag: atHead
              ? { kind: "at-head" }
              : { unsure: "it pushes several tags, not all made at the pushed commit" },
          };
        } else {
          found = { kind: "git-push", tag: usable(sent.words[0] as WordPart[], command) };
        }
      }
    }
    const api = apiCreates(command);
    if (api) found = { kind: "api", tag: usable(api, command) };
    const release = ghReleaseCreates(command);
    if (release) found = { kind: "gh-release", tag: usable(release.parts, command) };
  }
  for (const { name } of envWrites) job.exported.add(name);
  if (!found || !("kind" in found.tag) || found.tag.kind !== "record") return found;
  return {
    kind: found.kind,
    tag: recorded(found.tag, step, envWrites, outputWrites, pending),
  };
}

/** A tag only the script knows: read it from what the script exports, else record it. */
function recorded(
  tag: Extract<TagSource, { kind: "record" }>,
  step: StepInput,
  envWrites: { name: string; value: string }[],
  outputWrites: { name: string; value: string }[],
  pending: { parts: WordPart[]; after: number; inLoop: boolean }[],
): TagSource | { unsure: string } {
  const exported = envWrites.find((write) => write.value === tag.key);
  if (exported) return { kind: "value", value: `\${{ env.${exported.name} }}`, needsId: null };
  const id = step.id ?? DEFAULT_ID;
  const output = outputWrites.find((write) => write.value === tag.key);
  if (output) {
    return {
      kind: "value",
      value: `\${{ steps.${id}.outputs.${output.name} }}`,
      needsId: step.id ? null : id,
    };
  }
  const last = pending.find((entry) => entry.after === tag.after);
  if (last?.inLoop) return { unsure: `it pushes ${tag.key} in a loop, so there may be several` };
  return { ...tag, id, needsId: step.id ? null : id };
}

// Tagging actions: what names the tag they make.
const TAG_ACTIONS: Record<string, (step: StepInput) => { value: string; output: boolean } | null> =
  {
    "mathieudutour/github-tag-action": () => ({ value: "new_tag", output: true }),
    "anothrnick/github-tag-action": () => ({ value: "new_tag", output: true }),
    "butlerlogic/action-autotag": () => ({ value: "tagname", output: true }),
    // release-please tags through the API when its release PR is merged; `tag_name` (the root
    // package's) is empty on the runs that release nothing.
    "googleapis/release-please-action": () => ({ value: "tag_name", output: true }),
    "google-github-actions/release-please-action": () => ({ value: "tag_name", output: true }),
    "klemensas/action-autotag": () => ({ value: "tagname", output: true }),
    "rickstaa/action-create-tag": (step) => {
      const tag = asText(step.with.tag);
      return tag ? { value: tag, output: false } : null;
    },
    "negz/create-tag": (step) => {
      const tag = asText(step.with.version);
      return tag ? { value: tag, output: false } : null;
    },
    "pkgdeps/git-tag-action": (step) => {
      const version = asText(step.with.version);
      return version
        ? { value: `${asText(step.with.git_tag_prefix) ?? ""}${version}`, output: false }
        : null;
    },
  };

// Release actions make the tag when it does not exist yet.
const RELEASE_ACTIONS: Record<string, string> = {
  "softprops/action-gh-release": "tag_name",
  "ncipollo/release-action": "tag",
};

function scanAction(step: StepInput, job: JobScope): Found | null {
  const action = (step.uses ?? "").split("@")[0]?.toLowerCase() ?? "";
  const tagAction = TAG_ACTIONS[action];
  if (tagAction) {
    const tag = tagAction(step);
    if (!tag) return { kind: "tag-action", tag: { unsure: `${action} has no tag input` } };
    if (!tag.output)
      return { kind: "tag-action", tag: { kind: "value", value: tag.value, needsId: null } };
    const id = step.id ?? "tag";
    return {
      kind: "tag-action",
      tag: {
        kind: "value",
        value: `\${{ steps.${id}.outputs.${tag.value} }}`,
        needsId: step.id ? null : id,
      },
    };
  }
  const key = RELEASE_ACTIONS[action];
  if (key) {
    // Without an explicit tag they release the triggering ref: a tag only on tag pushes.
    const tag = asText(step.with[key]);
    return tag
      ? { kind: "release-action", tag: { kind: "value", value: tag, needsId: null } }
      : null;
  }
  if (action === "ad-m/github-push-action" && asText(step.with.tags) === "true") {
    return { kind: "git-push", tag: { kind: "at-head" } };
  }
  if (action === "actions/github-script") return scanGitHubScript(step, job);
  return null;
}

/** github-script calling `git.createRef` with a `refs/tags/...` ref built from plain strings. */
function scanGitHubScript(step: StepInput, job: JobScope): Found | null {
  const script = asText(step.with.script) ?? "";
  const call = /\bgit\.createRef\s*\(\s*\{([\s\S]*?)\}\s*\)/.exec(script);
  if (!call?.[1]) return null;
  const ref = /\bref\s*:\s*([^,\n]+)/.exec(call[1]);
  const value = ref?.[1] ? jsString(ref[1].trim(), script) : null;
  const tag = value === null ? null : stripPrefix(templateParts(value), "refs/tags/");
  if (!tag || tag.length === 0) {
    return value !== null && !value.startsWith("refs/tags/")
      ? null
      : {
          kind: "api",
          tag: { unsure: "its script builds the tag's name in a way tagwatch cannot read" },
        };
  }
  const scope = new ScriptScope(job, step);
  const resolved = scope.parts(tag);
  if (resolved === "unknown" || resolved === "script") {
    return {
      kind: "api",
      tag: { unsure: "its script builds the tag's name in a way tagwatch cannot read" },
    };
  }
  return { kind: "api", tag: sourceOf(resolved) };
}

/** Every step of a job that makes a tag on GitHub, in order. */
export function tagMakers(job: JobInput): TagMaker[] {
  const scope = new JobScope(job);
  const makers: TagMaker[] = [];
  job.steps.forEach((step, index) => {
    let found: Found | null = null;
    if (step.uses) found = scanAction(step, scope);
    else if (step.run) {
      const makesTags = /\bgit\b|\bgh\s+(?:api|release)\b|git\/refs/.test(step.run);
      if (makesTags && !isBash(step, job)) {
        found = /\bgit\s+push\b|\bgh\s+release\s+create\b|git\/refs/.test(step.run)
          ? { kind: "git-push", tag: { unsure: "its script is not written for bash" } }
          : null;
      } else if (makesTags || step.run.includes("GITHUB_ENV")) {
        // A script that only exports (`echo "TAG=..." >> "$GITHUB_ENV"`) names tags for later steps.
        found = scanScript(step, scope);
      }
    }
    if (found) makers.push({ index, ...found });
  });
  return makers;
}
