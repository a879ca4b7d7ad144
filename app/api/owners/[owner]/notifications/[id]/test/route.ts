import { getChannel, toChannelView } from "@/lib/notify/channels";
import { sendTestMessage } from "@/lib/notify/notify";
import { ownerNotificationsRoute } from "@/lib/notify/route";

// The platform's answer is the channel's news, not this request's failure: 200 either way, and
// the channel (its last delivery, whether it is paused) says how it went.
export const POST = ownerNotificationsRoute("change", async ({ owner, id }) => {
  const channel = await getChannel(owner, id);
  await sendTestMessage(owner, channel);
  return Response.json({ channel: await toChannelView(channel) });
});
