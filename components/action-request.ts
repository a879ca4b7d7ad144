// Client-side calls to tagwatch's own action endpoints (never to GitHub directly: the token stays
// on the server). Errors come back as { error: { code, message } } and are shown as they are.

export type ActionOutcome =
  | { ok: true; runUrl: string | null }
  | { ok: false; message: string; status: number };

export async function postAction(url: string, body: unknown): Promise<ActionOutcome> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => null)) as {
      htmlUrl?: string | null;
      runUrl?: string | null;
      error?: { message?: string };
    } | null;
    if (!response.ok) {
      return {
        ok: false,
        status: response.status,
        message: json?.error?.message ?? `tagwatch answered HTTP ${response.status}.`,
      };
    }
    return { ok: true, runUrl: json?.htmlUrl ?? json?.runUrl ?? null };
  } catch {
    return {
      ok: false,
      status: 0,
      message: "tagwatch could not be reached. Check your connection and try again.",
    };
  }
}

export function actionUrl(owner: string, repo: string, kind: "dispatch" | "rerun"): string {
  return `/api/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${kind}`;
}
