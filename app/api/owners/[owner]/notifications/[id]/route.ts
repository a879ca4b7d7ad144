import { removeChannel } from "@/lib/notify/channels";
import { ownerNotificationsRoute } from "@/lib/notify/route";

// 200 with the id rather than 204: the page's one API client reads a JSON answer.
export const DELETE = ownerNotificationsRoute("change", async ({ owner, id }) => {
  await removeChannel(owner, id);
  return Response.json({ removed: id });
});
