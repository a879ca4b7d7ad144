import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { sweepInstallations } from "@/lib/watch/sweep";

// Vercel Cron (vercel.json) and `npm start`'s interval call this with `Authorization: Bearer
// $CRON_SECRET`: a sweep of every repository the App is installed on.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 300;

function authorized(request: Request, secret: string | null): boolean {
  if (!secret) return false;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  try {
    const env = getEnv();
    if (!authorized(request, env.cronSecret)) {
      throw new AppError("unauthenticated", "Send Authorization: Bearer <CRON_SECRET>.");
    }
    if (!env.githubApp) {
      return Response.json(
        { configured: false, message: "Watch mode is off: GITHUB_APP_ID is not set." },
        { headers: { "cache-control": "no-store" } },
      );
    }
    // Leave room under maxDuration to answer.
    const summary = await sweepInstallations({ budgetMs: (maxDuration - 40) * 1000 });
    return Response.json(
      { configured: true, ...summary },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
