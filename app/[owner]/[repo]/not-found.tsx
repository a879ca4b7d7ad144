import { EmptyState } from "@/components/ui/empty-state";

export default function RepositoryNotFound() {
  return (
    <EmptyState
      title="Repository not found"
      message="Either it does not exist, the name is not one GitHub allows, or your GitHub account cannot see it. For an organisation's private repositories, check that the organisation has granted tagwatch access."
    >
      <a href="/" className="text-accent underline underline-offset-2">
        Back to your repositories
      </a>
    </EmptyState>
  );
}
