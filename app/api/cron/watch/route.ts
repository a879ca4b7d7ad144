import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { sweepInstallations } from "@/lib/watch/sweep";

// Vercel Cron (vercel.json) and `npm start`'s interval call this with `Authorization: Bearer
// $CRON_SECRET`: a sweep of every repository the App is installed on. `?budget=<seconds>` bounds
// it below the function's limit (where it stops is kept: the next sweep starts there).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 300;

// Leave room under maxDuration to answer.
const MAX_BUDGET_SECONDS = maxDuration - 40;

function authorized(request: Request, secret: string | null): boolean {
  if (!secret) return false;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `budget` query parameter in seconds: a whole number from 1 to the function's limit. */
function budgetSeconds(request: Request): number {
  const raw = new URL(request.url).searchParams.get("budget");
  if (raw === null) return MAX_BUDGET_SECONDS;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_BUDGET_SECONDS) {
    throw new AppError(
      "invalid-input",
      `budget must be a whole number of seconds from 1 to ${MAX_BUDGET_SECONDS}.`,
    );
  }
  return Number(raw);
}

export async function GET(request: Request) {
  try {
    const env = getEnv();
    if (!authorized(request, env.cronSecret)) {
      throw new AppError("unauthenticated", "Send Authorization: Bearer <CRON_SECRET>.");
    }
    const budget = budgetSeconds(request);
    if (!env.githubApp) {
      return Response.json(
        { configured: false, message: "Watch mode is off: GITHUB_APP_ID is not set." },
        { headers: { "cache-control": "no-store" } },
      );
    }
    const summary = await sweepInstallations({ budgetMs: budget * 1000 });
    return Response.json(
      { configured: true, ...summary },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
