import { after } from "next/server";
import { errorResponse } from "@/lib/errors";
import { receiveWebhook } from "@/lib/watch/webhooks";

// The tagwatch App's webhook. Node runtime: @octokit/webhooks verifies with Node's crypto.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The answer goes out at once; the watching after it may take this long (Vercel's Hobby limit is 300).
export const maxDuration = 300;

export async function POST(request: Request) {
  try {
    const received = await receiveWebhook({
      id: request.headers.get("x-github-delivery"),
      name: request.headers.get("x-github-event"),
      signature: request.headers.get("x-hub-signature-256"),
      payload: await request.text(),
    });
    const { work, ...answer } = received;
    if (work) {
      after(async () => {
        try {
          await work();
        } catch (error) {
          // A failed round is the next sweep's to repeat; never a secret in the log.
          console.error(
            `webhook ${answer.delivery}: ${error instanceof Error ? error.message : "failed"}`,
          );
        }
      });
    }
    return Response.json(answer, { status: 202, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
