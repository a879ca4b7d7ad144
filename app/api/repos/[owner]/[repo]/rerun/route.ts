import { z } from "zod";
import { rerunRun } from "@/lib/github/fix-tag";
import { repositoryWriteRoute } from "@/lib/http";

const RerunBody = z
  .object({ runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

export const POST = repositoryWriteRoute(RerunBody, ({ github, owner, repo, body }) =>
  rerunRun(github, { owner, repo, ...body }),
);
