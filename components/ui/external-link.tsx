import { LINK_CLASSES, NEW_TAB } from "./button";
import { LinkExternalIcon } from "./icons/link-external-icon";

type Props = {
  href: string;
  /** Layout classes beside the link's own look (e.g. "run-link", "meta-item"). */
  className: string;
  /** Said to screen readers after the visible words: what the link opens, where. */
  srText?: string;
  children: React.ReactNode;
};

/** A link to a page on GitHub: a new tab, the external-link icon after its words. */
export function ExternalLink({ href, className, srText, children }: Props) {
  return (
    <a href={href} {...NEW_TAB} className={`${className} ${LINK_CLASSES}`}>
      {children}
      {srText ? <span className="sr-only">{srText}</span> : null}
      <LinkExternalIcon size={12} aria-hidden />
    </a>
  );
}
