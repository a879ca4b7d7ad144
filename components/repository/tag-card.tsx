import { Suspense } from "react";
import { hasPipelineFix, PipelineFixSlot } from "@/components/pipeline-fix/pipeline-fix-slot";
import { LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { formatDay, formatMinuteUtc, isBot, shortSha } from "@/components/ui/format";
import { GitCommitIcon } from "@/components/ui/icons/git-commit-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import { TerminalIcon } from "@/components/ui/icons/terminal-icon";
import { Label } from "@/components/ui/label";
import { lazyNamed } from "@/components/ui/lazy";
import { StatusPill } from "@/components/ui/status-pill";
import type { HealthJson, TagJson } from "@/lib/repository/json";
import { Findings } from "./findings";
import { AssetsDetail, ReleaseDetail } from "./release";
import { RunList } from "./runs";

// The terminal command and YAML stand in for the real buttons only where none are given (the live
// page always gives them): loaded on demand, not with every page.
const TagActionCommand = lazyNamed(
  () => import("@/components/tag-actions/tag-action-command"),
  "TagActionCommand",
);

type Props = {
  tag: TagJson;
  repository: Pick<HealthJson, "url"> &
    Partial<Pick<HealthJson, "repository" | "viewerPermission" | "isArchived">>;
  /** Replaces the default terminal command, e.g. with the client component holding the real buttons. */
  actionSlot?: React.ReactNode;
};

/** One tag, as a card: what it is, what ran, what was released, what is wrong and how to fix it. */
export function TagCard({ tag, repository, actionSlot }: Props) {
  const repoUrl = repository.url;
  const encodedName = encodeURIComponent(tag.name);
  const tagUrl = tag.release
    ? `${repoUrl}/releases/tag/${encodedName}`
    : `${repoUrl}/tree/${encodedName}`;
  const pipelineFix = hasPipelineFix(tag, repository);
  const hasFooter = actionSlot != null || tag.action != null || pipelineFix;
  return (
    <article
      aria-label={`Tag ${tag.name}`}
      data-status={tag.status}
      className="overflow-hidden rounded-md border border-line bg-canvas shadow-card"
    >
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 pt-3">
        <div className="min-w-0 space-y-1">
          <h3 className="flex min-w-0 items-center gap-2 text-base font-semibold leading-6">
            <TagIcon size={16} aria-hidden className="shrink-0 text-fg-muted" />
            <a href={tagUrl} {...NEW_TAB} className={`break-all ${LINK_CLASSES}`}>
              {tag.name}
            </a>
          </h3>
          <TagMeta tag={tag} />
        </div>
        <StatusPill status={tag.status} />
      </div>

      {tag.findings.length > 0 ? <Findings findings={tag.findings} /> : null}

      <dl className="grid gap-x-6 gap-y-3 px-4 py-3 text-sm sm:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.4fr)]">
        <Field label="Release">
          <ReleaseDetail release={tag.release} />
        </Field>
        <Field label="Assets">
          <AssetsDetail tag={tag} />
        </Field>
        <Field label="Release runs" className="sm:col-span-2 lg:col-span-1">
          <RunList runs={tag.runs} workflowFile={tag.releaseWorkflow?.file ?? null} />
        </Field>
      </dl>

      {hasFooter ? (
        <div className="border-t border-line bg-canvas-subtle px-4 py-3">
          {actionSlot ?? <DefaultAction tag={tag} repoUrl={repoUrl} />}
          {pipelineFix ? (
            <div className="mt-3 border-t border-line pt-3">
              <PipelineFixSlot tag={tag} repository={repository} />
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function TagMeta({ tag }: { tag: TagJson }) {
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted">
      <time dateTime={tag.date} title={formatMinuteUtc(tag.date)}>
        {formatDay(tag.date)}
      </time>
      {tag.pushedBy ? (
        <span className="inline-flex items-center gap-1">
          by <span className="font-semibold text-fg">{tag.pushedBy}</span>
          {isBot(tag.pushedBy) ? <Label>bot</Label> : null}
        </span>
      ) : null}
      <span>{tag.annotated ? "annotated" : "lightweight"}</span>
      <a
        href={tag.commitUrl}
        {...NEW_TAB}
        className={`inline-flex items-center gap-1 font-mono ${LINK_CLASSES}`}
      >
        <GitCommitIcon size={14} aria-hidden />
        <span className="sr-only">commit </span>
        {shortSha(tag.commit)}
      </a>
    </p>
  );
}

function Field({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`min-w-0 space-y-1 ${className}`}>
      <dt className="text-xs font-semibold text-fg-muted">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function DefaultAction({ tag, repoUrl }: { tag: TagJson; repoUrl: string }) {
  const action = tag.action;
  if (!action) return null;
  return (
    <Suspense fallback={null}>
      <TagActionCommand
        tag={tag.name}
        action={action}
        repositoryUrl={repoUrl}
        heading={
          <p className="flex items-center gap-1.5 text-xs font-semibold text-fg-muted">
            <TerminalIcon size={14} aria-hidden />
            {action.kind === "dispatch" ? "Re-dispatch from a terminal" : "Re-run from a terminal"}
          </p>
        }
      />
    </Suspense>
  );
}
