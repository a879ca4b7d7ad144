import { TONES, type Tone } from "./tone";

// app/components.css: `label` alone is small and muted, the most repeated (per tag and run).
const SIZES = { small: "", medium: " label-md" } as const;

/** A rounded outline around a word or two, as GitHub's labels: "bot", "Draft", "Private". */
export function Label({
  children,
  tone = "muted",
  size = "small",
}: {
  children: React.ReactNode;
  tone?: Tone;
  size?: keyof typeof SIZES;
}) {
  return (
    <span
      className={`label${SIZES[size]}${tone === "muted" ? "" : ` ${TONES[tone].border} ${TONES[tone].text}`}`}
    >
      {children}
    </span>
  );
}
