"use client";

import { useId } from "react";
import { FIELD_CLASSES } from "@/components/ui/field";
import type { InputSuggestion } from "@/lib/tag-actions/types";

type Props = {
  suggestions: InputSuggestion[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
};

const FIELD = `${FIELD_CLASSES} font-mono`;

/** The inputs a dispatch will send, each with tagwatch's suggestion and why; every value can be edited. */
export function DispatchInputsForm({ suggestions, values, onChange }: Props) {
  const baseId = useId();
  return (
    <fieldset className="space-y-3">
      <legend className="mb-1 text-sm font-medium">Inputs</legend>
      {suggestions.map((suggestion) => {
        const id = `${baseId}-${suggestion.name}`;
        const hintId = `${id}-why`;
        const { input } = suggestion;
        const value = values[suggestion.name] ?? "";
        return (
          <div key={suggestion.name} className="space-y-1">
            <label htmlFor={id} className="block text-sm">
              <span className="font-mono font-semibold">{suggestion.name}</span>
              {input.required ? <span className="text-fg-muted"> (required)</span> : null}
              {input.description ? (
                <span className="block text-xs text-fg-muted">{input.description}</span>
              ) : null}
            </label>
            {input.type === "boolean" || input.type === "choice" ? (
              <select
                id={id}
                aria-describedby={hintId}
                className={FIELD}
                value={value}
                onChange={(event) => onChange(suggestion.name, event.target.value)}
              >
                {(input.type === "boolean" ? ["true", "false"] : (input.options ?? [])).map(
                  (option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ),
                )}
              </select>
            ) : (
              <input
                id={id}
                aria-describedby={hintId}
                className={FIELD}
                value={value}
                required={input.required}
                inputMode={input.type === "number" ? "decimal" : undefined}
                onChange={(event) => onChange(suggestion.name, event.target.value)}
              />
            )}
            <p
              id={hintId}
              className={`text-xs ${suggestion.confident ? "text-fg-muted" : "text-attention"}`}
            >
              {suggestion.confident ? "Suggested: " : "Check this: "}
              {suggestion.reason}.
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
