import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState title="Page not found" message="There is nothing at this address.">
      <a href="/" className="text-accent underline underline-offset-2">
        Go to tagwatch's home
      </a>
    </EmptyState>
  );
}
