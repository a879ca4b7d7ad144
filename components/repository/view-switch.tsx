import type { TagView } from "@/lib/view-preference";

const OPTIONS: { value: TagView; label: string }[] = [
  { value: "cards", label: "Cards" },
  { value: "compact", label: "Compact" },
];

/** Cards or the compact table: a two-way segmented control (radio buttons underneath). */
export function ViewSwitch({
  value,
  onChange,
}: {
  value: TagView;
  onChange: (view: TagView) => void;
}) {
  return (
    <fieldset className="inline-flex overflow-hidden rounded-md border border-line text-xs">
      <legend className="sr-only">Show tags as</legend>
      {OPTIONS.map((option) => (
        <label
          key={option.value}
          className="cursor-pointer select-none border-line px-2.5 py-1 font-medium text-fg-muted not-first:border-l has-checked:bg-canvas-muted has-checked:text-fg has-focus-visible:outline-2 has-focus-visible:outline-focus"
        >
          <input
            type="radio"
            name="tag-view"
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            className="sr-only"
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
