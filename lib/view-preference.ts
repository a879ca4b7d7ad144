// How the repository page lists tags: a card per tag, or a compact table for many tags. Kept in a
// cookie (not a secret: a layout choice) so the server renders the chosen view on the first paint.

export const TAG_VIEW_COOKIE = "tagwatch-view";

export type TagView = "cards" | "compact";

/** The view a cookie value names; cards for anything else. */
export function parseTagView(value: string | undefined | null): TagView {
  return value === "compact" ? "compact" : "cards";
}

/** The Set-Cookie value the browser writes when the choice changes (a year, whole site). */
export function tagViewCookie(view: TagView): string {
  return `${TAG_VIEW_COOKIE}=${view}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
