import { workflowFileName } from "@/lib/health/workflows";
import type { PipelineFix } from "./fix";

// The pull request's words: GitHub's rule that caused the missing release, what the fix
// changes, and how the maintainer sees that it worked.

/** The pull request's title and body for a fix: GitHub's rule, what changed, how to verify. */
export function describePipelineFix(
  fix: PipelineFix,
  context: {
    tag: string;
    releaseFile: string;
    repository: string;
    /** The tag's own dispatch command, as its row shows it (inputs filled, quoted for a shell). */
    shipCommand: string;
  },
): { title: string; body: string } {
  const { tag, releaseFile, repository, shipCommand } = context;
  const changes = fix.changes.map((change) => `- ${change}`).join("\n");
  const review =
    fix.reviewReasons.length > 0
      ? `\n\n### Check before merging\n\n${fix.reviewReasons.map((reason) => `- ${reason}`).join("\n")}`
      : "";
  if (!fix.tagging) {
    return {
      title: `Let ${releaseFile} be dispatched (workflow_dispatch)`,
      body: `${tag} in ${repository} never got a release run, and ${releaseFile} cannot be started by hand or by another workflow because it has no \`workflow_dispatch\` trigger.

### What changes

${changes}

A dispatched run uses the workflow file as it is at the tag, so this helps tags pushed after the merge; older tags can be released with \`gh release create\`.

### How to verify

After merging, push the next tag; if it does not start a run on its own, dispatch it: \`gh workflow run ${releaseFile} --ref <tag> -R ${repository}\`.${review}

---
Opened with tagwatch.`,
    };
  }
  return {
    title: `Dispatch ${releaseFile} after ${workflowFileName(fix.tagging.path)} pushes a tag`,
    body: `${tag} in ${repository} has no release: it was pushed by \`github-actions[bot]\` with the workflow's \`GITHUB_TOKEN\`, and GitHub starts no workflow runs for events made with \`GITHUB_TOKEN\` (so a tag push cannot start ${releaseFile}). The one exception is \`workflow_dispatch\` (and \`repository_dispatch\`): the workflow that makes the tag may start the release workflow itself, with its own token — no personal access token or App secret needed.

### What changes

${changes}

### How to verify

1. Merge this pull request.
2. Let ${workflowFileName(fix.tagging.path)} push its next tag as usual.
3. In the Actions tab, ${releaseFile} runs for that tag (event \`workflow_dispatch\`, actor \`github-actions[bot]\`), and the release appears. tagwatch shows the tag as shipped.

${tag} itself predates this change: ship it once with \`${shipCommand}\`.${review}

---
Opened with tagwatch.`,
  };
}
