import { InboxIcon } from "./icons/inbox-icon";
import type { Icon } from "./icons/octicon";

type Props = {
  title: string;
  message?: React.ReactNode;
  icon?: Icon;
  /** The page's own heading level: h1 when the empty state is the whole page. */
  headingLevel?: "h1" | "h2" | "h3";
  /** Links, buttons or details under the message. */
  children?: React.ReactNode;
};

/** A quiet, centred "nothing here" box, as GitHub's blankslate. */
export function EmptyState({
  title,
  message,
  icon: StateIcon = InboxIcon,
  headingLevel = "h2",
  children,
}: Props) {
  const Heading = headingLevel;
  return (
    <div className="rounded-md border border-line px-6 py-10 text-center sm:px-10">
      <StateIcon size={24} aria-hidden className="mx-auto text-fg-muted" />
      <Heading className="mt-3 text-lg font-semibold">{title}</Heading>
      {message ? (
        <div className="mx-auto mt-1 max-w-xl text-sm text-fg-muted">{message}</div>
      ) : null}
      {children ? <div className="mx-auto mt-4 max-w-xl text-sm">{children}</div> : null}
    </div>
  );
}
