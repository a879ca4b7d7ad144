import { Suspense } from "react";
import { hasPipelineFix, PipelineFixSlot } from "@/components/pipeline-fix/pipeline-fix-slot";
import { LINK_CLASSES } from "@/components/ui/button";
import { formatDay, formatMinuteUtc, isBot, shortSha } from "@/components/ui/format";
import { AlertIcon } from "@/components/ui/icons/alert-icon";
import { CheckCircleFillIcon } from "@/components/ui/icons/check-circle-fill-icon";
import { DotFillIcon } from "@/components/ui/icons/dot-fill-icon";
import { GitCommitIcon } from "@/components/ui/icons/git-commit-icon";
import { InfoIcon } from "@/components/ui/icons/info-icon";
import { LinkExternalIcon } from "@/components/ui/icons/link-external-icon";
import type { Icon } from "@/components/ui/icons/octicon";
import { PackageIcon } from "@/components/ui/icons/package-icon";
import { SkipIcon } from "@/components/ui/icons/skip-icon";
import { StopIcon } from "@/components/ui/icons/stop-icon";
import { TagIcon } from "@/components/ui/icons/tag-icon";
import { TerminalIcon } from "@/components/ui/icons/terminal-icon";
import { XCircleFillIcon } from "@/components/ui/icons/xcircle-fill-icon";
import { Label } from "@/components/ui/label";
import { lazyNamed } from "@/components/ui/lazy";
import { LinkedText } from "@/components/ui/linked-text";
import { StatusPill } from "@/components/ui/status-pill";
import { STATUS_TONES, TONES, type Tone } from "@/components/ui/tone";
import type { HealthJson, ReleaseJson, RunJson, TagJson } from "@/lib/health/json";
import type { Finding, TagStatus } from "@/lib/health/types";

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

const EXTERNAL = { target: "_blank", rel: "noreferrer" } as const;

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
            <a href={tagUrl} {...EXTERNAL} className={`break-all ${LINK_CLASSES}`}>
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
          <ReleaseCell release={tag.release} />
        </Field>
        <Field label="Assets">
          <AssetsCell tag={tag} />
        </Field>
        <Field label="Release runs" className="sm:col-span-2 lg:col-span-1">
          <RunsCell runs={tag.runs} workflowFile={tag.releaseWorkflow?.file ?? null} />
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
        {...EXTERNAL}
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

const FINDING_TONES: Record<Exclude<Finding["code"], TagStatus>, Tone> = {
  prerelease: "muted",
};

function findingTone(code: Finding["code"]): Tone {
  return code in FINDING_TONES
    ? FINDING_TONES[code as keyof typeof FINDING_TONES]
    : STATUS_TONES[code as TagStatus];
}

