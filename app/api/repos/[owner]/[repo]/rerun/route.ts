import { z } from "zod";
import { rerunRun } from "@/lib/github/tag-actions";
import { repositoryAction } from "@/lib/http";

const RerunBody = z
  .object({ runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

export const POST = repositoryAction(RerunBody, ({ github, owner, repo, body }) =>
  rerunRun(github, { owner, repo, ...body }),
);
