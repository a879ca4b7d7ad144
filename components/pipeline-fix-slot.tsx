import { lazy, Suspense } from "react";
import { pipelineFixOffer } from "@/lib/pipeline-fix/offer";
import type { HealthJson, TagJson } from "@/lib/repository/json";
import { mayWrite } from "@/lib/tag-actions/access";

// Offered on few rows, used on fewer: its code loads with the first row that offers it.
const PipelineFix = lazy(() =>
  import("./pipeline-fix").then((module) => ({ default: module.PipelineFix })),
);

type Repository = Pick<HealthJson, "url"> &
  Partial<Pick<HealthJson, "repository" | "viewerPermission" | "isArchived">>;

/** Whether the row offers "Fix the pipeline" / "Enable and re-dispatch" (writers only). */
export function hasPipelineFix(tag: TagJson, repository: Repository): boolean {
  return (
    Boolean(repository.repository?.includes("/")) &&
    mayWrite(repository) &&
    tag.releaseWorkflow !== null &&
    pipelineFixOffer(tag) !== null
  );
}

/** The row's pipeline-fix island, or nothing when the tag's cause has no such fix. */
export function PipelineFixSlot({ tag, repository }: { tag: TagJson; repository: Repository }) {
  const offer = pipelineFixOffer(tag);
  if (!offer || !tag.releaseWorkflow || !hasPipelineFix(tag, repository)) return null;
  const [owner = "", repo = ""] = (repository.repository ?? "").split("/");
  return (
    <Suspense fallback={null}>
      <PipelineFix
        owner={owner}
        repo={repo}
        tag={tag.name}
        releaseFile={tag.releaseWorkflow.file}
        offer={offer}
      />
    </Suspense>
  );
}
