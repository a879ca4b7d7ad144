import { EmptyState } from "@/components/ui/empty-state";

export default function OwnerNotFound() {
  return (
    <EmptyState
      title="Owner not found"
      headingLevel="h1"
      message="There is no GitHub user or organisation by that name, or the name is not one GitHub allows."
    >
      <a href="/" className="text-accent underline underline-offset-2">
        Back to your repositories
      </a>
    </EmptyState>
  );
}
