import { Suspense } from "react";
import { lazyNamed } from "@/components/ui/lazy";
import { pipelineFixOffer } from "@/lib/pipeline-fix/offer";
import type { HealthJson, TagJson } from "@/lib/repository/json";
import { mayWrite } from "@/lib/tag-actions/access";

// Offered on few cards, used on fewer: each button's code loads with the first card that offers it.
const PipelineFixButton = lazyNamed(() => import("./pipeline-fix-button"), "PipelineFixButton");
const EnableAndDispatchButton = lazyNamed(
  () => import("@/components/tag-actions/enable-and-dispatch-button"),
  "EnableAndDispatchButton",
);

type Repository = Pick<HealthJson, "url"> &
  Partial<Pick<HealthJson, "repository" | "viewerPermission" | "isArchived">>;

/** Whether the card offers "Fix the pipeline" / "Enable and re-dispatch" (writers only). */
export function hasPipelineFix(tag: TagJson, repository: Repository): boolean {
  return (
    Boolean(repository.repository?.includes("/")) &&
    mayWrite(repository) &&
    tag.releaseWorkflow !== null &&
    pipelineFixOffer(tag) !== null
  );
}

/**
 * The card's pipeline-fix island: "Fix the pipeline", or "Enable and re-dispatch" when the cause is
 * a disabled workflow (the cure for later tags is then the tag action itself); nothing otherwise.
 */
export function PipelineFixSlot({ tag, repository }: { tag: TagJson; repository: Repository }) {
  const offer = pipelineFixOffer(tag);
  if (!offer || !tag.releaseWorkflow || !hasPipelineFix(tag, repository)) return null;
  const [owner = "", repo = ""] = (repository.repository ?? "").split("/");
  const props = { owner, repo, tag: tag.name, releaseFile: tag.releaseWorkflow.file };
  return (
    <Suspense fallback={null}>
      {offer === "enable-and-dispatch" ? (
        <EnableAndDispatchButton {...props} />
      ) : (
        <PipelineFixButton {...props} />
      )}
    </Suspense>
  );
}
