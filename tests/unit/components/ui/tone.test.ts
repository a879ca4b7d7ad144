import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TONES, type Tone } from "@/components/ui/tone";

// A pill's tone is one short class in app/components.css, spelled out there for Tailwind's @apply:
// its outline and text must be the tone's own, as labels and runs draw them.
const css = readFileSync(path.resolve(__dirname, "../../../../app/components.css"), "utf8");

function applied(className: string): string[] {
  const rule = new RegExp(`\\.${className}\\s*\\{\\s*@apply ([^;]+);`).exec(css);
  return rule?.[1]?.split(/\s+/) ?? [];
}

describe("a status pill's class", () => {
  it.each(Object.keys(TONES) as Tone[])("%s: the tone's outline and text, and a fill", (tone) => {
    const { pill, border, text } = TONES[tone];
    const classes = applied(pill);
    expect(classes).toContain(border);
    expect(classes).toContain(text);
    expect(classes.filter((name) => name.startsWith("bg-"))).toHaveLength(1);
  });
});
