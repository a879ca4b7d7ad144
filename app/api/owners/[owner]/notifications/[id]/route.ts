import { removeChannel } from "@/lib/notify/channels";
import { ownerNotificationsRoute } from "@/lib/notify/route";

export const DELETE = ownerNotificationsRoute("change", async ({ owner, id }) => {
  await removeChannel(owner, id);
  return new Response(null, { status: 204 });
});
