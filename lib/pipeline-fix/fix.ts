import type { TaggingStep } from "./tagging-step";

// What a pipeline fix is: the files it edits, and what changed, in words for the pull request.
// Whenever the place to edit is not certain there is no fix, only the reason.

/** One file the fix changes. */
export type FileEdit = { path: string; before: string; after: string };

export type PipelineFix = {
  files: FileEdit[];
  tagging: TaggingStep | null;
  /** What changed, one line each (for the pull request body). */
  changes: string[];
  /** Inputs a person should check before merging (from planDispatchInputs). */
  reviewReasons: string[];
};

export type PipelineFixResult = { fix: PipelineFix; reason: null } | { fix: null; reason: string };

/** Why there is no fix; thrown by a planning step, caught by `planFix`. */
export class Unfixable extends Error {}

/** Runs the planning steps: their fix, or the reason the first refusing step gave. */
export function planFix(steps: () => PipelineFix): PipelineFixResult {
  try {
    return { fix: steps(), reason: null };
  } catch (error) {
    if (error instanceof Unfixable) return { fix: null, reason: error.message };
    throw error;
  }
}
