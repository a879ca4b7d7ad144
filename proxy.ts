import { type NextRequest, NextResponse } from "next/server";
import { hasDotSegment, isValidOwner, isValidRepositoryName, tryDecodeSegment } from "@/lib/names";

// Names GitHub would never allow are answered with a 400 before any rendering starts (once a page
// streams, its status is already 200). Valid-looking names go on to the pages.

const RESERVED = new Set(["signin", "_next"]);

function badRequest(message: string): NextResponse {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Not a valid name · tagwatch</title><meta name="color-scheme" content="light dark"></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><h1 style="font-size:1.25rem">Not a valid GitHub name</h1><p>${escaped}</p><p><a href="/">Go to your repositories</a></p></body></html>`;
  return new NextResponse(html, {
    status: 400,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

function decodesCleanly(segments: string[]): boolean {
  return segments.every((segment) => tryDecodeSegment(segment) !== null);
}

export function proxy(request: NextRequest) {
  const segments = request.nextUrl.pathname.split("/").filter(Boolean);
  // Next would fail decoding such a route parameter with a 500, before any handler runs.
  if (!decodesCleanly(segments)) {
    const message = "The address contains malformed percent-encoding.";
    return segments[0] === "api"
      ? Response.json({ error: { code: "invalid-input", message } }, { status: 400 })
      : badRequest(message);
  }
  // Where the platform hands the raw path through, a dot segment is refused here (scripts/start.ts
  // does it for self-hosting, before Next resolves it into another path).
  if (hasDotSegment(new URL(request.url).pathname)) {
    const message = 'The address contains a "." or ".." segment, which names nothing here.';
    return segments[0] === "api"
      ? Response.json({ error: { code: "invalid-input", message } }, { status: 400 })
      : badRequest(message);
  }
  const [rawOwner, rawRepo] = segments;
  if (!rawOwner || segments.length > 2 || RESERVED.has(rawOwner) || rawOwner === "api") {
    return NextResponse.next();
  }
  const owner = decodeURIComponent(rawOwner);
  const repo = rawRepo === undefined ? undefined : decodeURIComponent(rawRepo);
  // Files such as /favicon.ico are not owners; let the router answer them.
  if (segments.length === 1 && owner.includes(".")) return NextResponse.next();
  if (!isValidOwner(owner)) {
    return badRequest(`"${owner.slice(0, 60)}" is not a valid GitHub user or organisation name.`);
  }
  if (repo !== undefined && !isValidRepositoryName(repo)) {
    return badRequest(`"${repo.slice(0, 120)}" is not a valid GitHub repository name.`);
  }
  return NextResponse.next();
}

export const config = {
  // Not the overview ("/"): it has no segment to check, and the proxy costs a request ~1 ms.
  matcher: ["/((?!_next/static|_next/image|api/auth/|$).*)"],
};
