import { z } from "zod";
import { readJsonBody } from "@/lib/http";
import { addChannel, listChannelViews } from "@/lib/notify/channels";
import { ownerNotificationsRoute } from "@/lib/notify/route";
import { CHANNEL_KINDS, EVENT_TYPES } from "@/lib/notify/types";

const NewChannelBody = z
  .object({
    kind: z.enum(CHANNEL_KINDS, "one of slack, discord, teams, webhook"),
    url: z.string("the webhook URL").min(1, "the webhook URL").max(2_000),
    events: z
      .array(z.enum(EVENT_TYPES, `one of ${EVENT_TYPES.join(", ")}`))
      .min(1, "choose at least one event"),
    repositories: z
      .array(z.string().max(200, "a pattern is at most 200 characters"))
      .max(20, "at most 20 patterns")
      .optional(),
  })
  .strict();

export const GET = ownerNotificationsRoute("read", async ({ owner }) =>
  Response.json({ channels: await listChannelViews(owner) }),
);

export const POST = ownerNotificationsRoute("change", async ({ request, owner, viewerLogin }) => {
  const body = await readJsonBody(request, NewChannelBody);
  return Response.json(await addChannel(owner, body, viewerLogin), { status: 201 });
});
