import { z } from "zod";
import { repositoryWriteRoute } from "@/lib/http";
import { isValidTagName } from "@/lib/names";
import { dispatchTag } from "@/lib/tag-actions/dispatch";

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
    // A reviewed dispatch: name -> value, as the dispatch API takes them (strings).
    inputs: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z_][\w-]{0,99}$/, "inputs: input names are letters, digits, - and _"),
        z.string().max(65_535, "inputs: a value is at most 65535 characters"),
      )
      .refine((inputs) => Object.keys(inputs).length <= 25, "inputs: at most 25 inputs")
      .optional(),
  })
  .strict();

export const POST = repositoryWriteRoute(DispatchBody, ({ github, owner, repo, body }) =>
  dispatchTag(github, { owner, repo, ...body }),
);
