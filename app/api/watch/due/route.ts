import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { verifyCallback } from "@/lib/watch/due";
import { runRepositoryCheck } from "@/lib/watch/due-rounds";
import { sweepInstallations } from "@/lib/watch/sweep";

// QStash's delayed callbacks (lib/watch/due.ts): a repository's check at the end of a tag's grace
// period, or the rest of a sweep that stopped early. Only QStash's signature over the raw body,
// for this URL, lets one through.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 300;

const callback = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("repository"),
    installationId: z.number().int().positive(),
    nodeId: z.string().min(1).max(200),
  }),
  z.object({ kind: z.literal("sweep") }),
]);

export async function POST(request: Request) {
  try {
    if (!getEnv().qstash || !getEnv().githubApp) {
      throw new AppError(
        "not-found",
        "Delayed watch checks are not configured (QSTASH_TOKEN and the App's settings are not set).",
      );
    }
    const body = await request.text();
    if (!(await verifyCallback(request.headers.get("upstash-signature"), body))) {
      throw new AppError(
        "unauthenticated",
        "The callback's Upstash-Signature does not match QStash's signing keys.",
      );
    }
    let parsed: z.infer<typeof callback>;
    try {
      parsed = callback.parse(JSON.parse(body));
    } catch {
      throw new AppError("invalid-input", "The callback's body is not a watch check.");
    }
    const headers = { "cache-control": "no-store" };
    if (parsed.kind === "sweep") {
      return Response.json(await sweepInstallations({ budgetMs: (maxDuration - 40) * 1000 }), {
        headers,
      });
    }
    const result = await runRepositoryCheck(parsed.installationId, parsed.nodeId);
    return Response.json({ checked: result }, { headers });
  } catch (error) {
    return errorResponse(error);
  }
}
