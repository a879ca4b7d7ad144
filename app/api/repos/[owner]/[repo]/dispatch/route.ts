import { z } from "zod";
import { dispatchTag } from "@/lib/github/tag-actions";
import { repositoryAction } from "@/lib/http";
import { isValidTagName } from "@/lib/names";

const DispatchBody = z
  .object({
    tag: z.string().refine(isValidTagName, "tag: not a valid git tag name"),
    workflow: z
      .string()
      .regex(
        /^(?:[\w.-]+\.ya?ml|\d{1,12})$/,
        "workflow: a workflow file name like release.yml or its id",
      )
      .optional(),
  })
  .strict();

export const POST = repositoryAction(DispatchBody, ({ github, owner, repo, body }) =>
  dispatchTag(github, { owner, repo, ...body }),
);
