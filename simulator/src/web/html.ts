// The web host's page frame (GitHub-like, no scripts) and the helpers every page uses.

export type PageResponse = { status: number; body: string; headers: Record<string, string> };

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] as string,
  );

export function htmlPage(title: string, body: string, status = 200): PageResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f8fa; color: #1f2328; margin: 0; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 1.5rem 2rem; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  fieldset { border: 0; padding: 0; margin: 1rem 0; }
  legend { font-weight: 600; margin-bottom: .5rem; }
  label { display: flex; gap: .6rem; align-items: center; padding: .5rem; border-radius: 6px; cursor: pointer; }
  label:hover { background: #f6f8fa; }
  img { width: 28px; height: 28px; border-radius: 50%; }
  .actions { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; }
  button { background: #1f883d; color: #fff; border: 0; border-radius: 6px; padding: .55rem 1.2rem; font-size: 1rem; cursor: pointer; }
  button:focus-visible, a:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
  .note { color: #59636e; font-size: .9rem; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`,
  };
}

/** A 302 to `location`, with a link for clients that do not follow it. */
export function redirect(location: string): PageResponse {
  return {
    status: 302,
    headers: { location, "content-type": "text/html; charset=utf-8" },
    body: `<a href="${escapeHtml(location)}">Redirecting</a>`,
  };
}

/** `uri` with these query parameters set (null: left out). */
export function withParams(uri: string, params: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params))
    if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}
