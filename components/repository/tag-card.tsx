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
import { commitLink, type PageHealth, type PageTag } from "@/lib/repository/json";
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

/** What a card needs of its repository: links, and who may write (for the pipeline fix). */
export type TagRepository = Pick<PageHealth, "url"> &
  Partial<Pick<PageHealth, "repository" | "viewerPermission" | "isArchived">>;

export type TagCardProps = {
  tag: PageTag;
  repository: TagRepository;
  /** Replaces the default terminal command, e.g. with the client component holding the real buttons. */
  actionSlot?: React.ReactNode;
};

/** One tag, as a card: what it is, what ran, what was released, what is wrong and how to fix it. */
export function TagCard({ tag, repository, actionSlot }: TagCardProps) {
  return (
    <article aria-label={`Tag ${tag.name}`} data-status={tag.status} className="card">
      <div className="card-head">
        <div className="min-w-0 space-y-1">
          <h3 className="card-title">
            <TagIcon size={16} aria-hidden className="text-fg-muted" />
            <a
              href={tagPageUrl(tag, repository.url)}
              {...NEW_TAB}
              className={`break-all ${LINK_CLASSES}`}
            >
              {tag.name}
            </a>
          </h3>
          <TagMeta tag={tag} repositoryUrl={repository.url} />
        </div>
        <StatusPill status={tag.status} />
      </div>
      <TagDetail tag={tag} repository={repository} actionSlot={actionSlot} />
    </article>
  );
}

/** A tag's page on GitHub: its release when it has one, else its tree. */
export function tagPageUrl(tag: PageTag, repositoryUrl: string): string {
  const encodedName = encodeURIComponent(tag.name);
  return tag.release
    ? `${repositoryUrl}/releases/tag/${encodedName}`
    : `${repositoryUrl}/tree/${encodedName}`;
}

/** The element id of a tag's detail, for the disclosure (`aria-controls`) that shows it. */
export function tagDetailId(name: string): string {
  return `tag-detail-${name.replace(/[^\w-]/g, "_")}`;
}

/** A card below its head: findings, release, assets, runs, and the actions that would fix it. */
export function TagDetail({ tag, repository, actionSlot }: TagCardProps) {
  const repositoryUrl = repository.url;
  const pipelineFix = pipelineFixProps(tag, repository);
  const hasFooter = actionSlot != null || tag.action != null || pipelineFix;
  return (
    <>
      {tag.findings.length > 0 ? <Findings findings={tag.findings} /> : null}

      <dl className="card-fields">
        <Field label="Release">
          <ReleaseDetail release={tag.release} repositoryUrl={repositoryUrl} />
        </Field>
        <Field label="Assets">
          <AssetsDetail tag={tag} />
        </Field>
        <Field label="Release runs" className="card-field-wide">
          <RunList runs={tag.runs} workflowFile={tag.releaseFile} repositoryUrl={repositoryUrl} />
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
    </>
  );
}

/** What "Fix the pipeline" / "Enable and re-dispatch" need, when the card offers one (writers only). */
function pipelineFixProps(tag: PageTag, repository: TagRepository) {
  const [owner, repo] = (repository.repository ?? "").split("/");
  const { pipelineFix: offer, releaseFile } = tag;
  if (!offer || !releaseFile || !owner || !repo || !mayWrite(repository)) return null;
  return { offer, owner, repo, tag: tag.name, releaseFile };
}

/** Who pushed a tag, when, how, and its commit. */
export function TagMeta({ tag, repositoryUrl }: { tag: PageTag; repositoryUrl: string }) {
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
        href={commitLink(repositoryUrl, tag.commit)}
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
