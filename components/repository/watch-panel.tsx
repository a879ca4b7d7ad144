import { buttonClasses, LINK_CLASSES } from "@/components/ui/button";
import { formatMinuteUtc } from "@/components/ui/format";
import { InfoIcon } from "@/components/ui/icons/info-icon";
import { SyncIcon } from "@/components/ui/icons/sync-icon";
import type { RepositoryWatch } from "@/lib/watch/status";

type Props = { watch: RepositoryWatch };

/** One line on the repository page: whether the tagwatch App watches it, and what it did. */
export function WatchPanel({ watch }: Props) {
  if (watch.kind === "off") return null;
  if (watch.kind === "not-installed") {
    return (
      <section
        aria-label="Watch mode"
        className="flex flex-wrap items-center gap-3 rounded-md border border-line px-4 py-2 text-sm"
      >
        <InfoIcon size={16} aria-hidden className="shrink-0 text-fg-muted" />
        <p className="min-w-0 flex-1">
          The tagwatch App does not watch this repository: nobody is told when a tag does not ship.
        </p>
        {watch.installUrl ? (
          <a href={watch.installUrl} className={buttonClasses("default", "small")}>
            Install the tagwatch App
          </a>
        ) : null}
      </section>
    );
  }
  const status = watch.status;
  const dispatched = Object.entries(status?.dispatched ?? {});
  return (
    <section
      aria-label="Watch mode"
      className="space-y-1 rounded-md border border-line px-4 py-2 text-sm"
    >
      <p className="flex flex-wrap items-center gap-2">
        <SyncIcon size={16} aria-hidden className="shrink-0 text-success" />
        <span>Watched by the tagwatch App</span>
        {status?.issue ? (
          <a href={status.issue.url} className={LINK_CLASSES}>
            tracking issue #{status.issue.number}
          </a>
        ) : status ? (
          <span className="text-fg-muted">no open tracking issue</span>
        ) : null}
        {status ? (
          <span className="text-fg-muted">· checked {formatMinuteUtc(status.checkedAt)}</span>
        ) : null}
      </p>
      {dispatched.length > 0 ? (
        <ul className="list-inside list-disc text-fg-muted">
          {dispatched.map(([tag, record]) => (
            <li key={tag}>
              {record.error
                ? `tagwatch tried to dispatch ${record.workflow} on ${tag} at ${formatMinuteUtc(record.at)}: ${record.error}`
                : `tagwatch dispatched ${record.workflow} on ${tag} at ${formatMinuteUtc(record.at)}`}
              {record.runUrl ? (
                <>
                  {" "}
                  <a href={record.runUrl} className={LINK_CLASSES}>
                    run
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
