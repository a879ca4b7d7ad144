import type { TagStatus } from "@/lib/health/types";

// The status colours, once: a tag's status picks a tone, and every pill, label, finding, run and
// headline draws that tone from here. Class names are spelled out so Tailwind finds them. A pill's
// class (`pill-danger` …) is spelled out in app/components.css: the tone's outline and text, and its
// fill, which only pills have; tests/unit/components/ui/tone.test.ts keeps the two alike.

export type StatusTone = "danger" | "severe" | "attention" | "accent" | "success";
/** A status tone, or the quiet grey of things that are neither good nor bad. */
export type Tone = StatusTone | "muted";

export const STATUS_TONES: Record<TagStatus, StatusTone> = {
  "not-triggered": "danger",
  "run-failed": "danger",
  "missing-release": "severe",
  "missing-assets": "severe",
  "draft-release": "attention",
  "run-pending": "accent",
  healthy: "success",
};

type ToneClasses = {
  /** Text and icons. */
  text: string;
  /** The outline of a pill or label. */
  border: string;
  /** The thick left edge of a finding. */
  edge: string;
  /** A status pill: outline, fill and text in one short class (app/components.css). */
  pill: string;
};

export const TONES: Record<Tone, ToneClasses> = {
  danger: {
    text: "text-danger",
    border: "border-danger-line",
    edge: "border-l-danger",
    pill: "pill-danger",
  },
  severe: {
    text: "text-severe",
    border: "border-severe-line",
    edge: "border-l-severe",
    pill: "pill-severe",
  },
  attention: {
    text: "text-attention",
    border: "border-attention-line",
    edge: "border-l-attention",
    pill: "pill-attention",
  },
  accent: {
    text: "text-accent",
    border: "border-accent-line",
    edge: "border-l-accent",
    pill: "pill-accent",
  },
  success: {
    text: "text-success",
    border: "border-success-line",
    edge: "border-l-success",
    pill: "pill-success",
  },
  muted: {
    text: "text-fg-muted",
    border: "border-line",
    edge: "border-l-line",
    pill: "pill-muted",
  },
};
