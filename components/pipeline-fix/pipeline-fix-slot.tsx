import { Suspense } from "react";
import { lazyNamed } from "@/components/ui/lazy";
import type { HealthJson, TagJson } from "@/lib/health/json";
import { pipelineFixOffer } from "@/lib/health/pipeline-fix-offer";

// Offered on few cards, used on fewer: its code loads with the first card that offers it.
const PipelineFix = lazyNamed(() => import("./pipeline-fix-button"), "PipelineFix");

const WRITERS = new Set(["ADMIN", "MAINTAIN", "WRITE"]);

type Repository = Pick<HealthJson, "url"> &
  Partial<Pick<HealthJson, "repository" | "viewerPermission" | "isArchived">>;

/** Whether the card offers "Fix the pipeline" / "Enable and re-dispatch" (writers only). */
export function hasPipelineFix(tag: TagJson, repository: Repository): boolean {
  return (
    Boolean(repository.repository?.includes("/")) &&
    !repository.isArchived &&
    WRITERS.has(repository.viewerPermission ?? "") &&
    tag.releaseWorkflow !== null &&
    pipelineFixOffer(tag) !== null
  );
}

/** The card's pipeline-fix island, or nothing when the tag's cause has no such fix. */
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
