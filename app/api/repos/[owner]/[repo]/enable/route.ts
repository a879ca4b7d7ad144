import { z } from "zod";
import { repositoryWriteRoute } from "@/lib/http";
import { isValidTagName } from "@/lib/names";
import { enableAndDispatch } from "@/lib/tag-actions/enable";

// "Enable and re-dispatch": a disabled release workflow is enabled, then dispatched on the tag.

const EnableBody = z
  .object({ tag: z.string().refine(isValidTagName, "tag: not a valid git tag name") })
  .strict();

export const POST = repositoryWriteRoute(EnableBody, ({ github, owner, repo, body }) =>
  enableAndDispatch(github, { owner, repo, tag: body.tag }),
);
