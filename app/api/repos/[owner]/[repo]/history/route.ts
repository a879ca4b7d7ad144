import { loadRepositoryHistory } from "@/lib/history/load";
import { repositoryRoute } from "@/lib/http";

export const GET = repositoryRoute(async ({ github, owner, repo }) =>
  Response.json(await loadRepositoryHistory(github, owner, repo), {
    headers: { "cache-control": "private, no-store" },
  }),
);
