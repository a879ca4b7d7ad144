import { Suspense } from "react";
import { PipelineFixSlot } from "@/components/pipeline-fix/pipeline-fix-slot";
import { LINK_CLASSES, NEW_TAB } from "@/components/ui/button";
import { formatDay, formatMinuteUtc, isBot, shortSha } from "@/components/ui/format";
import { GitCommitIcon } from "@/components/ui/icons/git-commit-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import { TerminalIcon } from "@/components/ui/icons/terminal-icon";
import { Label } from "@/components/ui/label";
import { lazyNamed } from "@/components/ui/lazy";
import { StatusPill } from "@/components/ui/status-pill";
import { pipelineFixOffer } from "@/lib/pipeline-fix/offer";
import { type PageHealth, type PageTag, repositoryLink } from "@/lib/repository/json";
import { mayWrite } from "@/lib/tag-actions/access";
import { Findings } from "./findings";
import { AssetsDetail, ReleaseDetail } from "./release";
import { RunList } from "./runs";

// The terminal command and YAML stand in for the real buttons only where none are given (the live
// page always gives them): loaded on demand, not with every page.
const TagActionCommand = lazyNamed(
  () => import("@/components/tag-actions/tag-action-command"),
  "TagActionCommand",
);

type Repository = Pick<PageHealth, "url"> &
  Partial<Pick<PageHealth, "repository" | "viewerPermission" | "isArchived">>;

type Props = {
  tag: PageTag;
  repository: Repository;
  /** Replaces the default terminal command, e.g. with the client component holding the real buttons. */
  actionSlot?: React.ReactNode;
};

/** One tag, as a card: what it is, what ran, what was released, what is wrong and how to fix it. */
export function TagCard({ tag, repository, actionSlot }: Props) {
  const repositoryUrl = repository.url;
  const encodedName = encodeURIComponent(tag.name);
  const tagUrl = tag.release
    ? `${repositoryUrl}/releases/tag/${encodedName}`
    : `${repositoryUrl}/tree/${encodedName}`;
  const pipelineFix = pipelineFixProps(tag, repository);
  const hasFooter = actionSlot != null || tag.action != null || pipelineFix;
  return (
    <article aria-label={`Tag ${tag.name}`} data-status={tag.status} className="card">
      <div className="card-head">
        <div className="min-w-0 space-y-1">
          <h3 className="card-title">
            <TagIcon size={16} aria-hidden className="text-fg-muted" />
            <a href={tagUrl} {...NEW_TAB} className={`break-all ${LINK_CLASSES}`}>
              {tag.name}
            </a>
          </h3>
          <TagMeta tag={tag} repositoryUrl={repositoryUrl} />
        </div>
        <StatusPill status={tag.status} />
      </div>

      {tag.findings.length > 0 ? <Findings findings={tag.findings} /> : null}

      <dl className="card-fields">
        <Field label="Release">
          <ReleaseDetail release={tag.release} repositoryUrl={repositoryUrl} />
        </Field>
        <Field label="Assets">
          <AssetsDetail tag={tag} />
        </Field>
        <Field label="Release runs" className="card-field-wide">
          <RunList
            runs={tag.runs}
            workflowFile={tag.releaseWorkflow?.file ?? null}
            repositoryUrl={repositoryUrl}
          />
        </Field>
      </dl>

      {hasFooter ? (
        <div className="card-foot">
          {actionSlot ?? <DefaultAction tag={tag} repositoryUrl={repositoryUrl} />}
          {pipelineFix ? (
            <div className="mt-3 border-t border-line pt-3">
              <PipelineFixSlot {...pipelineFix} />
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** What "Fix the pipeline" / "Enable and re-dispatch" need, when the card offers one (writers only). */
function pipelineFixProps(tag: PageTag, repository: Repository) {
  const offer = pipelineFixOffer(tag);
  const [owner, repo] = (repository.repository ?? "").split("/");
  if (!offer || !tag.releaseWorkflow || !owner || !repo || !mayWrite(repository)) return null;
  return { offer, owner, repo, tag: tag.name, releaseFile: tag.releaseWorkflow.file };
}

function TagMeta({ tag, repositoryUrl }: { tag: PageTag; repositoryUrl: string }) {
  return (
    <p className="card-meta">
      <time dateTime={tag.date} title={formatMinuteUtc(tag.date)}>
        {formatDay(tag.date)}
      </time>
      {tag.pushedBy ? (
        <span className="meta-item">
          by <span className="font-semibold text-fg">{tag.pushedBy}</span>
          {isBot(tag.pushedBy) ? <Label>bot</Label> : null}
        </span>
      ) : null}
      <span>{tag.annotated ? "annotated" : "lightweight"}</span>
      <a
        href={repositoryLink(repositoryUrl, tag.commitUrl)}
        {...NEW_TAB}
        className={`meta-item font-mono ${LINK_CLASSES}`}
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
    <div className={className ? `card-field ${className}` : "card-field"}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function DefaultAction({ tag, repositoryUrl }: { tag: PageTag; repositoryUrl: string }) {
  const action = tag.action;
  if (!action) return null;
  return (
    <Suspense fallback={null}>
      <TagActionCommand
        tag={tag.name}
        action={action}
        repositoryUrl={repositoryUrl}
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
