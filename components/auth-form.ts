// Sign-in and sign-out as plain form posts to next-auth, with the CSRF token it expects: what
// next-auth/react's signIn/signOut do, without shipping that library (~10 kB gzip) to every page.

type AuthAction = "signin/github" | "signout";

/** Navigates by POSTing `callbackUrl` to a next-auth endpoint; rejects if the CSRF token cannot be had. */
export async function submitAuthForm(action: AuthAction, callbackUrl: string): Promise<void> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!response.ok) throw new Error(`tagwatch answered HTTP ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const form = document.createElement("form");
  form.method = "POST";
  form.action = `/api/auth/${action}`;
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
