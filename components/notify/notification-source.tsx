import { buttonClasses, TEXT_LINK_CLASSES } from "@/components/ui/button";
import { InfoIcon } from "@/components/ui/icons/info-icon";
import type { NotificationSource } from "@/lib/notify/source";

type Props = { owner: string; source: NotificationSource };

/** Where notifications come from: watch mode's App. Says so when it does not watch the owner. */
export function NotificationSourceNote({ owner, source }: Props) {
  if (source.kind === "installed") return null;
  const message =
    source.kind === "off" ? (
      <>
        Notifications come from watch mode, and watch mode is not set up on this tagwatch: nothing
        is posted until it is.{" "}
        <a href="/setup" className={TEXT_LINK_CLASSES}>
          Set up watch mode
        </a>
      </>
    ) : source.kind === "not-installed" ? (
      `Notifications come from watch mode, and the tagwatch App is not installed on ${owner}: nothing is posted about its repositories until it is.`
    ) : (
      "tagwatch could not tell whether the tagwatch App watches these repositories (GitHub did not answer)."
    );
  return (
    <section
      aria-label="Watch mode"
      className="flex flex-wrap items-center gap-3 rounded-md border border-attention-line bg-attention-subtle px-4 py-2 text-sm"
    >
      <InfoIcon size={16} aria-hidden className="shrink-0 text-attention" />
      <p className="min-w-0 flex-1">{message}</p>
      {source.kind === "not-installed" && source.installUrl ? (
        <a href={source.installUrl} className={buttonClasses("default", "small")}>
          Install the tagwatch App
        </a>
      ) : null}
    </section>
  );
}
