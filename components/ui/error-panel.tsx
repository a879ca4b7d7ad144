import type { AppError } from "@/lib/errors";
import { buttonClasses } from "./button";
import { AlertIcon } from "./icons/alert-icon";

type Props = {
  title: string;
  message: React.ReactNode;
  /** A way out: a link (server or client) ... */
  action?: { label: string; href: string };
  /** ... or a retry button; only from client components (e.g. `reset` in error.tsx). */
  onRetry?: () => void;
  retryLabel?: string;
};

/** A red flash that says what went wrong and what to do; announced as an alert. */
export function ErrorPanel({ title, message, action, onRetry, retryLabel = "Try again" }: Props) {
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-md border border-danger-line bg-danger-subtle px-4 py-3 text-sm"
    >
      <AlertIcon size={16} aria-hidden className="mt-0.5 shrink-0 text-danger" />
      <div className="min-w-0 flex-1 space-y-1">
        <h2 className="font-semibold">{title}</h2>
        <div className="break-words">{message}</div>
        {action || onRetry ? (
          <div className="flex flex-wrap gap-2 pt-2">
            {onRetry ? (
              <button type="button" onClick={onRetry} className={buttonClasses("default", "small")}>
                {retryLabel}
              </button>
            ) : null}
            {action ? (
              <a href={action.href} className={buttonClasses("default", "small")}>
                {action.label}
              </a>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** A page's explanation of an AppError from GitHub, with a link that tries again. */
export function AppErrorPanel({
  error,
  retryHref,
  unavailableTitle = "GitHub could not be reached",
}: {
  error: AppError;
  retryHref: string;
  /** The title for everything but a used-up rate limit. */
  unavailableTitle?: string;
}) {
  return (
    <ErrorPanel
      title={error.code === "rate-limited" ? "GitHub's rate limit is used up" : unavailableTitle}
      message={error.message}
      action={{ label: "Try again", href: retryHref }}
    />
  );
}
