import { EmptyState } from "@/components/ui/empty-state";

/** A not-found page: what is missing, why that may be, and the way back to the home page. */
export function NotFoundPage({
  title,
  message,
  homeLabel,
}: {
  title: string;
  message: string;
  homeLabel: string;
}) {
  return (
    <EmptyState title={title} headingLevel="h1" message={message}>
      <a href="/" className="text-accent underline underline-offset-2">
        {homeLabel}
      </a>
    </EmptyState>
  );
}
