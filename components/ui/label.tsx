import { TONES, type Tone } from "./tone";

const SIZES = {
  small: "px-1.5 text-[11px] leading-[18px]",
  medium: "gap-1 px-2 text-xs leading-5",
} as const;

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
      className={`inline-flex items-center rounded-full border font-medium ${SIZES[size]} ${TONES[tone].border} ${TONES[tone].text}`}
    >
      {children}
    </span>
  );
}
