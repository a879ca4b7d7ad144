/**
 * A box that scrolls sideways when what it holds is wider than the screen (a table or chart on a
 * phone). It takes focus so a keyboard can scroll it too (WCAG 2.1.1), and as a focusable region
 * it is named: by the table's caption or the chart's title (`labelledBy`), or by `label`.
 */
export function ScrollRegion({
  label,
  labelledBy,
  className = "",
  children,
}: {
  label?: string;
  labelledBy?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-label={label}
      aria-labelledby={labelledBy}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so it takes focus to be scrolled by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className={`overflow-x-auto focus-visible:outline-2 focus-visible:outline-focus ${className}`}
    >
      {children}
    </section>
  );
}
