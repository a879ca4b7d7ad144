// Primer-like button looks, shared by server and client components (plain class strings, no JS).

// `btn` (app/components.css): the look every button shares; its size and variant are one short
// class each too, as a page repeats them (a hundred pin buttons on the overview).
const BASE = "btn";

const SIZES = {
  small: "btn-sm",
  medium: "btn-md",
} as const;

const VARIANTS = {
  default: "btn-default",
  primary: "btn-primary",
  invisible: "btn-invisible",
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

/** A small square button holding an icon, e.g. "Copy" (app/components.css). */
export const ICON_BUTTON_CLASSES = "btn-icon";

/** A link in the text (app/components.css: one short class, as pages repeat it many times). */
export const LINK_CLASSES = "link";

/** A link inside running text: underlined, so it stands out from the words around it without colour. */
export const TEXT_LINK_CLASSES = `underline ${LINK_CLASSES}`;

/** For a link that leaves tagwatch (GitHub's pages): a new tab, without handing it this window. */
export const NEW_TAB = { target: "_blank", rel: "noreferrer" } as const;
