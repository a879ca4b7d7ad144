// Primer-like button looks, shared by server and client components (plain class strings, no JS).

const BASE =
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md border font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus disabled:cursor-not-allowed disabled:opacity-60";

const SIZES = {
  small: "h-7 px-2.5 text-xs",
  medium: "h-8 px-3 text-sm",
} as const;

const VARIANTS = {
  default: "border-line bg-canvas-subtle text-fg hover:bg-canvas-muted",
  primary: "border-black/15 bg-primary text-white hover:bg-primary-hover",
  invisible: "border-transparent bg-transparent text-accent hover:bg-canvas-muted",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;
export type ButtonSize = keyof typeof SIZES;

/** Classes for a `<button>` or button-looking `<a>`. */
export function buttonClasses(
  variant: ButtonVariant = "default",
  size: ButtonSize = "medium",
): string {
  return `${BASE} ${SIZES[size]} ${VARIANTS[variant]}`;
}

export const LINK_CLASSES =
  "text-accent hover:underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus rounded-sm";

/** For a link that leaves tagwatch (GitHub's pages): a new tab, without handing it this window. */
export const NEW_TAB = { target: "_blank", rel: "noreferrer" } as const;
