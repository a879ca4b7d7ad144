import type { DispatchInput, DispatchInputPlan } from "./types";

/**
 * What to send as `inputs` when dispatching a workflow on a tag: each declared input's suggested
 * value and why, and whether a person must review them before anything is sent.
 * (Contract first; the filling rules land with the real-pipelines work.)
 */
export function planDispatchInputs(declared: DispatchInput[], tagName: string): DispatchInputPlan {
  const suggestions = declared.map((input) => ({
    name: input.name,
    value: input.default ?? "",
    reason: "its default",
    confident: !input.required || input.default !== null,
    input,
  }));
  const inputs: Record<string, string> = {};
  for (const suggestion of suggestions) inputs[suggestion.name] = suggestion.value;
  const reviewReasons = suggestions
    .filter((suggestion) => !suggestion.confident)
    .map((suggestion) => `${suggestion.name} for ${tagName}: no value tagwatch is sure of`);
  return { inputs, suggestions, needsReview: reviewReasons.length > 0, reviewReasons };
}
