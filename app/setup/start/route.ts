import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { buildManifest, manifestTarget, SETUP_STATE_COOKIE } from "@/lib/github/app-manifest";
import { readFormBody } from "@/lib/http";
import { isValidOwner } from "@/lib/names";

export const runtime = "nodejs";

// The /setup form posts here; the answer re-posts the manifest to GitHub's "new App" page (a 307
// keeps the method and the form body), on the user's account or an organisation.
export async function POST(request: Request) {
  try {
    const form = await readFormBody(request);
    const org = String(form.get("org") ?? "").trim() || null;
    const name = String(form.get("name") ?? "").trim();
    if (org && !isValidOwner(org)) {
      throw new AppError(
        "invalid-input",
        `"${org.slice(0, 60)}" is not a GitHub organisation name.`,
      );
    }
    if (!/^[\w .-]{1,34}$/.test(name)) {
      throw new AppError(
        "invalid-input",
        "Name the App with up to 34 letters, digits, spaces, dots or dashes.",
      );
    }
    const appUrl = getEnv().appUrl ?? new URL(request.url).origin;
    const state = randomBytes(16).toString("hex");
    const body = new URLSearchParams({
      manifest: JSON.stringify(buildManifest(appUrl.replace(/\/+$/, ""), name)),
    });
    // A form page, not a redirect: the browser must POST the manifest to GitHub itself.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Creating the GitHub App · tagwatch</title></head><body><form id="manifest" method="post" action="${escapeHtml(manifestTarget(org, state))}"><input type="hidden" name="manifest" value="${escapeHtml(body.get("manifest") ?? "")}"><noscript><button type="submit">Continue to GitHub</button></noscript></form><script>document.getElementById("manifest").submit()</script></body></html>`;
    return new Response(html, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "set-cookie": `${SETUP_STATE_COOKIE}=${state}; Path=/setup; HttpOnly; SameSite=Lax; Max-Age=3600${appUrl.startsWith("https:") ? "; Secure" : ""}`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
