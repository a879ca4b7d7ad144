import { NotFoundPage } from "@/components/site/not-found-page";

export default function OwnerNotFound() {
  return (
    <NotFoundPage
      title="Owner not found"
      message="There is no GitHub user or organisation by that name, or the name is not one GitHub allows."
      homeLabel="Back to your repositories"
    />
  );
}
