// Sign-in as a plain form post to next-auth, with the CSRF token it expects: what
// next-auth/react's signIn does, without shipping that library (~10 kB gzip) to the browser.

/**
 * Starts the GitHub sign-in, coming back to `callbackUrl`; rejects if the CSRF token cannot be had.
 * `authorization` overrides GitHub's authorize parameters, e.g. `{ scope }` to ask for more.
 */
export async function submitSignIn(
  callbackUrl: string,
  authorization: Record<string, string> = {},
): Promise<void> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!response.ok) throw new Error(`tagwatch answered HTTP ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const form = document.createElement("form");
  form.method = "POST";
  const query = new URLSearchParams(authorization).toString();
  form.action = `/api/auth/signin/github${query ? `?${query}` : ""}`;
  for (const [name, value] of Object.entries({ csrfToken, callbackUrl })) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
