"use client";

import { useState } from "react";
import { postAction, repositoryApiUrl } from "@/components/client/api";
import { buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PlayIcon } from "@/components/ui/icons/play-icon";
import type { PageTag } from "@/lib/repository/json";

// GitHub allows about 80 content-creating requests a minute; one dispatch a second stays well
// inside that even with a maintainer clicking elsewhere.
const PACE_MS = 1000;

type Props = { owner: string; repo: string; tags: PageTag[]; onStarted: () => void };

type Result = { tag: string; ok: boolean; message: string };

/** "Re-dispatch all N not-triggered tags": one confirmation, then one dispatch at a time. */
export function BulkDispatch({ owner, repo, tags, onStarted }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<Result[]>([]);
  // The batch as confirmed: candidates change while the runs start.
  const [total, setTotal] = useState(0);
  const candidates = tags.filter(
    (tag) =>
      tag.status === "not-triggered" && tag.action?.kind === "dispatch" && tag.action.available,
  );

  async function dispatchAll(batch: PageTag[]) {
    setConfirming(false);
    setRunning(true);
    setResults([]);
    setTotal(batch.length);
    for (const [index, tag] of batch.entries()) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, PACE_MS));
      const workflow = tag.action?.kind === "dispatch" ? tag.action.workflow.file : undefined;
      const outcome = await postAction(repositoryApiUrl(owner, repo, "dispatch"), {
        tag: tag.name,
        workflow,
      });
      setResults((previous) => [
        ...previous,
        {
          tag: tag.name,
          ok: outcome.ok,
          message: outcome.ok
            ? `Dispatched ${workflow ?? "the release workflow"}`
            : outcome.message,
        },
      ]);
      if (outcome.ok || outcome.underWay) onStarted();
    }
    setRunning(false);
  }

  const batch = candidates;
  if (batch.length < 2 && results.length === 0) return null;
  return (
    <section aria-label="Bulk re-dispatch" className="rounded-md border border-line p-3">
      {batch.length >= 2 ? (
        <button
          type="button"
          disabled={running}
          onClick={() => setConfirming(true)}
          className={buttonClasses("primary")}
        >
          <PlayIcon size={16} aria-hidden />
          Re-dispatch all {batch.length} not-triggered tags
        </button>
      ) : null}
      {results.length > 0 || running ? (
        <div className="mt-2 space-y-1 text-sm">
          <p role="status">
            {running
              ? `Dispatching… ${results.length} of ${total} done`
              : `Done: ${results.filter((result) => result.ok).length} of ${total} dispatched.`}
          </p>
          <ul className="space-y-0.5">
            {results.map((result) => (
              <li key={result.tag} className={result.ok ? "text-success" : "text-danger"}>
                <span className="font-mono">{result.tag}</span>: {result.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Re-dispatch ${batch.length} tags?`}
        confirmLabel={`Dispatch ${batch.length} runs`}
        onCancel={() => setConfirming(false)}
        onConfirm={() => dispatchAll(batch)}
      >
        <p>
          GitHub will run the release workflow once for each of these tags in {owner}/{repo}, one a
          second:
        </p>
        <ul className="list-inside list-disc font-mono">
          {batch.map((tag) => (
            <li key={tag.name}>
              {tag.action?.kind === "dispatch" ? tag.action.workflow.file : ""} on {tag.name}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </section>
  );
}