function Findings({ findings }: { findings: Finding[] }) {
  return (
    <ul className="mx-4 mt-3 space-y-2" aria-label="Findings">
      {findings.map((finding, index) => {
        const tone = findingTone(finding.code);
        const FindingIcon: Icon =
          tone === "muted" ? InfoIcon : tone === "accent" ? DotFillIcon : AlertIcon;
        return (
          <li
            key={`${finding.code}-${index}`}
            className={`flex gap-2 rounded-md border border-l-4 border-y-line border-r-line bg-canvas-subtle px-3 py-2 text-sm ${TONES[tone].edge}`}
          >
            <FindingIcon size={16} aria-hidden className={`mt-0.5 shrink-0 ${TONES[tone].text}`} />
            <div className="min-w-0 space-y-0.5 break-words">
              <p className="font-semibold">
                <LinkedText text={finding.message} />
              </p>
              <p className="text-fg-muted">
                <LinkedText text={finding.hint} />
              </p>
              {finding.links && finding.links.length > 0 ? (
                <ul className="flex flex-wrap gap-x-3 gap-y-0.5 pt-0.5" aria-label="Links">
                  {finding.links.map((link) => (
                    <li key={link.url}>
                      <a
                        href={link.url}
                        {...EXTERNAL}
                        className={`inline-flex items-center gap-1 ${LINK_CLASSES}`}
                      >
                        {link.label}
                        <LinkExternalIcon size={12} aria-hidden />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function ReleaseCell({ release }: { release: ReleaseJson | null }) {
  if (!release) return <span className="text-fg-muted">No release</span>;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-1.5">
        <PackageIcon size={16} aria-hidden className="shrink-0 text-fg-muted" />
        <a href={release.url} {...EXTERNAL} className={`break-all font-semibold ${LINK_CLASSES}`}>
          {release.name}
        </a>
        {release.draft ? <Label tone="attention">Draft</Label> : null}
        {release.prerelease ? <Label tone="severe">Pre-release</Label> : null}
      </div>
      {release.publishedAt || release.author ? (
        <p className="text-xs text-fg-muted">
          {release.publishedAt ? (
            <>
              published{" "}
              <time dateTime={release.publishedAt} title={formatMinuteUtc(release.publishedAt)}>
                {formatDay(release.publishedAt)}
              </time>{" "}
            </>
          ) : (
            "not published "
          )}
          {release.author ? (
            <>
              by <span className="font-semibold">{release.author}</span>
              {isBot(release.author) ? (
                <>
                  {" "}
                  <Label>bot</Label>
                </>
              ) : null}
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

function AssetsCell({ tag }: { tag: TagJson }) {
  const expected = tag.expectedAssets;
  const missing = tag.missingAssets;
  if (expected) {
    const present = expected.length - missing.length;
    return (
      <div className="space-y-1">
        <p className={missing.length > 0 ? "font-semibold text-severe" : undefined}>
          {present} of {expected.length} {expected.length === 1 ? "asset" : "assets"}
        </p>
        {missing.length > 0 ? (
          <div className="text-xs">
            <p className="text-fg-muted">Missing:</p>
            <ul className="mt-0.5 space-y-0.5 font-mono">
              {missing.map((name) => (
                <li key={name} className="break-all">
                  {name}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    );
  }
  if (tag.release) {
    const count = tag.release.assets.length;
    return (
      <p>
        {count} {count === 1 ? "asset" : "assets"}{" "}
        <span className="text-xs text-fg-muted">(nothing to compare with)</span>
      </p>
    );
  }
  return <span className="text-fg-muted">—</span>;
}

export type RunLook = { icon: Icon; tone: Tone; label: string; pulse?: boolean };

/** How a run is shown: its icon, colour and a short label. */
export function runLook(run: RunJson): RunLook {
  if (run.status !== "completed") {
    return {
      icon: DotFillIcon,
      tone: "attention",
      label: run.status.replaceAll("_", " "),
      pulse: true,
    };
  }
  switch (run.conclusion) {
    case "success":
      return { icon: CheckCircleFillIcon, tone: "success", label: "success" };
    case "failure":
    case "timed_out":
    case "startup_failure":
      return {
        icon: XCircleFillIcon,
        tone: "danger",
        label: run.conclusion.replaceAll("_", " "),
      };
    case "action_required":
      return { icon: AlertIcon, tone: "attention", label: "action required" };
    case "cancelled":
      return { icon: StopIcon, tone: "muted", label: "cancelled" };
    default:
      return {
        icon: SkipIcon,
        tone: "muted",
        label: run.conclusion?.replaceAll("_", " ") ?? "completed",
      };
  }
}

function RunsCell({ runs, workflowFile }: { runs: RunJson[]; workflowFile: string | null }) {
  if (runs.length === 0) {
    return (
      <span className="text-fg-muted">
        {workflowFile ? (
          <>
            No run of <span className="font-mono">{workflowFile}</span>
          </>
        ) : (
          "No release run"
        )}
      </span>
    );
  }
  return (
    <ul className="space-y-1.5">
      {runs.map((run) => {
        const look = runLook(run);
        const RunIcon = look.icon;
        return (
          <li key={run.id} className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
            <RunIcon
              size={16}
              aria-hidden
              className={`shrink-0 ${TONES[look.tone].text} ${look.pulse ? "motion-safe:animate-pulse" : ""}`}
            />
            <span className="min-w-0 truncate font-semibold" title={run.workflowPath}>
              {run.workflow}
            </span>
            <Label>{run.event}</Label>
            <span className={`text-xs ${TONES[look.tone].text}`}>{look.label}</span>
            <a
              href={run.url}
              {...EXTERNAL}
              className={`ml-auto inline-flex items-center gap-1 text-xs ${LINK_CLASSES}`}
            >
              View run
              <span className="sr-only"> of {run.workflow} on GitHub (opens in a new tab)</span>
              <LinkExternalIcon size={12} aria-hidden />
            </a>
          </li>
        );
      })}
    </ul>
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
