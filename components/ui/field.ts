// A text input's or select's look, shared by server and client components (a plain class string).

/** Classes for an `<input>`, `<select>` or `<textarea>` in a form. */
export const FIELD_CLASSES =
  "w-full rounded-md border border-line bg-canvas px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus";
