import type { DispatchInput, ReleaseWorkflowRef } from "@/lib/health/types";

// What a flagged tag's row offers (dispatch or re-run), as the page, the JSON API and watch mode
// read it.

/** tagwatch's suggested value for one dispatch input, and why. */
export type InputSuggestion = {
  name: string;
  value: string;
  reason: string;
  /** False when a person should look at this value before it is sent. */
  confident: boolean;
  input: DispatchInput;
};

/** The `inputs` a dispatch on a tag would send, and whether they need a person's review first. */
export type DispatchInputPlan = {
  /** name -> the value that will be sent (strings, as the dispatch API takes them). */
  inputs: Record<string, string>;
  suggestions: InputSuggestion[];
  /** True when one click must become a form: a required input tagwatch cannot fill, or a default that would build something else. */
  needsReview: boolean;
  reviewReasons: string[];
};

export type TagAction =
  | {
      kind: "dispatch";
      workflow: ReleaseWorkflowRef;
      ref: string;
      /** `on.workflow_dispatch.inputs` of the file at the tag: what a reviewed dispatch is checked against. */
      declaredInputs: DispatchInput[];
      /** The inputs the dispatch sends (see DispatchInputPlan); `{}` for workflows without inputs. */
      inputs: Record<string, string>;
      suggestions: InputSuggestion[];
      needsReview: boolean;
      reviewReasons: string[];
      /** False when the viewer cannot do it; `reason` says why. */
      available: boolean;
      reason: string | null;
      /** When the workflow lacks workflow_dispatch: the YAML to add under `on:`. */
      yamlToAdd: string | null;
      /** Terminal equivalent, e.g. `gh workflow run release.yml --ref v0.1.2 -R owner/repo`. */
      command: string;
    }
  | {
      kind: "rerun";
      runId: number;
      runUrl: string;
      available: boolean;
      reason: string | null;
      command: string;
    };
