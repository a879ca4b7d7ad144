"use client";

import { Suspense } from "react";
import { lazyNamed } from "@/components/ui/lazy";
import type { PipelineFixOffer } from "@/lib/pipeline-fix/offer";

// Offered on few cards, used on fewer: each button's code loads with the first card that offers it.
const PipelineFixButton = lazyNamed(() => import("./pipeline-fix-button"), "PipelineFixButton");
const EnableAndDispatchButton = lazyNamed(
  () => import("@/components/tag-actions/enable-and-dispatch-button"),
  "EnableAndDispatchButton",
);

type Props = {
  offer: Exclude<PipelineFixOffer, null>;
  owner: string;
  repo: string;
  tag: string;
  releaseFile: string;
};

/**
 * The card's pipeline-fix island: "Fix the pipeline", or "Enable and re-dispatch" when the cause is
 * a disabled workflow (the cure for later tags is then the tag action itself).
 */
export function PipelineFixSlot({ offer, ...props }: Props) {
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
