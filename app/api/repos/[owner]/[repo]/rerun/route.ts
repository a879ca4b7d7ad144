import { z } from "zod";
import { repositoryWriteRoute } from "@/lib/http";
import { rerunRun } from "@/lib/tag-actions/rerun";

const RerunBody = z
  .object({ runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

export const POST = repositoryWriteRoute(RerunBody, ({ github, owner, repo, body }) =>
  rerunRun(github, { owner, repo, ...body }),
);
