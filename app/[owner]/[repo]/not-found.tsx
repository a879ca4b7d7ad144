import { NotFoundPage } from "@/components/site/not-found-page";

export default function RepositoryNotFound() {
  return (
    <NotFoundPage
      title="Repository not found"
      message="Either it does not exist, the name is not one GitHub allows, or your GitHub account cannot see it. For an organisation's private repositories, check that the organisation has granted tagwatch access."
      homeLabel="Back to your repositories"
    />
  );
}
